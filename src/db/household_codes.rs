//! The `household_codes` table: hashes of one-time voting codes.

use diesel::prelude::*;

use super::schema::household_codes;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = household_codes)]
pub struct HouseholdCode {
    pub id: String,
    pub unit_id: String,
    pub code_hash: String,
    pub issued_at: i64,
    pub issued_by: Option<String>,
    pub revoked_at: Option<i64>,
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

/// Stores a new code for the unit, revoking the previous one: one live code
/// per household, so a lost slip can be replaced.
pub fn issue(conn: &mut DbConn, unit_id: &str, code_hash: &str, by: Option<&str>) -> QueryResult<()> {
    revoke(conn, unit_id)?;
    diesel::insert_into(household_codes::table)
        .values((
            household_codes::id.eq(new_id()),
            household_codes::unit_id.eq(unit_id),
            household_codes::code_hash.eq(code_hash),
            household_codes::issued_at.eq(now_ts()),
            household_codes::issued_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_by_hash(conn: &mut DbConn, code_hash: &str) -> QueryResult<Option<HouseholdCode>> {
    household_codes::table
        .filter(household_codes::code_hash.eq(code_hash))
        .select(HouseholdCode::as_select())
        .first(conn)
        .optional()
}

/// Units among `unit_ids` that hold a live code.
pub fn units_with_live_code(conn: &mut DbConn, unit_ids: &[String]) -> QueryResult<Vec<String>> {
    household_codes::table
        .filter(household_codes::unit_id.eq_any(unit_ids))
        .filter(household_codes::revoked_at.is_null())
        .select(household_codes::unit_id)
        .load(conn)
}
