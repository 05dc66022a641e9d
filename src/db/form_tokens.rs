//! One-time form tokens (DESIGN.md §8): a double-clicked or re-posted form
//! finds its token taken and creates nothing a second time.
//!
//! The database never holds a token as the browser sent it: what is stored
//! (here and in the `form_token` column of letters and opinions) is a keyed
//! hash of the token *and* the browser's session, see [`key`]. A stored
//! value posted back is hashed again and matches nothing, and the same token
//! posted from another browser is another form: neither finds the first
//! submission, so neither is shown its receipt code.

use diesel::prelude::*;

use super::schema::form_tokens;
use super::{DbConn, now_ts};
use crate::auth::tokens::hmac_hex;

/// The stored form of `token` as posted by the browser whose session (or
/// anonymous) cookie is `binding`. Both are random hex, so `|` separates
/// them unambiguously.
pub fn key(secret: &[u8], binding: &str, token: &str) -> String {
    hmac_hex(secret, &format!("form-token|{binding}|{token}"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_depends_on_token_browser_and_secret_and_is_not_the_token() {
        let k = key(b"s", "browser-a", "t1");
        assert_ne!(k, "t1");
        assert_ne!(k, key(b"s", "browser-b", "t1"));
        assert_ne!(k, key(b"s", "browser-a", "t2"));
        assert_ne!(k, key(b"other", "browser-a", "t1"));
        assert_eq!(k, key(b"s", "browser-a", "t1"));
        assert_ne!(key(b"s", "browser-a", &k), k, "a stored key posted back is another key");
    }
}
