//! The district's renovation menu catalogue (DESIGN.md §4.1).

use crate::db::audit::{self, AuditActor};
use crate::db::menu_items::{self, NewMenuItem};
use crate::db::{self, DbConn, DbError};

/// Adds an item to the menu. Returns its id.
pub fn create(conn: &mut DbConn, item: &NewMenuItem<'_>, actor: &AuditActor) -> Result<String, DbError> {
    db::write_tx(conn, |conn| {
        let id = menu_items::insert(conn, item)?;
        audit::record(conn, actor, "menu.create", Some(("menu_item", &id)), item.name)?;
        Ok(id)
    })
}
