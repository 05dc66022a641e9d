//! The `household_codes` table: hashes of one-time voting codes.

use diesel::prelude::*;

use super::schema::household_codes;
use super::{DbConn, new_id, now_ts};
use crate::domain::household_code::{SCHEME_KEYED, SCHEME_LEGACY, keyed_hash, legacy_hash};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = household_codes)]
pub struct HouseholdCode {
    pub id: String,
    pub unit_id: String,
    pub code_hash: String,
    pub issued_at: i64,
    pub issued_by: Option<String>,
    pub revoked_at: Option<i64>,
    /// `hmac-v1` or, for codes issued before keyed hashes, `sha256`.
    pub hash_scheme: String,
}

/// Revokes the unit's live code, if any; returns how many were revoked.
pub fn revoke(conn: &mut DbConn, unit_id: &str) -> QueryResult<usize> {
    diesel::update(
        household_codes::table
            .filter(household_codes::unit_id.eq(unit_id))
            .filter(household_codes::revoked_at.is_null()),
    )
    .set(household_codes::revoked_at.eq(now_ts()))
    .execute(conn)
}

/// Stores a new code (its keyed hash) for the unit, revoking the previous
/// one: one live code per household, so a lost slip can be replaced.
pub fn issue(conn: &mut DbConn, unit_id: &str, code_hash: &str, by: Option<&str>) -> QueryResult<()> {
    revoke(conn, unit_id)?;
    diesel::insert_into(household_codes::table)
        .values((
            household_codes::id.eq(new_id()),
            household_codes::unit_id.eq(unit_id),
            household_codes::code_hash.eq(code_hash),
            household_codes::issued_at.eq(now_ts()),
            household_codes::issued_by.eq(by),
            household_codes::hash_scheme.eq(SCHEME_KEYED),
        ))
        .execute(conn)?;
    Ok(())
}

fn find_by_hash(conn: &mut DbConn, scheme: &str, code_hash: &str) -> QueryResult<Option<HouseholdCode>> {
    household_codes::table
        .filter(household_codes::code_hash.eq(code_hash))
        .filter(household_codes::hash_scheme.eq(scheme))
        .select(HouseholdCode::as_select())
        .first(conn)
        .optional()
}

/// The row of a canonical code, by its keyed hash or, for a code issued
/// before keyed hashes, by its legacy SHA-256, which is then replaced by
/// the keyed hash (see `domain::household_code`). Run it in the caller's
/// write transaction.
pub fn find_live(conn: &mut DbConn, secret: &[u8], canonical: &str) -> QueryResult<Option<HouseholdCode>> {
    let keyed = keyed_hash(secret, canonical);
    if let Some(found) = find_by_hash(conn, SCHEME_KEYED, &keyed)? {
        return Ok(Some(found));
    }
    let Some(mut legacy) = find_by_hash(conn, SCHEME_LEGACY, &legacy_hash(canonical))? else {
        return Ok(None);
    };
    diesel::update(household_codes::table.find(&legacy.id))
        .set((
            household_codes::code_hash.eq(&keyed),
            household_codes::hash_scheme.eq(SCHEME_KEYED),
        ))
        .execute(conn)?;
    legacy.code_hash = keyed;
    legacy.hash_scheme = SCHEME_KEYED.to_owned();
    Ok(Some(legacy))
}

/// Units among `unit_ids` that hold a live code.
pub fn units_with_live_code(conn: &mut DbConn, unit_ids: &[String]) -> QueryResult<Vec<String>> {
    household_codes::table
        .filter(household_codes::unit_id.eq_any(unit_ids))
        .filter(household_codes::revoked_at.is_null())
        .select(household_codes::unit_id)
        .load(conn)
}
