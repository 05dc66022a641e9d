//! The `letter_photos` table: re-encoded photos stored under `uploads/`.

use diesel::prelude::*;

use super::DbConn;
use super::schema::letter_photos;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = letter_photos)]
pub struct LetterPhoto {
    pub id: String,
    pub letter_id: String,
    /// 1, 2 or 3: the number in the photo's URL.
    pub position: i32,
    /// A random file name; never derived from the upload's own name.
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, photo: &LetterPhoto) -> QueryResult<()> {
    diesel::insert_into(letter_photos::table)
        .values(photo)
        .execute(conn)
        .map(|_| ())
}

pub fn for_letter(conn: &mut DbConn, letter_id: &str) -> QueryResult<Vec<LetterPhoto>> {
    letter_photos::table
        .filter(letter_photos::letter_id.eq(letter_id))
        .order(letter_photos::position.asc())
        .select(LetterPhoto::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, letter_id: &str, position: i32) -> QueryResult<Option<LetterPhoto>> {
    letter_photos::table
        .filter(letter_photos::letter_id.eq(letter_id))
        .filter(letter_photos::position.eq(position))
        .select(LetterPhoto::as_select())
        .first(conn)
        .optional()
}
