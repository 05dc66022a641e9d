//! A letter category's acknowledge and resolve clocks, and whether
//! residents may choose it.

use crate::db::audit::{self, AuditActor};
use crate::db::{self, DbConn, DbError, letter_categories};

/// The clocks are in days, already checked (`domain::letter_clocks`).
/// False when no category has this code.
pub fn update(
    conn: &mut DbConn,
    code: &str,
    ack_days: i32,
    resolve_days: i32,
    active: bool,
    actor: &AuditActor,
) -> Result<bool, DbError> {
    db::write_tx(conn, |conn| {
        if !letter_categories::update(conn, code, ack_days, resolve_days, active)? {
            return Ok(false);
        }
        let detail = format!("{code}: {ack_days}/{resolve_days} active={active}");
        audit::record(
            conn,
            actor,
            "letter_category.update",
            Some(("letter_category", code)),
            &detail,
        )?;
        Ok(true)
    })
}
