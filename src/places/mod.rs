//! Admin place management (issue 13, DESIGN.md §3): rename, move, retire
//! and restore a place, and import the hierarchy from CSV (`import`).
//! Every change is one transaction with its audit row, and names the
//! version the admin saw: a change made meanwhile by someone else is a
//! conflict, never silently overwritten.

pub mod contact;
pub mod import;

use crate::db::audit::{self, AuditActor};
use crate::db::places::{self, Place};
use crate::db::{DbConn, TxVerdict, change_tx, now_ts, place_admin};
use crate::domain::place::{PlaceKind, move_refusal};
use crate::domain::renovation::{MAX_PLACE_NAME_CHARS, required_text};

/// A short name (used in case numbers) is at most this long.
pub const MAX_SHORT_NAME_CHARS: usize = 10;

/// How a change went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Done,
    /// Someone changed the place since the admin loaded it.
    Conflict,
    /// A field error: the field and the catalogue key.
    Refused(&'static str, &'static str),
    NotFound,
}

impl TxVerdict for Change {
    fn commits(&self) -> bool {
        *self == Change::Done
    }
}

/// Two admins giving two siblings one name at the same moment both pass
/// the check; the unique index (parent, name) stops the second, which is
/// told as if the check had caught it.
fn taken_on_race(result: diesel::QueryResult<Change>, field: &'static str) -> diesel::QueryResult<Change> {
    use diesel::result::{DatabaseErrorKind, Error};
    match result {
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(Change::Refused(field, "places.err_duplicate"))
        }
        other => other,
    }
}

/// The place, when it is still at `version`; else why not.
fn current(conn: &mut DbConn, id: &str, version: i32) -> diesel::QueryResult<Result<Place, Change>> {
    Ok(match places::find(conn, id)? {
        None => Err(Change::NotFound),
        Some(p) if p.version != version => Err(Change::Conflict),
        Some(p) => Ok(p),
    })
}

/// Whether another child of `parent` already has this name.
fn name_taken(conn: &mut DbConn, parent: Option<&str>, name: &str, except: &str) -> diesel::QueryResult<bool> {
    Ok(places::find_child(conn, parent, name)?.is_some_and(|p| p.id != except))
}

pub fn rename(
    conn: &mut DbConn,
    actor: &AuditActor,
    id: &str,
    version: i32,
    name: &str,
    short_name: &str,
) -> diesel::QueryResult<Change> {
    let name = match required_text(name, MAX_PLACE_NAME_CHARS) {
        Ok(name) => name,
        Err(key) => return Ok(Change::Refused("name", key)),
    };
    let short = short_name.trim();
    if short.chars().count() > MAX_SHORT_NAME_CHARS {
        return Ok(Change::Refused("short_name", "form.error.too_long"));
    }
    let short = (!short.is_empty()).then_some(short);
    let result = change_tx(conn, |conn| {
        let place = match current(conn, id, version)? {
            Ok(p) => p,
            Err(change) => return Ok(change),
        };
        if name_taken(conn, place.parent_id.as_deref(), &name, id)? {
            return Ok(Change::Refused("name", "places.err_duplicate"));
        }
        if !place_admin::rename(conn, id, version, &name, short)? {
            return Ok(Change::Conflict);
        }
        let detail = format!("{} → {}", place.name, name);
        audit::record(conn, actor, "place.rename", Some(("place", id)), &detail)?;
        Ok(Change::Done)
    });
    taken_on_race(result, "name")
}

/// Moves a community, grid or compound under a new parent of the level
/// above it. The cases and letters recorded under its old street and
/// community keep those: history stays as it was recorded.
pub fn move_to(
    conn: &mut DbConn,
    actor: &AuditActor,
    id: &str,
    version: i32,
    parent_id: &str,
) -> diesel::QueryResult<Change> {
    let result = change_tx(conn, |conn| {
        let place = match current(conn, id, version)? {
            Ok(p) => p,
            Err(change) => return Ok(change),
        };
        let lineage: Vec<(String, PlaceKind)> = match parent_id.trim() {
            "" => Vec::new(),
            parent => places::lineage(conn, parent)?
                .into_iter()
                .map(|p| (p.id, p.kind))
                .collect(),
        };
        if let Some(key) = move_refusal(id, place.kind, &lineage) {
            return Ok(Change::Refused("parent_id", key));
        }
        let parent = places::find(conn, parent_id.trim())?.ok_or(diesel::result::Error::NotFound)?;
        if parent.is_retired() {
            return Ok(Change::Refused("parent_id", "admin_places.err_parent_retired"));
        }
        if place.parent_id.as_deref() == Some(parent.id.as_str()) {
            return Ok(Change::Refused("parent_id", "admin_places.err_same_parent"));
        }
        if name_taken(conn, Some(&parent.id), &place.name, id)? {
            return Ok(Change::Refused("parent_id", "places.err_duplicate"));
        }
        let order = i32::try_from(places::children(conn, &parent.id)?.len()).unwrap_or(0);
        if !place_admin::set_parent(conn, id, version, &parent.id, order)? {
            return Ok(Change::Conflict);
        }
        let from = match place.parent_id.as_deref() {
            Some(old) => places::find(conn, old)?.map(|p| p.name).unwrap_or_default(),
            None => String::new(),
        };
        let detail = format!("{from} → {}", parent.name);
        audit::record(conn, actor, "place.move", Some(("place", id)), &detail)?;
        Ok(Change::Done)
    });
    taken_on_race(result, "parent_id")
}

/// Retires a place (`retire`) or restores it. The district is never
/// retired; a place already in the asked state is a conflict (someone
/// else did it first).
pub fn set_retired(
    conn: &mut DbConn,
    actor: &AuditActor,
    id: &str,
    version: i32,
    retire: bool,
) -> diesel::QueryResult<Change> {
    change_tx(conn, |conn| {
        let place = match current(conn, id, version)? {
            Ok(p) => p,
            Err(change) => return Ok(change),
        };
        if place.kind == PlaceKind::District {
            return Ok(Change::Refused("retired", "admin_places.err_district"));
        }
        if place.is_retired() == retire {
            return Ok(Change::Conflict);
        }
        let at = retire.then(now_ts);
        if !place_admin::set_retired(conn, id, version, at)? {
            return Ok(Change::Conflict);
        }
        let action = if retire { "place.retire" } else { "place.restore" };
        audit::record(conn, actor, action, Some(("place", id)), &place.name)?;
        Ok(Change::Done)
    })
}
