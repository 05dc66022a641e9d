//! The `letter_categories` table: the configurable list with its clocks.

use diesel::prelude::*;
use std::borrow::Borrow;

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
    /// Offered to residents; false once an admin retired the category.
    pub active: bool,
    pub version: i32,
}

/// A category's editable values, checked.
pub struct CategoryEdit {
    pub name_zh: String,
    pub name_en: String,
    pub ack_days: i32,
    pub resolve_days: i32,
    pub sort_order: i32,
}

impl Category {
    /// Category names are data (admins may add categories), kept in both languages.
    pub fn name(&self, lang: impl Borrow<Lang>) -> &str {
        match lang.borrow() {
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

/// Adds a category, offered at once. A taken code fails with the
/// primary key's unique violation (no check-then-insert race).
pub fn insert(conn: &mut DbConn, code: &str, edit: &CategoryEdit) -> QueryResult<()> {
    diesel::insert_into(letter_categories::table)
        .values((
            letter_categories::code.eq(code),
            letter_categories::name_zh.eq(&edit.name_zh),
            letter_categories::name_en.eq(&edit.name_en),
            letter_categories::ack_days.eq(edit.ack_days),
            letter_categories::resolve_days.eq(edit.resolve_days),
            letter_categories::sort_order.eq(edit.sort_order),
            letter_categories::active.eq(true),
            letter_categories::version.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// Saves an edit if the category still has `version`; false otherwise.
/// Letters already received keep the due times they arrived with.
pub fn update_if_version(conn: &mut DbConn, code: &str, version: i32, edit: &CategoryEdit) -> QueryResult<bool> {
    let n = diesel::update(
        letter_categories::table
            .find(code)
            .filter(letter_categories::version.eq(version)),
    )
    .set((
        letter_categories::name_zh.eq(&edit.name_zh),
        letter_categories::name_en.eq(&edit.name_en),
        letter_categories::ack_days.eq(edit.ack_days),
        letter_categories::resolve_days.eq(edit.resolve_days),
        letter_categories::sort_order.eq(edit.sort_order),
        letter_categories::version.eq(letter_categories::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Offers (`active`) or retires a category if it still has `version`.
pub fn set_active_if_version(conn: &mut DbConn, code: &str, version: i32, active: bool) -> QueryResult<bool> {
    let n = diesel::update(
        letter_categories::table
            .find(code)
            .filter(letter_categories::version.eq(version)),
    )
    .set((
        letter_categories::active.eq(active),
        letter_categories::version.eq(letter_categories::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
