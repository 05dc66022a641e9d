//! The `notifications` outbox. Rows are inserted inside the transaction of
//! the change they announce; the worker claims due rows with a lease that
//! holds across app instances, delivers outside any transaction, then
//! records the outcome only if it still holds the lease.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::notifications;
use super::{DbConn, write_tx};
use crate::domain::notification::{ChannelKind, NotificationState, NotificationTemplate, ObjectKind, RecipientKind};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: String,
    pub recipient_kind: RecipientKind,
    pub recipient_user_id: Option<String>,
    /// `FieldCipher::seal` of the phone number or e-mail address.
    pub address_sealed: String,
    /// Keyed hash of the address: what opt-outs are matched on.
    pub address_hash: String,
    pub channel: ChannelKind,
    pub template: NotificationTemplate,
    /// JSON object of the template's parameters (codes and numbers only).
    pub params: String,
    pub object_kind: ObjectKind,
    pub object_id: String,
    pub state: NotificationState,
    pub attempts: i32,
    pub next_attempt_at: i64,
    /// A short category of the last failure, never the gateway's own text
    /// (which may quote the address back).
    pub last_error: String,
    pub lease_owner: Option<String>,
    pub leased_until: Option<i64>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, row: &Notification) -> QueryResult<()> {
    diesel::insert_into(notifications::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rows a worker may take at `now`: pending and due, or leased by a
/// worker whose lease ran out (it died or hung mid-delivery).
macro_rules! claimable {
    ($now:expr) => {
        (notifications::state
            .eq(NotificationState::Pending)
            .and(notifications::next_attempt_at.le($now))
            .and(
                notifications::leased_until
                    .is_null()
                    .or(notifications::leased_until.lt($now)),
            ))
        .or(notifications::state
            .eq(NotificationState::Sending)
            .and(notifications::leased_until.lt($now)))
    };
}

/// Who claims, when, and for how long.
pub struct Lease<'a> {
    pub owner: &'a str,
    pub now: i64,
    pub until: i64,
}

/// Claims up to `limit` due rows for `lease.owner`, each counted as one
/// more attempt. On PostgreSQL the candidates are locked with `FOR UPDATE
/// SKIP LOCKED`, so concurrent workers take disjoint rows without waiting;
/// on SQLite each row is taken by a conditional UPDATE that only one
/// writer can win (writes are serialised). Either way a row is never
/// handed to two workers while a lease holds.
pub fn claim_due(conn: &mut DbConn, lease: &Lease<'_>, limit: i64) -> QueryResult<Vec<Notification>> {
    let claimed: Vec<String> = match conn {
        DbConn::Pg(_) => write_tx(conn, |conn| {
            let DbConn::Pg(pg) = conn else {
                unreachable!("matched PostgreSQL above")
            };
            let ids: Vec<String> = notifications::table
                .filter(claimable!(lease.now))
                .order(notifications::next_attempt_at.asc())
                .limit(limit)
                .select(notifications::id)
                .for_update()
                .skip_locked()
                .load(pg)?;
            for id in &ids {
                take(conn, id, lease)?;
            }
            Ok::<_, diesel::result::Error>(ids)
        })?,
        DbConn::Sqlite(_) => {
            let candidates: Vec<String> = notifications::table
                .filter(claimable!(lease.now))
                .order(notifications::next_attempt_at.asc())
                .limit(limit)
                .select(notifications::id)
                .load(conn)?;
            let mut won = Vec::new();
            for id in candidates {
                if take(conn, &id, lease)? {
                    won.push(id);
                }
            }
            won
        }
    };
    notifications::table
        .filter(notifications::id.eq_any(&claimed))
        .select(Notification::as_select())
        .load(conn)
}

/// The conditional UPDATE that takes one row: it repeats the claimable
/// test, so of two workers that both saw the row only one changes it.
fn take(conn: &mut DbConn, id: &str, lease: &Lease<'_>) -> QueryResult<bool> {
    let taken = diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(claimable!(lease.now)),
    )
    .set((
        notifications::state.eq(NotificationState::Sending),
        notifications::lease_owner.eq(lease.owner),
        notifications::leased_until.eq(lease.until),
        notifications::attempts.eq(notifications::attempts + 1),
    ))
    .execute(conn)?;
    Ok(taken == 1)
}

