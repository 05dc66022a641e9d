//! The `letter_categories` table: the configurable list with its clocks.

use diesel::prelude::*;

use super::DbConn;
use super::schema::letter_categories;
use crate::i18n::Lang;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = letter_categories)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub ack_days: i32,
    pub resolve_days: i32,
    pub sort_order: i32,
    pub active: bool,
}

impl Category {
    /// Category names are data (admins may add categories), kept in both languages.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            _ => &self.name_zh,
        }
    }
}

/// All categories, in display order (inactive ones too, for old letters).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Category>> {
    letter_categories::table
        .order((letter_categories::sort_order.asc(), letter_categories::code.asc()))
        .select(Category::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<Category>> {
    letter_categories::table
        .find(code)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

/// Changes a category's clocks and whether residents may choose it. Letters
/// already received keep the due times they arrived with.
pub fn update(conn: &mut DbConn, code: &str, ack_days: i32, resolve_days: i32, active: bool) -> QueryResult<bool> {
    let n = diesel::update(letter_categories::table.find(code))
        .set((
            letter_categories::ack_days.eq(ack_days),
            letter_categories::resolve_days.eq(resolve_days),
            letter_categories::active.eq(active),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
