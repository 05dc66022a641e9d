//! The `referrals` table: a case referred to an organisation, tracked to its
//! outcome. Every change is an UPDATE on (id, version): of two requests
//! that saw the same version only one matches a row, and the other's
//! transaction is rolled back by the use case.

use diesel::prelude::*;

use super::DbConn;
use super::schema::referrals;
use crate::domain::resolution::{Outcome, ReferralState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referrals)]
pub struct Referral {
    pub id: String,
    pub case_id: String,
    pub org_id: String,
    pub state: ReferralState,
    pub version: i32,
    /// Why staff chose this organisation (internal).
    pub reason: String,
    /// The amount in dispute in whole yuan, as staff entered it at triage.
    pub amount: Option<i64>,
    pub sent_by: Option<String>,
    pub sent_at: i64,
    /// The instant the acceptance deadline ends (24:00 of its last day).
    pub accept_by: i64,
    /// Days from acceptance to report the outcome.
    pub report_days: i32,
    pub accepted_at: Option<i64>,
    pub report_by: Option<i64>,
    pub returned_reason: String,
    pub outcome: Option<Outcome>,
    pub outcome_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub escalations: i32,
    pub last_escalated_at: Option<i64>,
    pub updated_at: i64,
}

/// The columns a step writes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = referrals)]
pub struct ReferralChange {
    pub state: Option<ReferralState>,
    pub accepted_at: Option<i64>,
    pub report_by: Option<i64>,
    pub returned_reason: Option<String>,
    pub outcome: Option<Outcome>,
    pub outcome_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub escalations: Option<i32>,
    pub last_escalated_at: Option<i64>,
}

