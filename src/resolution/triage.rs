//! What the triage form shows: the rule table's suggestions for a case and,
//! under each, the active organisations of that channel that take the
//! dispute's type.

use crate::db::cases::Case;
use crate::db::resolution_orgs::{self, ResolutionOrg};
use crate::db::{DbConn, case_parties, triage_rules};
use crate::domain::resolution::triage::{self, PartyKind, Suggestion, TriageCase};

/// A suggestion with the organisations that can take it.
pub struct SuggestedChannel {
    pub suggestion: Suggestion,
    pub orgs: Vec<ResolutionOrg>,
}

/// The facts triage reads from a case, with the amount staff entered.
pub fn triage_case(conn: &mut DbConn, case: &Case, amount: Option<i64>) -> diesel::QueryResult<TriageCase> {
    let mut party_kinds: Vec<PartyKind> = case_parties::for_case(conn, &case.id)?
        .iter()
        .filter_map(|p| PartyKind::parse(&p.kind))
        .collect();
    party_kinds.dedup();
    let mut place_ids = vec![case.street_id.clone()];
    place_ids.extend(case.community_id.clone());
    Ok(TriageCase {
        dispute_type: case.dispute_type,
        amount,
        place_ids,
        party_kinds,
    })
}

/// The suggestions for `case`, and every active organisation (for the
/// form's full list).
pub fn suggestions(
    conn: &mut DbConn,
    case: &Case,
    amount: Option<i64>,
) -> diesel::QueryResult<(Vec<SuggestedChannel>, Vec<ResolutionOrg>)> {
    let facts = triage_case(conn, case, amount)?;
    let rules = triage_rules::all(conn)?;
    let orgs = resolution_orgs::active(conn)?;
    let suggested = triage::suggest(&rules, &facts)
        .into_iter()
        .map(|suggestion| SuggestedChannel {
            orgs: orgs
                .iter()
                .filter(|o| o.channel == suggestion.channel && o.sector == suggestion.sector)
                .filter(|o| o.takes_type(case.dispute_type))
                .cloned()
                .collect(),
            suggestion,
        })
        .collect();
    Ok((suggested, orgs))
}
