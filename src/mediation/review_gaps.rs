//! What a case in review still lacks before the reviewer can sign it off,
//! and who acts next (issue 14 item 13). The facts are the ones the
//! transition itself checks (`transitions::guard_facts`), and the list
//! comes from the workflow's own guard (`mediation_workflow::missing`), so
//! the page cannot promise what the step would refuse.

use super::MediationError;
use super::access::Viewer;
use super::mentorship::team_for;
use super::transitions::{TransitionInput, guard_facts};
use crate::db::DbConn;
use crate::db::cases::Case;
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
