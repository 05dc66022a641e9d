//! The `agreement_signatures` table: who signed an agreement version, how
//! and on which day — each party, the mediator(s) and the committee seal.

use crate::domain::agreement::SignMethod;
use diesel::prelude::*;

use super::DbConn;
use super::schema::agreement_signatures;

/// `signer` is `party` (with `party_id`), `mediator` (with `mediator_id`)
/// or `committee` (the seal). `signer_key` is unique per agreement.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_signatures)]
pub struct AgreementSignature {
    pub id: String,
    pub agreement_id: String,
    pub signer: String,
    pub party_id: Option<String>,
    pub mediator_id: Option<String>,
    pub signer_key: String,
    pub method: SignMethod,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
    pub created_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, signature: &AgreementSignature) -> QueryResult<()> {
    diesel::insert_into(agreement_signatures::table)
        .values(signature)
        .execute(conn)
        .map(|_| ())
}

pub fn for_agreement(conn: &mut DbConn, agreement_id: &str) -> QueryResult<Vec<AgreementSignature>> {
    agreement_signatures::table
        .filter(agreement_signatures::agreement_id.eq(agreement_id))
        .order(agreement_signatures::created_at.asc())
        .select(AgreementSignature::as_select())
        .load(conn)
}

pub fn for_agreements(conn: &mut DbConn, agreement_ids: &[String]) -> QueryResult<Vec<AgreementSignature>> {
    agreement_signatures::table
        .filter(agreement_signatures::agreement_id.eq_any(agreement_ids))
        .order(agreement_signatures::created_at.asc())
        .select(AgreementSignature::as_select())
        .load(conn)
}

pub fn exists(conn: &mut DbConn, agreement_id: &str, signer_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        agreement_signatures::table
            .filter(agreement_signatures::agreement_id.eq(agreement_id))
            .filter(agreement_signatures::signer_key.eq(signer_key)),
    ))
    .get_result(conn)
}

pub fn any_for(conn: &mut DbConn, agreement_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        agreement_signatures::table.filter(agreement_signatures::agreement_id.eq(agreement_id)),
    ))
    .get_result(conn)
}
