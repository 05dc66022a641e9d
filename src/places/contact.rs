//! An admin sets a street's or community's public contact (issue 14 item
//! 1). One transaction: the conditional write on the version the form was
//! built from, and its audit row; a change someone made meanwhile is a
//! conflict, never a silent overwrite.

use super::Change;
use crate::db::audit::{self, AuditActor};
use crate::db::place_contacts::{self, ContactValues};
use crate::db::{DbConn, change_tx, places};
use crate::domain::place_contact::{Contact, has_contact};

/// Writes the contact. `seen` is the version the form showed: `None` when
/// the place had no contact yet, so two admins adding the first one at once
/// do not both win.
pub fn set(
    conn: &mut DbConn,
    actor: &AuditActor,
    place_id: &str,
    seen: Option<i32>,
    contact: &Contact,
) -> diesel::QueryResult<Change> {
    let values = ContactValues {
        phone: &contact.phone,
        address: &contact.address,
        hours: &contact.hours,
    };
    change_tx(conn, |conn| {
        let Some(place) = places::find(conn, place_id)? else {
            return Ok(Change::NotFound);
        };
        if !has_contact(place.kind) {
            return Ok(Change::NotFound);
        }
        let written = match seen {
            None => place_contacts::insert(conn, place_id, &values)?,
            Some(version) => place_contacts::update_if_version(conn, place_id, version, &values)?,
        };
        if !written {
            return Ok(Change::Conflict);
        }
        // The detail is what residents will read, in the order they read it.
        let detail = format!("{} · {} · {}", contact.phone, contact.address, contact.hours);
        audit::record(conn, actor, "place.contact", Some(("place", place_id)), &detail)?;
        Ok(Change::Done)
    })
}
