//! The `letter_supports` table: one "我也是" per browser or account.

use diesel::prelude::*;

use super::schema::letter_supports;
use super::{DbConn, now_ts};

pub fn exists(conn: &mut DbConn, letter_id: &str, supporter_key: &str) -> QueryResult<bool> {
    let n: i64 = letter_supports::table
        .filter(letter_supports::letter_id.eq(letter_id))
        .filter(letter_supports::supporter_key.eq(supporter_key))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Inserts inside the caller's transaction; the primary key refuses a second
/// support even if two requests race.
pub fn insert(conn: &mut DbConn, letter_id: &str, supporter_key: &str) -> QueryResult<()> {
    diesel::insert_into(letter_supports::table)
        .values((
            letter_supports::letter_id.eq(letter_id),
            letter_supports::supporter_key.eq(supporter_key),
            letter_supports::created_at.eq(now_ts()),
        ))
        .execute(conn)
        .map(|_| ())
}
