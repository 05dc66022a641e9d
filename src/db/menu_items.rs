//! The `menu_items` table: the district's renovation menu (DESIGN.md §4.1).

use crate::domain::consensus::DecisionRule;
use crate::domain::renovation::MenuClass;
use diesel::prelude::*;

use super::schema::menu_items;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = menu_items)]
pub struct MenuItem {
    pub id: String,
    pub name: String,
    pub class: MenuClass,
    pub unit_cost_cents: i64,
    pub cost_unit: String,
    pub default_rule: DecisionRule,
    pub needs_neighbour_consent: bool,
    pub sort_order: i32,
    pub created_at: i64,
    /// Set when the item stopped being offered to new projects.
    pub retired_at: Option<i64>,
    pub version: i32,
}

/// A menu item's editable values (the edit form, checked).
pub struct MenuItemEdit {
    pub name: String,
    pub class: MenuClass,
    pub unit_cost_cents: i64,
    pub cost_unit: String,
    pub default_rule: DecisionRule,
    pub needs_neighbour_consent: bool,
    pub sort_order: i32,
}

pub struct NewMenuItem<'a> {
    pub name: &'a str,
    pub class: MenuClass,
    pub unit_cost_cents: i64,
    pub cost_unit: &'a str,
    pub default_rule: DecisionRule,
    pub needs_neighbour_consent: bool,
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<MenuItem>> {
    menu_items::table
        .order((menu_items::sort_order.asc(), menu_items::name.asc()))
        .select(MenuItem::as_select())
        .load(conn)
}

/// The items staff may add to a project: not retired.
pub fn offered(conn: &mut DbConn) -> QueryResult<Vec<MenuItem>> {
    menu_items::table
        .filter(menu_items::retired_at.is_null())
        .order((menu_items::sort_order.asc(), menu_items::name.asc()))
        .select(MenuItem::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<MenuItem>> {
    menu_items::table
        .find(id)
        .select(MenuItem::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<MenuItem>> {
    menu_items::table
        .filter(menu_items::name.eq(name))
        .select(MenuItem::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, item: &NewMenuItem<'_>) -> QueryResult<String> {
    let id = new_id();
    let last: Option<i32> = menu_items::table
        .select(diesel::dsl::max(menu_items::sort_order))
        .first(conn)?;
    diesel::insert_into(menu_items::table)
        .values((
            menu_items::id.eq(&id),
            menu_items::name.eq(item.name),
            menu_items::class.eq(item.class),
            menu_items::unit_cost_cents.eq(item.unit_cost_cents),
            menu_items::cost_unit.eq(item.cost_unit),
            menu_items::default_rule.eq(item.default_rule),
            menu_items::needs_neighbour_consent.eq(item.needs_neighbour_consent),
            menu_items::sort_order.eq(last.unwrap_or(0) + 10),
            menu_items::created_at.eq(now_ts()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Saves an edit if the item still has `version`; false otherwise.
pub fn update_if_version(conn: &mut DbConn, id: &str, version: i32, edit: &MenuItemEdit) -> QueryResult<bool> {
    let n = diesel::update(menu_items::table.find(id).filter(menu_items::version.eq(version)))
        .set((
            menu_items::name.eq(&edit.name),
            menu_items::class.eq(edit.class),
            menu_items::unit_cost_cents.eq(edit.unit_cost_cents),
            menu_items::cost_unit.eq(&edit.cost_unit),
            menu_items::default_rule.eq(edit.default_rule),
            menu_items::needs_neighbour_consent.eq(edit.needs_neighbour_consent),
            menu_items::sort_order.eq(edit.sort_order),
            menu_items::version.eq(menu_items::version + 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Retires (`Some(time)`) or restores (`None`) an item if it still has `version`.
pub fn set_retired_if_version(conn: &mut DbConn, id: &str, version: i32, retired_at: Option<i64>) -> QueryResult<bool> {
    let n = diesel::update(menu_items::table.find(id).filter(menu_items::version.eq(version)))
        .set((
            menu_items::retired_at.eq(retired_at),
            menu_items::version.eq(menu_items::version + 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
