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
/// `set_by` is the account that switched messages off on "我的", or None
/// for the stop link in a message.
pub fn add(conn: &mut DbConn, address_hash: &str, now: i64, set_by: Option<&str>) -> QueryResult<bool> {
    if is_opted_out(conn, address_hash)? {
        return Ok(false);
    }
    diesel::insert_into(notification_opt_outs::table)
        .values((
            notification_opt_outs::address_hash.eq(address_hash),
            notification_opt_outs::created_at.eq(now),
            notification_opt_outs::set_by_user_id.eq(set_by),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Notifications back on, when `user_id` itself switched them off; false
/// when they were not off or were stopped by the link in a message (only
/// the holder of the phone may undo that, not whoever signed up with it).
pub fn remove(conn: &mut DbConn, address_hash: &str, user_id: &str) -> QueryResult<bool> {
    let gone = diesel::delete(
        notification_opt_outs::table
            .filter(notification_opt_outs::address_hash.eq(address_hash))
            .filter(notification_opt_outs::set_by_user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(gone == 1)
}

/// Undoes an opt-out made with the stop link; false when there is none.
pub fn remove_link_opt_out(conn: &mut DbConn, address_hash: &str) -> QueryResult<bool> {
    let gone = diesel::delete(
        notification_opt_outs::table
            .filter(notification_opt_outs::address_hash.eq(address_hash))
            .filter(notification_opt_outs::set_by_user_id.is_null()),
    )
    .execute(conn)?;
    Ok(gone == 1)
}

/// Who stopped messages to the address: None when they are not stopped,
/// Some(None) for the stop link, Some(Some(user)) for an account.
pub fn set_by(conn: &mut DbConn, address_hash: &str) -> QueryResult<Option<Option<String>>> {
    notification_opt_outs::table
        .filter(notification_opt_outs::address_hash.eq(address_hash))
        .select(notification_opt_outs::set_by_user_id)
        .first(conn)
        .optional()
}
