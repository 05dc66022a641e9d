//! One-time form tokens (DESIGN.md §8): a double-clicked or re-posted form
//! finds its token taken and creates nothing a second time.

use diesel::prelude::*;

use super::schema::form_tokens;
use super::{DbConn, now_ts};

/// Claims `token` inside the caller's transaction. Returns the reference
/// stored by the first submission when the token was already used.
pub fn claim(conn: &mut DbConn, token: &str, result_ref: &str) -> QueryResult<Option<String>> {
    if let Some(previous) = find(conn, token)? {
        return Ok(Some(previous));
    }
    diesel::insert_into(form_tokens::table)
        .values((
            form_tokens::token.eq(token),
            form_tokens::used_at.eq(now_ts()),
            form_tokens::result_ref.eq(result_ref),
        ))
        .execute(conn)?;
    Ok(None)
}

pub fn find(conn: &mut DbConn, token: &str) -> QueryResult<Option<String>> {
    form_tokens::table
        .find(token)
        .select(form_tokens::result_ref)
        .first(conn)
        .optional()
}
