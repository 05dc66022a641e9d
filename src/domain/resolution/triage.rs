//! Triage (分流): which channels to suggest for a dispute. The rules are a
//! table (admins may edit the rows; the defaults are seeded), read in
//! order; every row whose conditions all hold adds its channel with its
//! reason, and a channel already suggested is not repeated. Staff choose
//! and record why: the suggestion never decides on its own.

pub mod draft;

use super::channel::{ChannelType, Sector};
use crate::domain::mediation::DisputeType;
use crate::domain::vocabulary::vocabulary;

vocabulary! {
    /// Who a party is, as `case_parties.kind` stores it.
    pub enum PartyKind: "party.kind." { Person = "person", Organisation = "organisation" }
}

/// One row of the rule table. A condition left empty holds for every dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageRule {
    pub position: i32,
    pub dispute_type: Option<DisputeType>,
    /// The amount band in whole yuan: `min <= amount < max`. A rule with a
    /// band needs a known amount; a dispute of unknown amount skips it.
    pub min_amount: Option<i64>,
    pub max_amount: Option<i64>,
    /// A street or community id: the dispute's place or street must be it.
    pub place_id: Option<String>,
    /// At least one party is of this kind (e.g. a bank as respondent).
    pub party_kind: Option<PartyKind>,
    pub channel: ChannelType,
    pub sector: Option<Sector>,
    pub reason_zh: String,
    pub reason_en: String,
}

/// What triage knows about a dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageCase {
    pub dispute_type: DisputeType,
    pub amount: Option<i64>,
    /// The street and (if known) community the dispute is in.
    pub place_ids: Vec<String>,
    pub party_kinds: Vec<PartyKind>,
}

/// A suggested channel and the rule's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub channel: ChannelType,
    pub sector: Option<Sector>,
    pub reason_zh: String,
    pub reason_en: String,
}

impl TriageRule {
    /// Every condition the row sets holds for `case`.
    pub fn matches(&self, case: &TriageCase) -> bool {
        self.dispute_type.is_none_or(|t| t == case.dispute_type)
            && self.amount_matches(case.amount)
            && self.place_id.as_ref().is_none_or(|p| case.place_ids.contains(p))
            && self.party_kind.is_none_or(|k| case.party_kinds.contains(&k))
    }

    fn amount_matches(&self, amount: Option<i64>) -> bool {
        if self.min_amount.is_none() && self.max_amount.is_none() {
            return true;
        }
        amount.is_some_and(|a| self.min_amount.is_none_or(|min| a >= min) && self.max_amount.is_none_or(|max| a < max))
    }
}

/// The suggestions for `case`, in rule order, each channel once.
pub fn suggest(rules: &[TriageRule], case: &TriageCase) -> Vec<Suggestion> {
    let mut ordered: Vec<&TriageRule> = rules.iter().collect();
    ordered.sort_by_key(|r| r.position);
    let mut out: Vec<Suggestion> = Vec::new();
    for rule in ordered.into_iter().filter(|r| r.matches(case)) {
        if out.iter().any(|s| s.channel == rule.channel && s.sector == rule.sector) {
            continue;
        }
        out.push(Suggestion {
            channel: rule.channel,
            sector: rule.sector,
            reason_zh: rule.reason_zh.clone(),
            reason_en: rule.reason_en.clone(),
        });
    }
    out
}

/// A band an admin entered must be a band: both ends non-negative and the
/// lower below the upper.
pub fn valid_band(min: Option<i64>, max: Option<i64>) -> bool {
    let non_negative = min.is_none_or(|m| m >= 0) && max.is_none_or(|m| m >= 0);
    let ordered = match (min, max) {
        (Some(lo), Some(hi)) => lo < hi,
        _ => true,
    };
    non_negative && ordered
}

#[cfg(test)]
mod tests;
