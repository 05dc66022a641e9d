//! Letter categories (DESIGN.md §4.5): admins add them, edit their names,
//! clocks and order, and retire or restore them. Letters keep their
//! category (and its label) whatever happens to it later.

use super::{CatalogueEditError, missed};
use crate::db::audit::{self, AuditActor};
use crate::db::letter_categories::{self, CategoryEdit};
use crate::db::{self, DbConn, DbError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

fn detail(code: &str, edit: &CategoryEdit) -> String {
    format!(
        "{code}: {} / {} {}/{} #{}",
        edit.name_zh, edit.name_en, edit.ack_days, edit.resolve_days, edit.sort_order
    )
}

/// Adds a category; false when its code is taken (also when a concurrent
/// create of the same code committed first: the insert meets the key).
pub fn create(conn: &mut DbConn, code: &str, edit: &CategoryEdit, actor: &AuditActor) -> Result<bool, DbError> {
    let result = db::write_tx(conn, |conn| {
        letter_categories::insert(conn, code, edit)?;
        let target = Some(("letter_category", code));
        audit::record(conn, actor, "letter_category.create", target, &detail(code, edit))
    });
    match result {
        Ok(()) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Saves an edit made on the category as it stood at `seen_version`.
pub fn update(
    conn: &mut DbConn,
    code: &str,
    seen_version: i32,
    edit: &CategoryEdit,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !letter_categories::update_if_version(conn, code, seen_version, edit)? {
            return Err(missed(letter_categories::find(conn, code)?.is_some()));
        }
        let target = Some(("letter_category", code));
        audit::record(conn, actor, "letter_category.update", target, &detail(code, edit))?;
        Ok(())
    })
}

/// Retires the category (no longer offered to residents) or restores it.
pub fn set_retired(
    conn: &mut DbConn,
    code: &str,
    seen_version: i32,
    retire: bool,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !letter_categories::set_active_if_version(conn, code, seen_version, !retire)? {
            return Err(missed(letter_categories::find(conn, code)?.is_some()));
        }
        let action = if retire {
            "letter_category.retire"
        } else {
            "letter_category.restore"
        };
        audit::record(conn, actor, action, Some(("letter_category", code)), code)?;
        Ok(())
    })
}
