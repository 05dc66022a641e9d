//! Attempt counters in the database, shared by every app instance.
//!
//! A caller *reserves* a hit before the slow or guessable work (argon2, a
//! receipt-code lookup) and keeps it if the attempt failed; a success gives
//! it back. The reservation is one conditional UPDATE (`hits < limit`), which
//! PostgreSQL re-checks on the locked row at READ COMMITTED and SQLite runs
//! under its write lock, so N concurrent requests never pass a limit of L
//! with more than L of them.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::rate_limits;
use super::{DbConn, DbError, write_tx};

/// What is counted and how much of it is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub bucket: String,
    pub max_hits: i32,
    pub window_seconds: i64,
}

/// A hit that was granted: its number in the window (1 = first) and when
/// the window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub number: i32,
    pub window_end: i64,
}

impl Slot {
    /// This hit used the last allowance of the window.
    pub fn is_last(&self, limit: &Limit) -> bool {
        self.number >= limit.max_hits
    }
}

/// Grants a hit, or None when the window's allowance is used up. Expired
/// rows are swept now and then so the table cannot grow without bound.
pub fn reserve(conn: &mut DbConn, limit: &Limit, now: i64) -> Result<Option<Slot>, DbError> {
    // A first hit races another first hit on the INSERT; the loser's
    // transaction is rolled back and it tries the UPDATE again.
    for _ in 0..3 {
        match write_tx(conn, |conn| try_reserve(conn, limit, now)) {
            Ok(Step::Granted(slot)) => return Ok(Some(slot)),
            Ok(Step::Refused) => return Ok(None),
            Ok(Step::Inserted(slot)) => {
                purge_expired(conn, now)?;
                return Ok(Some(slot));
            }
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    // Still contended after three tries: refuse rather than let it through.
    Ok(None)
}

enum Step {
    Granted(Slot),
    Inserted(Slot),
    Refused,
}

fn try_reserve(conn: &mut DbConn, limit: &Limit, now: i64) -> QueryResult<Step> {
    if let Some(slot) = count_hit(conn, limit, now)? {
        return Ok(Step::Granted(slot));
    }
    let row = rate_limits::table.find(&limit.bucket);
    let restarted = diesel::update(row.filter(rate_limits::window_start.le(now - limit.window_seconds)))
        .set((rate_limits::window_start.eq(now), rate_limits::hits.eq(1)))
        .execute(conn)?;
    let fresh = Slot {
        number: 1,
        window_end: now + limit.window_seconds,
    };
    if restarted == 1 {
        return Ok(Step::Granted(fresh));
    }
    if row.count().get_result::<i64>(conn)? > 0 {
        // Either the window is full, or another request restarted it after
        // our first UPDATE looked: counting once more tells which.
        return Ok(count_hit(conn, limit, now)?.map_or(Step::Refused, Step::Granted));
    }
    diesel::insert_into(rate_limits::table)
        .values((
            rate_limits::bucket.eq(&limit.bucket),
            rate_limits::window_start.eq(now),
            rate_limits::hits.eq(1),
        ))
        .execute(conn)?;
    Ok(Step::Inserted(fresh))
}

/// One more hit in an open window that has room, as a conditional UPDATE.
fn count_hit(conn: &mut DbConn, limit: &Limit, now: i64) -> QueryResult<Option<Slot>> {
    let row = rate_limits::table.find(&limit.bucket);
    let counted = diesel::update(
        row.filter(rate_limits::window_start.gt(now - limit.window_seconds))
            .filter(rate_limits::hits.lt(limit.max_hits)),
    )
    .set(rate_limits::hits.eq(rate_limits::hits + 1))
    .execute(conn)?;
    if counted == 0 {
        return Ok(None);
    }
    // Our UPDATE holds the row until COMMIT, so this reads our own hit.
    let (start, hits) = row
        .select((rate_limits::window_start, rate_limits::hits))
        .first::<(i64, i32)>(conn)?;
    Ok(Some(Slot {
        number: hits,
        window_end: start + limit.window_seconds,
    }))
}

/// Gives one reserved hit back (the attempt succeeded).
pub fn release(conn: &mut DbConn, bucket: &str) -> QueryResult<()> {
    diesel::update(rate_limits::table.find(bucket).filter(rate_limits::hits.gt(0)))
        .set(rate_limits::hits.eq(rate_limits::hits - 1))
        .execute(conn)
        .map(|_| ())
}

/// Forgets a bucket: a successful login or a password reset starts afresh.
pub fn clear(conn: &mut DbConn, bucket: &str) -> QueryResult<()> {
    diesel::delete(rate_limits::table.find(bucket))
        .execute(conn)
        .map(|_| ())
}

/// No window is longer than a day.
const LONGEST_WINDOW_SECONDS: i64 = 24 * 3600;

fn purge_expired(conn: &mut DbConn, now: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(now - LONGEST_WINDOW_SECONDS))).execute(conn)
}
