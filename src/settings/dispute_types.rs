//! Dispute types (DESIGN.md §5.4, issue 13): admins rename the labels,
//! reorder and retire or restore the statutory types. Each change is a
//! conditional write on the row's version, with its audit row, in one
//! transaction.

use super::{CatalogueEditError, missed};
use crate::db::audit::{self, AuditActor};
use crate::db::{self, DbConn, dispute_types};

/// The checked values of the edit form.
pub struct DisputeTypeEdit {
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
}

pub fn update(
    conn: &mut DbConn,
    code: &str,
    seen_version: i32,
    edit: &DisputeTypeEdit,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        let names = (edit.name_zh.as_str(), edit.name_en.as_str());
        if !dispute_types::update_if_version(conn, code, seen_version, names, edit.sort_order)? {
            return Err(missed(dispute_types::find(conn, code)?.is_some()));
        }
        let detail = format!("{} / {} #{}", edit.name_zh, edit.name_en, edit.sort_order);
        audit::record(
            conn,
            actor,
            "dispute_type.update",
            Some(("dispute_type", code)),
            &detail,
        )?;
        Ok(())
    })
}

/// Retires the type (no longer offered on new cases) or restores it.
pub fn set_retired(
    conn: &mut DbConn,
    code: &str,
    seen_version: i32,
    retire: bool,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        let at = retire.then(db::now_ts);
        if !dispute_types::set_retired_if_version(conn, code, seen_version, at)? {
            return Err(missed(dispute_types::find(conn, code)?.is_some()));
        }
        let action = if retire {
            "dispute_type.retire"
        } else {
            "dispute_type.restore"
        };
        audit::record(conn, actor, action, Some(("dispute_type", code)), code)?;
        Ok(())
    })
}
