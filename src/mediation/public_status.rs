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
use crate::domain::mediation::DisputeType;
use crate::domain::mediation_workflow::CaseState;
use crate::i18n::Lang;

/// How many of an applicant's own cases "我的" lists.
const MY_CASES: i64 = 50;

#[derive(Debug, Clone, Serialize)]
pub struct CaseStatus {
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
            case_number: case.case_number.clone().unwrap_or_default(),
            dispute_type: case.dispute_type,
            type_names: (
                types.label(Lang::Zh, case.dispute_type),
                types.label(Lang::En, case.dispute_type),
            ),
            state,
            next_key: next_key(state),
            submitted_on: date(case.created_at),
            accepted_on: case.accepted_at.map(date).unwrap_or_default(),
            deadline_on: case.deadline_text(),
            steps,
            referral: None,
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
    let Some(case) = cases::find_by_receipt(conn, receipt_hash)? else {
        return Ok(None);
    };
    let steps = case_events::for_case(conn, &case.id)?
        .into_iter()
        .filter_map(|e| {
            e.to_state.map(|state| CaseStep {
                at: datetime(e.at),
                state,
            })
        })
        .collect();
    let mut status = CaseStatus::of(&case, steps, &DisputeTypes::load(conn)?);
    status.referral = crate::resolution::views::public_for_case(conn, &case.id)?;
    Ok(Some(status))
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
