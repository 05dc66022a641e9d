//! One-time form tokens (DESIGN.md §8): a double-clicked or re-posted form
//! finds its token taken and creates nothing a second time.
//!
//! The database never holds a token as the browser sent it: what is stored
//! (here and in the `form_token` column of letters and opinions) is a keyed
//! hash of the token *and* the browser's session, made by
//! `crate::receipts::form_token_key`; this module only stores and finds it.

use diesel::prelude::*;

use super::schema::form_tokens;
use super::{DbConn, now_ts};

/// Claims the stored `key` inside the caller's transaction. Returns the
/// reference stored by the first submission when the key was already used.
pub fn claim(conn: &mut DbConn, key: &str, result_ref: &str) -> QueryResult<Option<String>> {
    if let Some(previous) = find(conn, key)? {
        return Ok(Some(previous));
    }
    diesel::insert_into(form_tokens::table)
        .values((
            form_tokens::token.eq(key),
            form_tokens::used_at.eq(now_ts()),
            form_tokens::result_ref.eq(result_ref),
        ))
        .execute(conn)?;
    Ok(None)
}

pub fn find(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    form_tokens::table
        .find(key)
        .select(form_tokens::result_ref)
        .first(conn)
        .optional()
}
