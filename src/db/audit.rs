//! The append-only `audit_log` table. The application only inserts and reads;
//! database triggers refuse UPDATE and DELETE.

use diesel::prelude::*;

use super::schema::audit_log;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

/// Who did it and from where; built by the web layer from the request.
#[derive(Debug, Clone, Default)]
pub struct AuditActor {
    pub user_id: Option<String>,
    pub label: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl AuditActor {
    pub fn system() -> Self {
        AuditActor {
            label: "system".to_owned(),
            ..Default::default()
        }
    }
}

/// What the admin page filters on. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_label: Option<String>,
    pub from_ts: Option<i64>,
    pub to_ts: Option<i64>,
    /// Keyset cursor: only entries with an id below this one.
    pub before_id: Option<String>,
}

pub fn record(
    conn: &mut DbConn,
    actor: &AuditActor,
    action: &str,
    target: Option<(&str, &str)>,
    detail: &str,
) -> QueryResult<()> {
    let entry = AuditEntry {
        id: new_id(),
        at: now_ts(),
        actor_id: actor.user_id.clone(),
        actor_label: actor.label.clone(),
        action: action.to_owned(),
        target_kind: target.map(|t| t.0.to_owned()),
        target_id: target.map(|t| t.1.to_owned()),
        detail: detail.to_owned(),
        ip: actor.ip.clone(),
        request_id: actor.request_id.clone(),
    };
    diesel::insert_into(audit_log::table)
        .values(&entry)
        .execute(conn)
        .map(|_| ())
}

/// Newest first, keyset-paginated on the time-ordered id.
pub fn list(conn: &mut DbConn, filter: &AuditFilter, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    let mut query = audit_log::table.select(AuditEntry::as_select()).into_boxed();
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(label) = &filter.actor_label {
        query = query.filter(audit_log::actor_label.eq(label.clone()));
    }
    if let Some(from) = filter.from_ts {
        query = query.filter(audit_log::at.ge(from));
    }
    if let Some(to) = filter.to_ts {
        query = query.filter(audit_log::at.lt(to));
    }
    if let Some(before) = &filter.before_id {
        query = query.filter(audit_log::id.lt(before.clone()));
    }
    query.order(audit_log::id.desc()).limit(limit).load(conn)
}

pub fn distinct_actions(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    audit_log::table
        .select(audit_log::action)
        .distinct()
        .order(audit_log::action.asc())
        .load(conn)
}

pub fn count_action(conn: &mut DbConn, action: &str) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(conn)
}
