//! Finished notifications (sent, failed or cancelled) created before the
//! cutoff are deleted: each holds a sealed phone number or e-mail address,
//! and once delivered or given up it serves nobody. Waiting ones stay.

use diesel::prelude::*;

use super::Batch;
use crate::db::schema::notifications;
use crate::db::{DbConn, DbError};
use crate::domain::notification::NotificationState;

const FINISHED: [NotificationState; 3] = [
    NotificationState::Sent,
    NotificationState::Failed,
    NotificationState::Cancelled,
];

fn finished() -> Vec<&'static str> {
    FINISHED.iter().map(|s| s.code()).collect()
}

pub(super) fn due(conn: &mut DbConn, cutoff: i64) -> Result<u64, DbError> {
    let n: i64 = notifications::table
        .filter(notifications::state.eq_any(finished()))
        .filter(notifications::created_at.lt(cutoff))
        .count()
        .get_result(conn)?;
    Ok(n as u64)
}

pub(super) fn purge(conn: &mut DbConn, cutoff: i64, limit: i64) -> Result<Batch, DbError> {
    let ids: Vec<String> = notifications::table
        .filter(notifications::state.eq_any(finished()))
        .filter(notifications::created_at.lt(cutoff))
        .select(notifications::id)
        .order(notifications::id)
        .limit(limit)
        .load(conn)?;
    // Conditional on the state again: a failed message an admin retried
    // since it was read is waiting now and stays.
    let records = diesel::delete(
        notifications::table
            .filter(notifications::id.eq_any(&ids))
            .filter(notifications::state.eq_any(finished())),
    )
    .execute(conn)?;
    Ok(Batch {
        records: records as u64,
        files: Vec::new(),
    })
}
