//! The `letter_pending_photos` table: photos accepted on a letter form that
//! was refused for another reason, kept against the form (its token key)
//! until the letter is stored or a day has passed.

use diesel::prelude::*;

use super::schema::letter_pending_photos as pending;
use super::{DbConn, new_id, now_ts};
use crate::domain::letters::MAX_PHOTOS;
use crate::uploads::StoredFile;

/// How long a refused form's photos wait for the form to be sent again.
pub const KEEP_SECS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pending)]
pub struct PendingPhoto {
    pub id: String,
    pub token_key: String,
    pub slot: i32,
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

impl PendingPhoto {
    pub fn file(&self) -> StoredFile {
        StoredFile {
            stored_name: self.stored_name.clone(),
            mime: self.mime.clone(),
            size_bytes: self.size_bytes,
        }
    }
}

/// The form's photos, oldest slot first; expired ones are not shown.
pub fn for_form(conn: &mut DbConn, key: &str) -> QueryResult<Vec<PendingPhoto>> {
    pending::table
        .filter(pending::token_key.eq(key))
        .filter(pending::created_at.gt(now_ts() - KEEP_SECS))
        .order(pending::slot.asc())
        .select(PendingPhoto::as_select())
        .load(conn)
}

/// Stores all of `files` in the form's free slots, or none when they do not
/// all fit, inside the caller's write transaction; returns how many were
/// stored. The UNIQUE (token_key, slot) constraint makes a concurrent post
/// that took the same slot fail, so the count can never pass [`MAX_PHOTOS`].
pub fn add(conn: &mut DbConn, key: &str, files: &[StoredFile]) -> QueryResult<usize> {
    let taken: Vec<i32> = pending::table
        .filter(pending::token_key.eq(key))
        .select(pending::slot)
        .load(conn)?;
    let free: Vec<i32> = (1..=MAX_PHOTOS as i32).filter(|s| !taken.contains(s)).collect();
    if free.len() < files.len() {
        return Ok(0);
    }
    let now = now_ts();
    let mut stored = 0;
    for (&slot, file) in free.iter().zip(files) {
        diesel::insert_into(pending::table)
            .values((
                pending::id.eq(new_id()),
                pending::token_key.eq(key),
                pending::slot.eq(slot),
                pending::stored_name.eq(&file.stored_name),
                pending::mime.eq(&file.mime),
                pending::size_bytes.eq(file.size_bytes),
                pending::created_at.eq(now),
            ))
            .execute(conn)?;
        stored += 1;
    }
    Ok(stored)
}

/// Removes one photo of the form; its file name, for the caller to delete.
pub fn remove(conn: &mut DbConn, key: &str, id: &str) -> QueryResult<Option<String>> {
    diesel::delete(
        pending::table
            .filter(pending::token_key.eq(key))
            .filter(pending::id.eq(id)),
    )
    .returning(pending::stored_name)
    .get_result(conn)
    .optional()
}

/// Takes exactly the rows `ids` of the form, inside the letter's
/// transaction. False when one of them is gone (removed or taken by a
/// concurrent post): the caller rolls back rather than store a letter with
/// a photo the resident no longer meant to send.
pub fn take(conn: &mut DbConn, key: &str, ids: &[String]) -> QueryResult<bool> {
    if ids.is_empty() {
        return Ok(true);
    }
    let deleted = diesel::delete(
        pending::table
            .filter(pending::token_key.eq(key))
            .filter(pending::id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(deleted == ids.len())
}

/// Deletes rows older than a day; returns their file names.
pub fn purge(conn: &mut DbConn, now: i64) -> QueryResult<Vec<String>> {
    diesel::delete(pending::table.filter(pending::created_at.le(now - KEEP_SECS)))
        .returning(pending::stored_name)
        .get_results(conn)
}
