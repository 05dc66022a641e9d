//! The `case_performance` table: the performance status of a case's
//! agreement, one row each time the team records it; the latest counts.

use crate::domain::follow_up::Performance;
use diesel::prelude::*;

use super::DbConn;
use super::schema::case_performance;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_performance)]
pub struct PerformanceUpdate {
    pub id: String,
    pub case_id: String,
    pub status: Performance,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: i64,
}

pub fn insert(conn: &mut DbConn, row: &PerformanceUpdate) -> QueryResult<()> {
    diesel::insert_into(case_performance::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Oldest first, so the last one is the current status.
pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<PerformanceUpdate>> {
    case_performance::table
        .filter(case_performance::case_id.eq(case_id))
        .order((case_performance::recorded_at.asc(), case_performance::id.asc()))
        .select(PerformanceUpdate::as_select())
        .load(conn)
}
