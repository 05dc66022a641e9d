//! The `court_entrustments` table: what a court-entrusted case keeps of the
//! court (issue 16, 诉调对接) besides its case number: the court's deadline
//! and the court's organisation record. One row per such case; changes are
//! an UPDATE on (case_id, version).

use diesel::prelude::*;

use super::DbConn;
use super::schema::court_entrustments;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = court_entrustments)]
pub struct CourtEntrustment {
    pub case_id: String,
    /// The court's deadline as `YYYY-MM-DD`; empty when none was given.
    pub court_deadline: String,
    /// The referring court's organisation record, when it has one.
    pub court_org_id: Option<String>,
    pub version: i32,
    pub updated_at: i64,
}

pub fn find(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<CourtEntrustment>> {
    court_entrustments::table
        .find(case_id)
        .select(CourtEntrustment::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &CourtEntrustment) -> QueryResult<()> {
    diesel::insert_into(court_entrustments::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Writes the deadline and court only if the row is still at
/// `seen_version`; `false` means someone changed it first.
pub fn update_versioned(
    conn: &mut DbConn,
    case_id: &str,
    seen_version: i32,
    court_deadline: &str,
    court_org_id: Option<&str>,
    now: i64,
) -> QueryResult<bool> {
    let n = diesel::update(
        court_entrustments::table
            .filter(court_entrustments::case_id.eq(case_id))
            .filter(court_entrustments::version.eq(seen_version)),
    )
    .set((
        court_entrustments::court_deadline.eq(court_deadline),
        court_entrustments::court_org_id.eq(court_org_id),
        court_entrustments::version.eq(seen_version + 1),
        court_entrustments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