/// How an attempt ended, as the worker records it.
pub enum Finish<'a> {
    Sent,
    RetryAt(i64, &'a str),
    Failed(&'a str),
    /// The address opted out after the row was written.
    Cancelled,
}

/// Records the outcome of a delivery, only while `owner` still holds the
/// row (a worker whose lease expired and was taken over writes nothing).
pub fn finish(conn: &mut DbConn, id: &str, owner: &str, now: i64, outcome: Finish<'_>) -> QueryResult<bool> {
    let (state, next_at, error, sent_at) = match outcome {
        Finish::Sent => (NotificationState::Sent, None, "", Some(now)),
        Finish::RetryAt(at, error) => (NotificationState::Pending, Some(at), error, None),
        Finish::Failed(error) => (NotificationState::Failed, None, error, None),
        Finish::Cancelled => (NotificationState::Cancelled, None, "", None),
    };
    let target = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::lease_owner.eq(owner))
        .filter(notifications::state.eq(NotificationState::Sending));
    // One statement: a retry's wait is written with its state, so no other
    // worker can see the row pending and already due in between. For the
    // final states the time is not read again.
    let changed = diesel::update(target)
        .set((
            notifications::state.eq(state),
            notifications::last_error.eq(error),
            notifications::sent_at.eq(sent_at),
            notifications::next_attempt_at.eq(next_at.unwrap_or(now)),
            notifications::lease_owner.eq(None::<String>),
            notifications::leased_until.eq(None::<i64>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Extends `owner`'s lease on a row just before it is delivered. A batch is
/// claimed under one deadline and delivered one row after another, so a
/// slow gateway could outlast it; a row whose lease already ran out (and
/// may be another worker's now) is not renewed, and the caller skips it.
pub fn renew(conn: &mut DbConn, id: &str, owner: &str, now: i64, until: i64) -> QueryResult<bool> {
    let held = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::lease_owner.eq(owner))
        .filter(notifications::state.eq(NotificationState::Sending))
        .filter(notifications::leased_until.ge(now));
    let changed = diesel::update(held)
        .set(notifications::leased_until.eq(until))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Messages not yet sent (pending or being sent), for the metrics.
pub fn waiting(conn: &mut DbConn) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::state.eq_any([NotificationState::Pending, NotificationState::Sending]))
        .count()
        .get_result(conn)
}

/// An admin's retry of a failed message: due now, with a fresh count of
/// attempts. Conditional, so two admins clicking at once retry it once.
pub fn retry_failed(conn: &mut DbConn, id: &str, now: i64) -> QueryResult<bool> {
    let target = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::state.eq(NotificationState::Failed));
    let changed = diesel::update(target)
        .set((
            notifications::state.eq(NotificationState::Pending),
            notifications::attempts.eq(0),
            notifications::next_attempt_at.eq(now),
            notifications::last_error.eq(""),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// An opt-out stops what is still waiting for that address.
pub fn cancel_waiting_for(conn: &mut DbConn, address_hash: &str) -> QueryResult<usize> {
    let target = notifications::table
        .filter(notifications::address_hash.eq(address_hash))
        .filter(notifications::state.eq(NotificationState::Pending));
    diesel::update(target)
        .set(notifications::state.eq(NotificationState::Cancelled))
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Notification>> {
    notifications::table
        .find(id)
        .select(Notification::as_select())
        .first(conn)
        .optional()
}

/// How many rows are in each state (the admin page's summary).
pub fn counts_by_state(conn: &mut DbConn) -> QueryResult<Vec<(NotificationState, i64)>> {
    notifications::table
        .group_by(notifications::state)
        .select((notifications::state, count_star()))
        .load(conn)
}

/// The newest failures, for an admin to look at and retry.
pub fn failures(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::state.eq(NotificationState::Failed))
        .order(notifications::created_at.desc())
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)
}

/// Every message about one letter or case, oldest first.
pub fn for_object(conn: &mut DbConn, kind: ObjectKind, id: &str) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::object_kind.eq(kind))
        .filter(notifications::object_id.eq(id))
        .order(notifications::id.asc())
        .select(Notification::as_select())
        .load(conn)
}
