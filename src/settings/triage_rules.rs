//! The triage rule table (issue 16 "triage … as a rule table that admins
//! can edit"): add, change and delete a row, each in one transaction with
//! its audit row. A change or deletion made on a row that moved on since
//! the form was built is refused, never written over.

use super::{CatalogueEditError, missed};
use crate::db::audit::{self, AuditActor};
use crate::db::triage_rules;
use crate::db::{self, DbConn, DbError};
use crate::domain::resolution::triage::TriageRule;

/// Adds a rule. Returns its id.
pub fn create(conn: &mut DbConn, rule: &TriageRule, actor: &AuditActor) -> Result<String, DbError> {
    db::write_tx(conn, |conn| {
        let id = db::new_id();
        triage_rules::insert(conn, &id, rule)?;
        audit::record(
            conn,
            actor,
            "triage.create",
            Some(("triage_rule", &id)),
            &rule.reason_zh,
        )?;
        Ok(id)
    })
}

/// Saves an edit made on the rule as it stood at `seen_version`.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    seen_version: i32,
    rule: &TriageRule,
    actor: &AuditActor,
) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        if !triage_rules::update_if_version(conn, id, seen_version, rule)? {
            return Err(missed(triage_rules::find(conn, id)?.is_some()));
        }
        audit::record(conn, actor, "triage.update", Some(("triage_rule", id)), &rule.reason_zh)?;
        Ok(())
    })
}

/// Deletes the rule as it stood at `seen_version`. Suggestions are made
/// afresh at every triage and referrals keep the reason staff wrote, so
/// nothing else points at a rule; the audit row keeps what it said.
pub fn delete(conn: &mut DbConn, id: &str, seen_version: i32, actor: &AuditActor) -> Result<(), CatalogueEditError> {
    db::write_tx(conn, |conn| {
        let Some(stored) = triage_rules::find(conn, id)? else {
            return Err(CatalogueEditError::NotFound);
        };
        if !triage_rules::delete_if_version(conn, id, seen_version)? {
            return Err(missed(true));
        }
        audit::record(
            conn,
            actor,
            "triage.delete",
            Some(("triage_rule", id)),
            &stored.rule.reason_zh,
        )?;
        Ok(())
    })
}
