//! Dispute types (DESIGN.md §5.4, issue 13): admins rename the labels,
//! regroup them and reword their plain-words hints (issue 14 item 2),
//! reorder and retire or restore the statutory types, and add local types
//! that each count as one statutory type. Each change is a conditional
//! write on the row's version (or an insert the key decides), with its
//! audit row, in one transaction.

use super::{CatalogueEditError, missed};
use crate::db::audit::{self, AuditActor};
use crate::db::dispute_types::TypeValues;
use crate::db::{self, DbConn, DbError, dispute_types};
use crate::domain::mediation::{DisputeGroup, DisputeType};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// The checked values of the edit form.
pub struct DisputeTypeEdit {
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
    pub group: DisputeGroup,
    pub hint_zh: String,
    pub hint_en: String,
}

impl DisputeTypeEdit {
    /// What the audit row says the type now reads as, in both languages
    /// (the log is read in either).
    fn described(&self) -> String {
        let with_hint = |name: &str, hint: &str| match hint {
            "" => name.to_owned(),
            hint => format!("{name}（{hint}）"),
        };
        format!(
            "{} / {}",
            with_hint(&self.name_zh, &self.hint_zh),
            with_hint(&self.name_en, &self.hint_en)
        )
    }

    fn values(&self) -> TypeValues<'_> {
        TypeValues {
            name_zh: &self.name_zh,
            name_en: &self.name_en,
            sort_order: self.sort_order,
            group: self.group,
            hint_zh: &self.hint_zh,
            hint_en: &self.hint_en,
        }
    }
}

/// Adds a local type counting as `maps_to`; false when the code is taken
/// (a statutory code, another local type, or a concurrent create of the
/// same code that committed first: the insert meets the key).
pub fn create(
    conn: &mut DbConn,
    code: &str,
    maps_to: DisputeType,
    edit: &DisputeTypeEdit,
    actor: &AuditActor,
) -> Result<bool, DbError> {
    let result = db::write_tx(conn, |conn| {
        dispute_types::insert_local(conn, code, maps_to, &edit.values())?;
        // The statutory type in words, as admins name it now: the log is read by people.
        let counted_as = dispute_types::find(conn, maps_to.code())?.map_or_else(
            || maps_to.code().to_owned(),
            |t| format!("{} / {}", t.name_zh, t.name_en),
        );
        let detail = format!("{} → {counted_as}", edit.described());
        audit::record(
            conn,
            actor,
            "dispute_type.create",
            Some(("dispute_type", code)),
            &detail,
        )
    });
    match result {
        Ok(()) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn update(
    conn: &mut DbConn,
    code: &str,
    seen_version: i32,
    edit: &DisputeTypeEdit,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !dispute_types::update_if_version(conn, code, seen_version, &edit.values())? {
            return Err(missed(dispute_types::find(conn, code)?.is_some()));
        }
        let detail = edit.described();
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
        // The names, not the code: the log is read by people.
        let detail =
            dispute_types::find(conn, code)?.map_or_else(String::new, |t| format!("{} / {}", t.name_zh, t.name_en));
        audit::record(conn, actor, action, Some(("dispute_type", code)), &detail)?;
        Ok(())
    })
}
