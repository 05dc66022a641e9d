//! The `agreements` table: versions of the mediation agreement.

use crate::domain::agreement::AgreementKind;
use diesel::prelude::*;

use super::DbConn;
use super::schema::agreements;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreements)]
pub struct Agreement {
    pub id: String,
    pub case_id: String,
    pub version: i32,
    pub kind: AgreementKind,
    pub facts: String,
    pub responsibilities: String,
    /// Other agreed matters, as free text (the structured terms live in
    /// `agreement_terms`).
    pub terms: String,
    /// Sum of the terms' amounts, kept in step by [`set_totals`].
    pub amount_cents: i64,
    /// Latest deadline of the terms (`YYYY-MM-DD` or ""), kept by [`set_totals`].
    pub performance_deadline: String,
    /// Set from the signature records when the agreement takes effect.
    pub signed_by_all: bool,
    pub sealed: bool,
    pub effective_on: String,
    pub created_by: String,
    pub created_at: i64,
    /// Oral agreements: the day the parties agreed (their effective day).
    pub agreed_on: String,
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

/// Stores the totals derived from the terms (see `domain::agreement::totals`).
pub fn set_totals(conn: &mut DbConn, id: &str, amount_cents: i64, performance_deadline: &str) -> QueryResult<()> {
    diesel::update(agreements::table.find(id))
        .set((
            agreements::amount_cents.eq(amount_cents),
            agreements::performance_deadline.eq(performance_deadline),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Every version of the agreements of `case_ids`, for a page of cases that
/// needs each case's latest (a case has a handful of versions at most).
pub fn for_cases(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<Agreement>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    agreements::table
        .filter(agreements::case_id.eq_any(case_ids))
        .order((agreements::case_id.asc(), agreements::version.asc()))
        .select(Agreement::as_select())
        .load(conn)
}
