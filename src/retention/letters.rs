//! Letters answered before the cutoff: the contact name and phone are
//! cleared and the photos deleted. The letter itself (place, category, text,
//! dates, status) stays: it is the record of what residents asked and how
//! the centre answered, and the statistics count it.

use diesel::dsl::exists;
use diesel::prelude::*;

use super::Batch;
use crate::db::schema::{letter_photos, letters};
use crate::db::{DbConn, DbError};
use crate::uploads::Folder;

/// Letters due, and their photos.
pub(super) fn due(conn: &mut DbConn, cutoff: i64) -> Result<(u64, u64), DbError> {
    let has_photo = exists(letter_photos::table.filter(letter_photos::letter_id.eq(letters::id)));
    let records: i64 = letters::table
        .filter(letters::resolved_at.lt(cutoff))
        .filter(
            letters::contact_name
                .ne("")
                .or(letters::contact_phone.ne(""))
                .or(has_photo),
        )
        .count()
        .get_result(conn)?;
    let files: i64 = letter_photos::table
        .inner_join(letters::table)
        .filter(letters::resolved_at.lt(cutoff))
        .count()
        .get_result(conn)?;
    Ok((records as u64, files as u64))
}

pub(super) fn purge(conn: &mut DbConn, cutoff: i64, limit: i64) -> Result<Batch, DbError> {
    let has_photo = exists(letter_photos::table.filter(letter_photos::letter_id.eq(letters::id)));
    let ids: Vec<String> = letters::table
        .filter(letters::resolved_at.lt(cutoff))
        .filter(
            letters::contact_name
                .ne("")
                .or(letters::contact_phone.ne(""))
                .or(has_photo),
        )
        .select(letters::id)
        .order(letters::id)
        .limit(limit)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(Batch::default());
    }
    let photos: Vec<String> = letter_photos::table
        .filter(letter_photos::letter_id.eq_any(&ids))
        .select(letter_photos::stored_name)
        .load(conn)?;
    diesel::delete(letter_photos::table.filter(letter_photos::letter_id.eq_any(&ids))).execute(conn)?;
    // Conditional on the letter still being answered before the cutoff: a
    // letter reopened since it was read keeps its contact.
    let records = diesel::update(
        letters::table
            .filter(letters::id.eq_any(&ids))
            .filter(letters::resolved_at.lt(cutoff)),
    )
    .set((letters::contact_name.eq(""), letters::contact_phone.eq("")))
    .execute(conn)?;
    Ok(Batch {
        records: records as u64,
        files: photos.into_iter().map(|name| (Folder::Letters, name)).collect(),
    })
}
