//! The `agreements` table: versions of the mediation agreement.

use diesel::prelude::*;

use super::DbConn;
use super::schema::agreements;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreements)]
pub struct Agreement {
    pub id: String,
    pub case_id: String,
    pub version: i32,
    pub kind: String,
    pub facts: String,
    pub responsibilities: String,
    pub terms: String,
    pub amount_cents: i64,
    pub performance_deadline: String,
    pub signed_by_all: bool,
    pub sealed: bool,
    pub effective_on: String,
    pub created_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, agreement: &Agreement) -> QueryResult<()> {
    diesel::insert_into(agreements::table)
        .values(agreement)
        .execute(conn)
        .map(|_| ())
}

pub fn latest(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<Agreement>> {
    agreements::table
        .filter(agreements::case_id.eq(case_id))
        .order(agreements::version.desc())
        .select(Agreement::as_select())
        .first(conn)
        .optional()
}

pub fn all(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Agreement>> {
    agreements::table
        .filter(agreements::case_id.eq(case_id))
        .order(agreements::version.asc())
        .select(Agreement::as_select())
        .load(conn)
}

pub fn next_version(conn: &mut DbConn, case_id: &str) -> QueryResult<i32> {
    Ok(latest(conn, case_id)?.map_or(1, |a| a.version + 1))
}

pub fn mark_signed(conn: &mut DbConn, id: &str, signed: bool, sealed: bool, effective_on: &str) -> QueryResult<()> {
    diesel::update(agreements::table.find(id))
        .set((
            agreements::signed_by_all.eq(signed),
            agreements::sealed.eq(sealed),
            agreements::effective_on.eq(effective_on),
        ))
        .execute(conn)
        .map(|_| ())
}
