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
/// confirm), oldest deadline first, for the centre's list.
pub fn unfinished(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Referral>> {
    referrals::table
        .filter(referrals::state.ne_all([ReferralState::Returned, ReferralState::Closed]))
        .order((referrals::accept_by.asc(), referrals::id.asc()))
        .limit(limit)
        .select(Referral::as_select())
        .load(conn)
}

/// The open referrals past their deadline at `now`: not accepted by the
/// acceptance deadline, or accepted with no outcome by the report deadline.
pub fn overdue(conn: &mut DbConn, now: i64, limit: i64) -> QueryResult<Vec<Referral>> {
    let late_accept = referrals::state
        .eq(ReferralState::Sent)
        .and(referrals::accept_by.le(now));
    let late_report = referrals::state
        .eq(ReferralState::Accepted)
        .and(referrals::report_by.le(now));
    referrals::table
        .filter(late_accept.or(late_report.assume_not_null()))
        .order((referrals::accept_by.asc(), referrals::id.asc()))
        .limit(limit)
        .select(Referral::as_select())
        .load(conn)
}
