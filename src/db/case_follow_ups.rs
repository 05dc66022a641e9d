//! The `case_follow_ups` table: follow-up visits (回访) after an agreement.

use crate::domain::follow_up::{Performance, VisitMethod};
use diesel::prelude::*;

use super::DbConn;
use super::schema::case_follow_ups;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_follow_ups)]
pub struct FollowUp {
    pub id: String,
    pub case_id: String,
    /// YYYY-MM-DD, China time.
    pub visited_on: String,
    pub visitor: String,
    /// visit, phone, video or other.
    pub method: VisitMethod,
    /// performed, partial or not_performed.
    pub performance: Performance,
    /// 1 to 5.
    pub satisfaction: i32,
    pub remaining_risk: String,
    pub measures: String,
    pub created_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, row: &FollowUp) -> QueryResult<()> {
    diesel::insert_into(case_follow_ups::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<FollowUp>> {
    case_follow_ups::table
        .filter(case_follow_ups::case_id.eq(case_id))
        .order(case_follow_ups::created_at.asc())
        .select(FollowUp::as_select())
        .load(conn)
}

pub fn exists_since(conn: &mut DbConn, case_id: &str, since: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        case_follow_ups::table
            .filter(case_follow_ups::case_id.eq(case_id))
            .filter(case_follow_ups::created_at.ge(since)),
    ))
    .get_result(conn)
}

/// The time of the latest follow-up visit of each of `case_ids` that has one.
pub fn latest_of(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<(String, Option<i64>)>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    case_follow_ups::table
        .filter(case_follow_ups::case_id.eq_any(case_ids))
        .group_by(case_follow_ups::case_id)
        .select((case_follow_ups::case_id, diesel::dsl::max(case_follow_ups::created_at)))
        .load(conn)
}
