//! The `case_records` table: investigations, sessions, urging and follow-ups.

use crate::domain::mediation::RecordKind;
use diesel::prelude::*;

use super::DbConn;
use super::schema::case_records;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_records)]
pub struct CaseRecord {
    pub id: String,
    pub case_id: String,
    pub kind: RecordKind,
    pub held_on: String,
    pub place: String,
    pub persons: String,
    pub content: String,
    pub result: String,
    pub satisfaction: Option<i32>,
    pub created_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, record: &CaseRecord) -> QueryResult<()> {
    diesel::insert_into(case_records::table)
        .values(record)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<CaseRecord>> {
    case_records::table
        .filter(case_records::case_id.eq(case_id))
        .order(case_records::created_at.asc())
        .select(CaseRecord::as_select())
        .load(conn)
}

pub fn exists_since(conn: &mut DbConn, case_id: &str, kind: &str, since: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        case_records::table
            .filter(case_records::case_id.eq(case_id))
            .filter(case_records::kind.eq(kind))
            .filter(case_records::created_at.ge(since)),
    ))
    .get_result(conn)
}

/// The time of the latest record of `kind` of each of `case_ids` that has one.
pub fn latest_of_kind(conn: &mut DbConn, case_ids: &[String], kind: &str) -> QueryResult<Vec<(String, Option<i64>)>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    case_records::table
        .filter(case_records::case_id.eq_any(case_ids))
        .filter(case_records::kind.eq(kind))
        .group_by(case_records::case_id)
        .select((case_records::case_id, diesel::dsl::max(case_records::created_at)))
        .load(conn)
}
