//! The district's renovation menu catalogue (DESIGN.md §4.1): admins add,
//! edit, retire and restore items. Projects keep a copy of each item's
//! terms (`db::projects::ItemTerms`), so an edit here never changes what a
//! consultation already put to residents.

use super::{CatalogueEditError, missed};
use crate::db::audit::{self, AuditActor};
use crate::db::menu_items::{self, MenuItemEdit, NewMenuItem};
use crate::db::{self, DbConn, DbError};

/// Adds an item to the menu. Returns its id.
pub fn create(conn: &mut DbConn, item: &NewMenuItem<'_>, actor: &AuditActor) -> Result<String, DbError> {
    db::write_tx(conn, |conn| {
        let id = menu_items::insert(conn, item)?;
        audit::record(conn, actor, "menu.create", Some(("menu_item", &id)), item.name)?;
        Ok(id)
    })
}

/// Saves an edit made on the item as it stood at `seen_version`.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    seen_version: i32,
    edit: &MenuItemEdit,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !menu_items::update_if_version(conn, id, seen_version, edit)? {
            return Err(missed(menu_items::find(conn, id)?.is_some()));
        }
        let detail = format!(
            "{} {} {}/{} {} neighbour={} #{}",
            edit.name,
            edit.class.code(),
            edit.unit_cost_cents,
            edit.cost_unit,
            edit.default_rule.code(),
            edit.needs_neighbour_consent,
            edit.sort_order
        );
        audit::record(conn, actor, "menu.update", Some(("menu_item", id)), &detail)?;
        Ok(())
    })
}

/// Retires the item (no longer offered to new projects) or restores it.
pub fn set_retired(
    conn: &mut DbConn,
    id: &str,
    seen_version: i32,
    retire: bool,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !menu_items::set_retired_if_version(conn, id, seen_version, retire.then(db::now_ts))? {
            return Err(missed(menu_items::find(conn, id)?.is_some()));
        }
        let name = menu_items::find(conn, id)?.map(|m| m.name).unwrap_or_default();
        let action = if retire { "menu.retire" } else { "menu.restore" };
        audit::record(conn, actor, action, Some(("menu_item", id)), &name)?;
        Ok(())
    })
}