pub fn insert(conn: &mut DbConn, row: &Referral) -> QueryResult<()> {
    diesel::insert_into(referrals::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Referral>> {
    referrals::table
        .find(id)
        .select(Referral::as_select())
        .first(conn)
        .optional()
}

/// Writes `change` only if the row is still at `seen_version`, bumping it.
/// `false` means someone else changed the referral first.
pub fn update_versioned(
    conn: &mut DbConn,
    id: &str,
    seen_version: i32,
    change: &ReferralChange,
    now: i64,
) -> QueryResult<bool> {
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(id))
            .filter(referrals::version.eq(seen_version)),
    )
    .set((
        change,
        referrals::version.eq(seen_version + 1),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A case's referrals, oldest first (its history of where it went).
pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Referral>> {
    referrals::table
        .filter(referrals::case_id.eq(case_id))
        .order((referrals::sent_at.asc(), referrals::id.asc()))
        .select(Referral::as_select())
        .load(conn)
}

/// The case's referral that is not over yet (at most one: a partial unique index).
pub fn current_for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<Referral>> {
    referrals::table
        .filter(referrals::case_id.eq(case_id))
        .filter(referrals::state.ne_all([ReferralState::Returned, ReferralState::Closed]))
        .select(Referral::as_select())
        .first(conn)
        .optional()
}

/// The referrals still in someone's hands (sent, accepted, outcome to
/// confirm) of one street, or of every street with `None`, oldest deadline
/// first, for the centre's list. The street is the case's, so it is joined.
/// One range of `referrals_by_state` (state, accept_by) per state, each read
/// in deadline order and cut at `limit`, then merged: the cost is bounded by
/// the limit, not by how many referrals wait (one `state NOT IN` query
/// sorted them all: 55 ms at a million cases).
pub fn unfinished(conn: &mut DbConn, street_id: Option<&str>, limit: i64) -> QueryResult<Vec<Referral>> {
    use super::schema::cases;
    let mut found = Vec::new();
    for state in [
        ReferralState::Sent,
        ReferralState::Accepted,
        ReferralState::OutcomeReported,
    ] {
        let mut query = referrals::table
            .inner_join(cases::table)
            .filter(referrals::state.eq(state))
            .order((referrals::accept_by.asc(), referrals::id.asc()))
            .limit(limit)
            .select(Referral::as_select())
            .into_boxed();
        if let Some(street) = street_id {
            query = query.filter(cases::street_id.eq(street.to_owned()));
        }
        found.extend(query.load(conn)?);
    }
    found.sort_by(|a, b| (a.accept_by, &a.id).cmp(&(b.accept_by, &b.id)));
    found.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(found)
}

/// The referrals of the given cases, oldest first per case: one query for
/// a page of cases that shows where each went.
pub fn for_cases(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<Referral>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    referrals::table
        .filter(referrals::case_id.eq_any(case_ids))
        .order((referrals::sent_at.asc(), referrals::id.asc()))
        .select(Referral::as_select())
        .load(conn)
}

/// One organisation's referrals still in someone's hands, oldest
/// deadline first (the `referrals_by_org` index narrows to the organisation).
pub fn unfinished_for_org(conn: &mut DbConn, org_id: &str, limit: i64) -> QueryResult<Vec<Referral>> {
    referrals::table
        .filter(referrals::org_id.eq(org_id))
        .filter(referrals::state.eq_any([
            ReferralState::Sent,
            ReferralState::Accepted,
            ReferralState::OutcomeReported,
        ]))
        .order((referrals::accept_by.asc(), referrals::id.asc()))
        .limit(limit)
        .select(Referral::as_select())
        .load(conn)
}

/// The overdue referrals of one street (or every street with `None`) in
/// one of the two deadline states, oldest deadline first: a range of the
/// (state, deadline) index, joined to the case only for the street.
fn overdue_in_state(
    conn: &mut DbConn,
    street_id: Option<&str>,
    state: ReferralState,
    now: i64,
    limit: i64,
) -> QueryResult<Vec<Referral>> {
    use super::schema::cases;
    let mut query = referrals::table
        .inner_join(cases::table)
        .filter(referrals::state.eq(state))
        .select(Referral::as_select())
        .limit(limit)
        .into_boxed();
    if let Some(street) = street_id {
        query = query.filter(cases::street_id.eq(street.to_owned()));
    }
    if state == ReferralState::Sent {
        query = query
            .filter(referrals::accept_by.le(now))
            .order((referrals::accept_by.asc(), referrals::id.asc()));
    } else {
        query = query
            .filter(referrals::report_by.le(now))
            .order((referrals::report_by.asc(), referrals::id.asc()));
    }
    query.load(conn)
}

/// The board's overdue list: not accepted in time, or accepted with no
/// outcome in time, oldest deadline first, at most `limit`.
pub fn overdue_in(conn: &mut DbConn, street_id: Option<&str>, now: i64, limit: i64) -> QueryResult<Vec<Referral>> {
    let mut found = overdue_in_state(conn, street_id, ReferralState::Sent, now, limit)?;
    found.extend(overdue_in_state(conn, street_id, ReferralState::Accepted, now, limit)?);
    let deadline = |r: &Referral| match r.state {
        ReferralState::Sent => r.accept_by,
        _ => r.report_by.unwrap_or(r.accept_by),
    };
    found.sort_by(|a, b| deadline(a).cmp(&deadline(b)).then_with(|| a.id.cmp(&b.id)));
    found.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(found)
}

/// A referral with what an export line shows of its case: number, street, type.
pub type ExportLine = (Referral, Option<String>, String, String);

/// One page of every referral of a street (or the district), newest first
/// by id (ids are time-ordered), after `before_id`: a keyset page for the
/// export, so a long list is read in bounded steps.
pub fn export_page(
    conn: &mut DbConn,
    street_id: Option<&str>,
    before_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ExportLine>> {
    use super::schema::cases;
    let mut query = referrals::table
        .inner_join(cases::table)
        .select((
            Referral::as_select(),
            cases::case_number,
            cases::street_id,
            cases::dispute_type,
        ))
        .order(referrals::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(street) = street_id {
        query = query.filter(cases::street_id.eq(street.to_owned()));
    }
    if let Some(before) = before_id {
        query = query.filter(referrals::id.lt(before.to_owned()));
    }
    query.load(conn)
}
