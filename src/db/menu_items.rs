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
