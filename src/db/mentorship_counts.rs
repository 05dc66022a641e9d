//! The counts the graduation criteria and the `/mentoring` dashboards read,
//! from the real case data. Each is an indexed count for one mediator
//! (`cases_lead_idx` on `(lead_mediator_id, state, id)`, the agreements'
//! `(case_id, version)` key, `training_hours_mediator_idx`), so a page costs
//! a few index look-ups per mentee whatever the number of cases.
//!
//! The definitions are written here once; the statistics (issue 13) and the
//! demo reuse them.

use diesel::dsl::{count_star, exists, sum};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{agreements, cases, graduations, mediator_incidents, pairings, training_hours};
use crate::domain::agreement::AgreementKind;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::mentorship::Record;

/// The states of a case that has been led to closure.
pub const CLOSED_STATES: [CaseState; 2] = [CaseState::Closed, CaseState::Archived];

/// A mediator's case counts for the graduation criteria:
/// - **closed**: cases they led (`lead_mediator_id`) now CLOSED or ARCHIVED;
/// - **successes**: of those, the ones where an agreement took effect (its
///   `effective_on` is set when the case enters AGREEMENT_EFFECTIVE: the
///   agreed day of an oral one, the last signature of a written one);
/// - **oral**: of the successes, the ones whose agreement in force was oral.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseCounts {
    pub closed: i64,
    pub successes: i64,
    pub oral: i64,
}

pub fn case_counts(conn: &mut DbConn, mediator_id: &str) -> QueryResult<CaseCounts> {
    counts_as(conn, CreditRole::Lead, mediator_id)
}

/// The credit DESIGN.md §6 gives a case: to its lead ("cases resolved by
/// 小马" when the lead is one) and to its mentor ("cases guided as
/// mentor"). Both are counted the same way, closed and successful, so a
/// case closed under a mentor counts once for each of the two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Credit {
    pub led: CaseCounts,
    pub guided: CaseCounts,
}

/// Which hat a mediator wore on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CreditRole {
    Lead,
    Mentor,
}

fn closed_as<'a>(role: CreditRole, mediator_id: &'a str) -> BoxedCases<'a> {
    let closed_codes: Vec<&str> = CLOSED_STATES.iter().map(|s| s.code()).collect();
    let query = cases::table.select(count_star()).into_boxed();
    let query = match role {
        CreditRole::Lead => query.filter(cases::lead_mediator_id.eq(mediator_id)),
        CreditRole::Mentor => query.filter(cases::mentor_id.eq(mediator_id)),
    };
    query.filter(cases::state.eq_any(closed_codes))
}

type BoxedCases<'a> = cases::BoxedQuery<'a, crate::db::DbBackend, diesel::sql_types::BigInt>;

fn counts_as(conn: &mut DbConn, role: CreditRole, mediator_id: &str) -> QueryResult<CaseCounts> {
    let in_force = || {
        agreements::table
            .filter(agreements::case_id.eq(cases::id))
            .filter(agreements::effective_on.ne(""))
    };
    let closed = closed_as(role, mediator_id).get_result(conn)?;
    let successes = closed_as(role, mediator_id)
        .filter(exists(in_force()))
        .get_result(conn)?;
    let oral = closed_as(role, mediator_id)
        .filter(exists(
            in_force().filter(agreements::kind.eq(AgreementKind::Oral.code())),
        ))
        .get_result(conn)?;
    Ok(CaseCounts {
        closed,
        successes,
        oral,
    })
}

/// A mediator's credit as lead and as mentor (indexed by `cases_lead_idx`
/// and `cases_mentor_idx`).
pub fn credit(conn: &mut DbConn, mediator_id: &str) -> QueryResult<Credit> {
    Ok(Credit {
        led: counts_as(conn, CreditRole::Lead, mediator_id)?,
        guided: counts_as(conn, CreditRole::Mentor, mediator_id)?,
    })
}

pub fn training_tenths(conn: &mut DbConn, mediator_id: &str) -> QueryResult<i64> {
    let total: Option<i64> = training_hours::table
        .filter(training_hours::mediator_id.eq(mediator_id))
        .select(sum(training_hours::tenths))
        .first(conn)?;
    Ok(total.unwrap_or(0))
}

pub fn incident_count(conn: &mut DbConn, mediator_id: &str) -> QueryResult<i64> {
    mediator_incidents::table
        .filter(mediator_incidents::mediator_id.eq(mediator_id))
        .count()
        .get_result(conn)
}

/// Every fact the graduation criteria read, for one mediator.
pub fn record(conn: &mut DbConn, mediator_id: &str, recommended: bool) -> QueryResult<Record> {
    let counts = case_counts(conn, mediator_id)?;
    Ok(Record {
        cases_closed: counts.closed,
        successes: counts.successes,
        oral_agreements: counts.oral,
        training_tenths: training_tenths(conn, mediator_id)?,
        criminal_incidents: incident_count(conn, mediator_id)?,
        recommended,
    })
}

/// Active pairings per studio of the mentor (`None`: mentor without a
/// studio), from the active-pairings index and the profiles' key.
pub fn active_by_studio(conn: &mut DbConn) -> QueryResult<Vec<(Option<String>, i64)>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        studio_id: Option<String>,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT p.studio_id AS studio_id, COUNT(*) AS n FROM pairings a \
         LEFT JOIN mediator_profiles p ON p.user_id = a.mentor_id \
         WHERE a.active GROUP BY p.studio_id",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.studio_id, r.n)).collect())
}

/// Each mentor's number of active mentees, the busiest first (at most
/// `limit` rows: the page shows the top of the list).
pub fn mentor_loads(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<(String, i64)>> {
    pairings::table
        .filter(pairings::active.eq(true))
        .group_by(pairings::mentor_id)
        .select((pairings::mentor_id, count_star()))
        .order((count_star().desc(), pairings::mentor_id.asc()))
        .limit(limit)
        .load(conn)
}

/// Proposals waiting for an admin's approval: the mentees ready to graduate.
pub fn pending_graduations(conn: &mut DbConn) -> QueryResult<Vec<(String, String, i64)>> {
    graduations::table
        .filter(graduations::approved_at.is_null())
        .order(graduations::proposed_at.asc())
        .select((
            graduations::pairing_id,
            graduations::mentee_id,
            graduations::proposed_at,
        ))
        .load(conn)
}

/// The approval times of graduations since `since` (index on `approved_at`),
/// for the graduations-by-month table.
pub fn approvals_since(conn: &mut DbConn, since: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<Option<i64>> = graduations::table
        .filter(graduations::approved_at.ge(since))
        .select(graduations::approved_at)
        .load(conn)?;
    Ok(rows.into_iter().flatten().collect())
}
