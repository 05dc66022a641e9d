//! What the centre's pages and the resident's `/track` read about referrals.

use serde::Serialize;

use super::{ResolutionError, centre_may_act};
use crate::dates::{date, datetime};
use crate::db::DbConn;
use crate::db::cases::{self, Case};
use crate::db::referral_events::{self, ReferralEvent};
use crate::db::referrals::{self, Referral};
use crate::db::resolution_orgs::{self, ResolutionOrg};
use crate::domain::legal_period::last_day_of;
use crate::domain::resolution::deadline::is_overdue;
use crate::domain::resolution::{ChannelType, Outcome, ReferralState};
use crate::domain::viewer::Viewer;

/// How many referrals the centre's list shows at once.
pub const LIST_LIMIT: i64 = 200;

/// A referral with what its lines show.
pub struct ReferralRow {
    pub referral: Referral,
    pub org_name: String,
    /// The case number, or the case id's head before acceptance.
    pub case_label: String,
    pub case_id: String,
    pub overdue: bool,
    /// The last day of the deadline that runs now, as `2026-12-09`.
    pub due_on: String,
}

impl ReferralRow {
    fn new(referral: Referral, org_name: String, case_id: &str, case_number: Option<&str>, now: i64) -> Self {
        let r = &referral;
        let due = match r.state {
            ReferralState::Sent => Some(r.accept_by),
            ReferralState::Accepted => r.report_by,
            _ => None,
        };
        ReferralRow {
            overdue: is_overdue(r.state, r.accept_by, r.report_by, now),
            due_on: due.map(|d| crate::dates::day_text(last_day_of(d))).unwrap_or_default(),
            case_label: case_number.map_or_else(|| case_id.chars().take(8).collect(), str::to_owned),
            case_id: case_id.to_owned(),
            org_name,
            referral,
        }
    }

    fn of_case(referral: Referral, org_name: String, case: &Case, now: i64) -> Self {
        Self::new(referral, org_name, &case.id, case.case_number.as_deref(), now)
    }
}

/// The unfinished referrals of the disputes this viewer may act on, or only
/// the overdue ones: an admin's of the district, a coordinator's of their
/// street (the street is in the query, so the limit counts their own).
pub fn centre_list(
    conn: &mut DbConn,
    viewer: &Viewer,
    overdue_only: bool,
    now: i64,
) -> diesel::QueryResult<Vec<ReferralRow>> {
    let Some(street) = super::board::area_of(viewer) else {
        return Ok(Vec::new());
    };
    let found = if overdue_only {
        referrals::overdue_in(conn, street.as_deref(), now, LIST_LIMIT)?
    } else {
        referrals::unfinished(conn, street.as_deref(), LIST_LIMIT)?
    };
    rows(conn, found, now)
}

/// The referrals sent to one organisation that still need something from
/// it or the centre (sent, accepted, outcome to confirm), oldest deadline
/// first, for its own staff. An indexed range on (org_id, state).
pub fn org_list(conn: &mut DbConn, org_id: &str, now: i64) -> diesel::QueryResult<Vec<ReferralRow>> {
    let found = referrals::unfinished_for_org(conn, org_id, LIST_LIMIT)?;
    rows(conn, found, now)
}

/// One referral as its receiving organisation sees it; any other
/// organisation's referral is not found.
pub fn org_detail(
    conn: &mut DbConn,
    org_id: &str,
    referral_id: &str,
    now: i64,
) -> Result<(ReferralDetail, Case), ResolutionError> {
    let referral = referrals::find(conn, referral_id)?
        .filter(|r| r.org_id == org_id)
        .ok_or(ResolutionError::NotFound)?;
    let case = cases::find(conn, &referral.case_id)?.ok_or(ResolutionError::NotFound)?;
    let org = resolution_orgs::find(conn, org_id)?;
    let events = referral_events::for_referral(conn, referral_id)?;
    let name = org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let detail = ReferralDetail {
        row: ReferralRow::of_case(referral, name, &case, now),
        org,
        events,
    };
    Ok((detail, case))
}

