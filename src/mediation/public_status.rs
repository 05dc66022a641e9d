//! The public status of a mediation case: what its receipt code opens on
//! the tracking page and what the applicant sees on "我的". Public facts
//! only (state, next step, dates, the state changes): never parties'
//! details, records or internal notes. The tracking page and the resident's
//! page read this one view, so they cannot show different things.

use serde::Serialize;
use std::borrow::Borrow;

use crate::dates::{date, datetime};
use crate::db::cases::{self, Case};
use crate::db::dispute_types::DisputeTypes;
use crate::db::{DbConn, case_events};
use crate::domain::mediation::{DisputeType, PartyRole};
use crate::domain::mediation_intake::ACCEPT_WORKING_DAYS;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::resolution::deadline::nth_working_day_after;
use crate::i18n::Lang;

/// How many of an applicant's own cases "我的" lists.
const MY_CASES: i64 = 50;

#[derive(Debug, Clone, Serialize)]
pub struct CaseStatus {
    /// The case's id: "我的" links `/me/cases/{id}` with it.
    pub id: String,
    /// Empty until the case is accepted and numbered.
    pub case_number: String,
    pub dispute_type: DisputeType,
    /// The type's label in Chinese and English, as admins name it now.
    pub type_names: (String, String),
    pub state: CaseState,
    /// The catalogue key of "what happens next" in this state.
    pub next_key: String,
    pub submitted_on: String,
    /// Empty until accepted.
    pub accepted_on: String,
    /// Empty while there is no deadline.
    pub deadline_on: String,
    /// Only the tracking page loads the history; "我的" leaves it empty.
    pub steps: Vec<CaseStep>,
    /// Where the dispute was referred (issue 16): the organisation's public
    /// contact and the outcome. Only the tracking page loads it.
    pub referral: Option<crate::resolution::views::PublicReferral>,
    /// What was sent, echoed on the receipt and the tracking page (issue
    /// 14 item 3); only those pages load it ([`with_sent`]).
    pub sent: Option<SentFacts>,
}

/// What the applicant sent and when to expect an answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SentFacts {
    /// The compound, else the community, the dispute is about.
    pub place: String,
    pub respondents: usize,
    /// The first words of the summary, so several codes can be told apart.
    pub excerpt: String,
    /// While the case waits for acceptance: the last day of the committee's
    /// decision; empty afterwards.
    pub answer_by: String,
}

/// The summary's first characters shown on the tracking page.
const EXCERPT_CHARS: usize = 40;

fn excerpt(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Adds what was sent and the acceptance deadline to `status`.
pub fn with_sent(conn: &mut DbConn, case: &Case, status: &mut CaseStatus) -> diesel::QueryResult<()> {
    let place_id = case.compound_id.as_ref().or(case.community_id.as_ref());
    let place = match place_id {
        Some(id) => crate::db::places::find(conn, id)?.map(|p| p.name).unwrap_or_default(),
        None => String::new(),
    };
    let respondents = crate::db::case_parties::for_case(conn, &case.id)?
        .iter()
        .filter(|p| p.party_role == PartyRole::Respondent)
        .count();
    let answer_by = match case.state() {
        CaseState::Registered => {
            let calendar = crate::db::holidays::calendar(conn)?;
            let last = nth_working_day_after(crate::dates::china_day(case.created_at), ACCEPT_WORKING_DAYS, &calendar);
            crate::dates::day_text(last)
        }
        _ => String::new(),
    };
    status.sent = Some(SentFacts {
        place,
        respondents,
        excerpt: excerpt(&case.summary),
        answer_by,
    });
    Ok(())
}

/// One state the case entered, and when.
#[derive(Debug, Clone, Serialize)]
pub struct CaseStep {
    pub at: String,
    pub state: CaseState,
}

impl CaseStatus {
    /// The public facts of one case row; `steps` come separately.
    pub fn of(case: &Case, steps: Vec<CaseStep>, types: &DisputeTypes) -> Self {
        let state = case.state();
        CaseStatus {
            id: case.id.clone(),
            case_number: case.case_number.clone().unwrap_or_default(),
            dispute_type: case.dispute_type,
            type_names: (
                types.case_label(Lang::Zh, case.dispute_type, case.local_type.as_deref()),
                types.case_label(Lang::En, case.dispute_type, case.local_type.as_deref()),
            ),
            state,
            next_key: next_key(state),
            submitted_on: date(case.created_at),
            accepted_on: case.accepted_at.map(date).unwrap_or_default(),
            deadline_on: case.deadline_text(),
            steps,
            referral: None,
            sent: None,
        }
    }

    /// The dispute type's label in the reader's language.
    pub fn type_label(&self, lang: impl Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.type_names.1,
            Lang::Zh => &self.type_names.0,
        }
    }
}

/// The catalogue key of the next-step sentence of a state.
pub fn next_key(state: CaseState) -> String {
    format!("case.next.{}", state.code().to_lowercase())
}

/// The case a receipt code (already hashed) opens, with its history.
pub fn by_receipt(conn: &mut DbConn, receipt_hash: &str) -> diesel::QueryResult<Option<CaseStatus>> {
    match cases::find_by_receipt(conn, receipt_hash)? {
        Some(case) => Ok(Some(full_status(conn, &case)?)),
        None => Ok(None),
    }
}

/// The tracking page's view of a case: history, referral, what was sent.
fn full_status(conn: &mut DbConn, case: &Case) -> diesel::QueryResult<CaseStatus> {
    let steps = case_events::for_case(conn, &case.id)?
        .into_iter()
        .filter_map(|e| {
            e.to_state.map(|state| CaseStep {
                at: datetime(e.at),
                state,
            })
        })
        .collect();
    let mut status = CaseStatus::of(case, steps, &DisputeTypes::load(conn)?);
    status.referral = crate::resolution::views::public_for_case(conn, &case.id)?;
    with_sent(conn, case, &mut status)?;
    Ok(status)
}

/// One of the applicant's own cases with its history, for "我的"; None
/// when the case is not theirs.
pub fn for_applicant_case(conn: &mut DbConn, case_id: &str, user_id: &str) -> diesel::QueryResult<Option<CaseStatus>> {
    let Some(case) = cases::find(conn, case_id)? else {
        return Ok(None);
    };
    if case.applicant_user_id.as_deref() != Some(user_id) {
        return Ok(None);
    }
    full_status(conn, &case).map(Some)
}

/// The applicant's own cases, newest first, without their histories.
pub fn for_applicant(conn: &mut DbConn, user_id: &str) -> diesel::QueryResult<Vec<CaseStatus>> {
    let types = DisputeTypes::load(conn)?;
    Ok(cases::for_applicant(conn, user_id, MY_CASES)?
        .iter()
        .map(|case| CaseStatus::of(case, Vec::new(), &types))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::has_key;

    #[test]
    fn every_state_has_a_next_step_sentence() {
        for state in CaseState::all() {
            let key = next_key(state);
            assert!(has_key(Lang::Zh, &key) && has_key(Lang::En, &key), "{key} missing");
        }
    }
}
