//! The `notification_opt_outs` table: keyed hashes of the addresses that
//! asked for no more messages. Never the address itself.

use diesel::prelude::*;

use super::DbConn;
use super::schema::notification_opt_outs;

pub fn is_opted_out(conn: &mut DbConn, address_hash: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        notification_opt_outs::table.filter(notification_opt_outs::address_hash.eq(address_hash)),
    ))
    .get_result(conn)
}

/// Records the opt-out; false when it was recorded already. Checked, then
/// inserted inside the caller's write transaction (a racing twin loses on
/// the primary key and rolls back with it).
pub fn add(conn: &mut DbConn, address_hash: &str, now: i64) -> QueryResult<bool> {
    if is_opted_out(conn, address_hash)? {
        return Ok(false);
    }
    diesel::insert_into(notification_opt_outs::table)
        .values((
            notification_opt_outs::address_hash.eq(address_hash),
            notification_opt_outs::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Notifications back on; false when they were not off.
pub fn remove(conn: &mut DbConn, address_hash: &str) -> QueryResult<bool> {
    let gone =
        diesel::delete(notification_opt_outs::table.filter(notification_opt_outs::address_hash.eq(address_hash)))
            .execute(conn)?;
    Ok(gone == 1)
}
