//! What a case in review still lacks before the reviewer can sign it off,
//! and who acts next (issue 14 item 13). The facts are the ones the
//! transition itself checks (`transitions::guard_facts`), and the list
//! comes from the workflow's own guard (`mediation_workflow::missing`), so
//! the page cannot promise what the step would refuse. A queue page reads
//! the files of all its rows at once (`guard_reads::FileReads::load_page`).

use std::collections::HashMap;

use super::MediationError;
use super::access::Viewer;
use super::guard_reads::{FileReads, facts_from};
use super::mentorship::{standing_team, team_for};
use super::transitions::{TransitionInput, guard_facts};
use crate::db::DbConn;
use crate::db::cases::Case;
use crate::db::users;
use crate::domain::mediation_workflow::{self as workflow, CaseState, Missing, NextActor};

pub struct ReviewGaps {
    /// The sign-off step the list is for (approve the agreement, close).
    pub step: Option<CaseState>,
    pub missing: Vec<Missing>,
    pub next: NextActor,
}

/// The sign-off step out of a review state; None elsewhere.
pub fn sign_off_step(state: CaseState) -> Option<CaseState> {
    match state {
        CaseState::AgreementReview => Some(CaseState::AgreementEffective),
        CaseState::ClosureReview => Some(CaseState::Closed),
        _ => None,
    }
}

/// The gaps of `case`'s sign-off and who acts next. Outside the reviews
/// nothing is read: who acts follows from the state alone.
pub fn for_case(conn: &mut DbConn, case: &Case, viewer: &Viewer) -> Result<ReviewGaps, MediationError> {
    let state = case.state();
    let Some(to) = sign_off_step(state) else {
        return Ok(ReviewGaps {
            step: None,
            missing: Vec::new(),
            next: workflow::next_actor(state, &[], case.mentor_id.is_some()),
        });
    };
    let input = TransitionInput {
        to: Some(to),
        ..Default::default()
    };
    let team = match team_for(conn, case, to, &input)? {
        Ok(team) => team,
        // A team that no longer holds (a disabled lead) is for the office to mend.
        Err(_) => {
            return Ok(ReviewGaps {
                step: Some(to),
                missing: Vec::new(),
                next: workflow::NextActor::Office,
            });
        }
    };
    let facts = guard_facts(conn, case, &input, &team, viewer, crate::db::now_ts())?;
    let missing = workflow::missing(state, to, &facts, team.lead_is_trainee);
    let next = workflow::next_actor(state, &missing, team.lead_is_trainee);
    Ok(ReviewGaps {
        step: Some(to),
        missing,
        next,
    })
}

/// Who acts next on each of `cases` (a page of the review queue), keyed
/// by case id, in a fixed number of queries for the page. The archive
/// list is not read: its gaps are the reviewer's own ticks in the step
/// form (`WhoActs::StepForm`), which never decide who acts next.
pub fn next_for_page(
    conn: &mut DbConn,
    cases: &[Case],
    viewer: &Viewer,
) -> Result<HashMap<String, NextActor>, MediationError> {
    let reviews: Vec<Case> = cases
        .iter()
        .filter(|c| sign_off_step(c.state()).is_some())
        .cloned()
        .collect();
    let people: Vec<String> = reviews
        .iter()
        .flat_map(|c| [c.lead_mediator_id.clone(), c.mentor_id.clone()])
        .flatten()
        .collect();
    let accounts: HashMap<String, users::User> = users::find_many(conn, &people)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let mut reads = FileReads::load_page(conn, &reviews)?;
    let now = crate::db::now_ts();
    let mut out = HashMap::new();
    for case in cases {
        let state = case.state();
        let next = match sign_off_step(state) {
            None => workflow::next_actor(state, &[], case.mentor_id.is_some()),
            Some(to) => {
                let account = |id: &Option<String>| id.as_ref().and_then(|id| accounts.get(id));
                match standing_team(case, account(&case.lead_mediator_id), account(&case.mentor_id)) {
                    // A team that no longer holds is for the office to mend.
                    Err(_) => NextActor::Office,
                    Ok(team) => {
                        let input = TransitionInput {
                            to: Some(to),
                            ..Default::default()
                        };
                        let file = reads.remove(&case.id).unwrap_or_default();
                        let facts = facts_from(case, &file, &input, &team, viewer, now);
                        let missing = workflow::missing(state, to, &facts, team.lead_is_trainee);
                        workflow::next_actor(state, &missing, team.lead_is_trainee)
                    }
                }
            }
        };
        out.insert(case.id.clone(), next);
    }
    Ok(out)
}
