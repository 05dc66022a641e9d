//! The `agreement_terms` table: the terms of one agreement version, each
//! with its obligor, content, amount, manner, place and deadline.

use diesel::prelude::*;

use super::DbConn;
use super::schema::agreement_terms;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_terms)]
pub struct AgreementTerm {
    pub id: String,
    pub agreement_id: String,
    pub sort_order: i32,
    pub obligor_party_id: String,
    pub content: String,
    pub amount_cents: i64,
    pub manner: String,
    pub place: String,
    /// `YYYY-MM-DD`, or "" for a term without a date.
    pub deadline: String,
    pub created_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, term: &AgreementTerm) -> QueryResult<()> {
    diesel::insert_into(agreement_terms::table)
        .values(term)
        .execute(conn)
        .map(|_| ())
}

/// The terms of one version, in the order they were added.
pub fn for_agreement(conn: &mut DbConn, agreement_id: &str) -> QueryResult<Vec<AgreementTerm>> {
    agreement_terms::table
        .filter(agreement_terms::agreement_id.eq(agreement_id))
        .order(agreement_terms::sort_order.asc())
        .select(AgreementTerm::as_select())
        .load(conn)
}

/// The terms of several versions at once (a case page shows them all).
pub fn for_agreements(conn: &mut DbConn, agreement_ids: &[String]) -> QueryResult<Vec<AgreementTerm>> {
    agreement_terms::table
        .filter(agreement_terms::agreement_id.eq_any(agreement_ids))
        .order((agreement_terms::agreement_id.asc(), agreement_terms::sort_order.asc()))
        .select(AgreementTerm::as_select())
        .load(conn)
}