/// Rows for referrals already chosen: the case numbers and organisation
/// names of the whole list come in two queries over its own ids, so a
/// list costs the same few queries at any length.
pub fn rows(conn: &mut DbConn, found: Vec<Referral>, now: i64) -> diesel::QueryResult<Vec<ReferralRow>> {
    let case_ids = distinct(found.iter().map(|r| &r.case_id));
    let org_ids = distinct(found.iter().map(|r| &r.org_id));
    let numbers = cases::numbers_of(conn, &case_ids)?;
    let names = resolution_orgs::names_of(conn, &org_ids)?;
    Ok(found
        .into_iter()
        .filter_map(|referral| {
            let (_, number) = numbers.iter().find(|(id, _)| *id == referral.case_id)?;
            let name = names
                .iter()
                .find(|(id, _)| *id == referral.org_id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            let case_id = referral.case_id.clone();
            Some(ReferralRow::new(referral, name, &case_id, number.as_deref(), now))
        })
        .collect())
}

/// Each id once, in first-seen order.
fn distinct<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// One referral's page: the row, its organisation, its timeline.
pub struct ReferralDetail {
    pub row: ReferralRow,
    pub org: Option<ResolutionOrg>,
    pub events: Vec<ReferralEvent>,
}

pub fn detail(
    conn: &mut DbConn,
    viewer: &Viewer,
    referral_id: &str,
    now: i64,
) -> Result<ReferralDetail, ResolutionError> {
    let referral = referrals::find(conn, referral_id)?.ok_or(ResolutionError::NotFound)?;
    let case = cases::find(conn, &referral.case_id)?.ok_or(ResolutionError::NotFound)?;
    if !centre_may_act(viewer, &case) {
        return Err(ResolutionError::Forbidden);
    }
    let org = resolution_orgs::find(conn, &referral.org_id)?;
    let events = referral_events::for_referral(conn, referral_id)?;
    let name = org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    Ok(ReferralDetail {
        row: ReferralRow::of_case(referral, name, &case, now),
        org,
        events,
    })
}

/// A case's referrals, oldest first, for the triage page's history.
pub fn for_case(conn: &mut DbConn, case: &Case, now: i64) -> diesel::QueryResult<Vec<ReferralRow>> {
    let found = referrals::for_case(conn, &case.id)?;
    rows(conn, found, now)
}

/// Where the dispute is handled, as the resident may see it: the
/// organisation's public contact and the outcome. Never the reasons, the
/// evidence or the escalation notes.
#[derive(Debug, Clone, Serialize)]
pub struct PublicReferral {
    pub org_name: String,
    pub channel: ChannelType,
    pub contact_phone: String,
    pub address: String,
    pub hours: String,
    pub state: ReferralState,
    pub outcome: Option<Outcome>,
    pub sent_on: String,
    pub outcome_on: String,
}

/// The referral the resident sees: the latest one, unless it was returned
/// (the dispute is back at the centre, which the case's state already says).
pub fn public_for_case(conn: &mut DbConn, case_id: &str) -> diesel::QueryResult<Option<PublicReferral>> {
    let Some(latest) = referrals::for_case(conn, case_id)?.pop() else {
        return Ok(None);
    };
    if latest.state == ReferralState::Returned {
        return Ok(None);
    }
    let Some(org) = resolution_orgs::find(conn, &latest.org_id)? else {
        return Ok(None);
    };
    Ok(Some(PublicReferral {
        org_name: org.name,
        channel: org.channel,
        contact_phone: org.contact_phone,
        address: org.address,
        hours: org.hours,
        state: latest.state,
        outcome: latest.outcome,
        sent_on: date(latest.sent_at),
        outcome_on: latest.outcome_at.map(date).unwrap_or_default(),
    }))
}

/// A timeline line's time as people read it.
pub fn event_time(event: &ReferralEvent) -> String {
    datetime(event.at)
}

/// Where a dispute in a case list went: its latest referral's organisation
/// and how that referral stands.
pub struct CaseStanding {
    pub case_id: String,
    pub org_name: String,
    pub state: ReferralState,
    pub outcome: Option<Outcome>,
}

impl CaseStanding {
    /// The referral's state, or its outcome once reported.
    pub fn label_key(&self) -> &'static str {
        crate::domain::resolution::case_state::standing_key(self.state, self.outcome)
    }

    /// Who the dispute waits for (`next.*` / `centre_case.next.*`).
    pub fn next_key(&self) -> &'static str {
        crate::domain::resolution::case_state::waiting(self.state).label_key()
    }
}

/// The standing of each of a page's cases that was ever referred, in two
/// queries over the page's ids.
pub fn standings(conn: &mut DbConn, case_ids: &[String]) -> diesel::QueryResult<Vec<CaseStanding>> {
    let found = referrals::for_cases(conn, case_ids)?;
    let org_ids = distinct(found.iter().map(|r| &r.org_id));
    let names = resolution_orgs::names_of(conn, &org_ids)?;
    let mut out: Vec<CaseStanding> = Vec::new();
    // Oldest first per case, so the last one seen is the latest.
    for r in found {
        let org_name = names
            .iter()
            .find(|(id, _)| *id == r.org_id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        out.retain(|s| s.case_id != r.case_id);
        out.push(CaseStanding {
            case_id: r.case_id,
            org_name,
            state: r.state,
            outcome: r.outcome,
        });
    }
    Ok(out)
}
