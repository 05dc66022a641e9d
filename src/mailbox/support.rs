//! "我也是": one support per browser or account for a letter on the board.

use crate::db::{self, DbConn, DbError, letter_supports, letters};
use crate::domain::letters::LetterStatus;

/// Whether the support counted. A second one from the same supporter, or
/// one for a letter not on the board, changes nothing.
pub fn support(conn: &mut DbConn, letter_id: &str, supporter_key: &str) -> Result<bool, DbError> {
    db::write_tx(conn, |conn| {
        let Some(letter) = letters::find(conn, letter_id)? else {
            return Ok(false);
        };
        if !on_board(letter.status()) || letter_supports::exists(conn, letter_id, supporter_key)? {
            return Ok(false);
        }
        letter_supports::insert(conn, letter_id, supporter_key)?;
        letters::add_support(conn, letter_id)?;
        Ok(true)
    })
}

/// Letters appear on the public board once staff have looked at them, so
/// nothing unread is published; duplicates point at their original instead.
pub fn on_board(status: LetterStatus) -> bool {
    !matches!(status, LetterStatus::Received | LetterStatus::Duplicate)
}
