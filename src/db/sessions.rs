//! The `sessions` table: server-side login sessions (DESIGN.md §8).

use diesel::prelude::*;

use super::schema::{sessions, users};
use super::users::User;
use super::{DbConn, now_ts};

pub const IDLE_TIMEOUT_SECONDS: i64 = 30 * 60;
pub const ABSOLUTE_TIMEOUT_SECONDS: i64 = 12 * 60 * 60;
/// `last_seen_at` is refreshed at most this often, so reads stay reads.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

// ---- local methods

impl Session {
    pub fn is_expired(&self, now: i64) -> bool {
        now - self.last_seen_at > IDLE_TIMEOUT_SECONDS || now - self.created_at > ABSOLUTE_TIMEOUT_SECONDS
    }

    fn needs_touch(&self, now: i64) -> bool {
        now - self.last_seen_at >= TOUCH_INTERVAL_SECONDS
    }
}

// ---- database methods

pub fn create(conn: &mut DbConn, id_hash: &str, user_id: &str) -> QueryResult<()> {
    let now = now_ts();
    let row = Session {
        id: id_hash.to_owned(),
        user_id: user_id.to_owned(),
        created_at: now,
        last_seen_at: now,
    };
    diesel::insert_into(sessions::table)
        .values(&row)
        .execute(conn)
        .map(|_| ())
}

/// The live session and its user, or None if unknown, expired or the user is
/// disabled. Expired sessions are deleted on sight.
pub fn load_active(conn: &mut DbConn, id_hash: &str) -> QueryResult<Option<(Session, User)>> {
    let query = sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(id_hash))
        .select((Session::as_select(), User::as_select()));
    let found: Option<(Session, User)> = super::inline_limit::single(query, conn)?;
    let Some((session, user)) = found else { return Ok(None) };
    let now = now_ts();
    if session.is_expired(now) || user.disabled {
        delete(conn, id_hash)?;
        return Ok(None);
    }
    if session.needs_touch(now) {
        diesel::update(sessions::table.find(id_hash))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some((session, user)))
}

pub fn delete(conn: &mut DbConn, id_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(id_hash)).execute(conn).map(|_| ())
}

pub fn delete_for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// Ends every session of the user except the one named (the current one).
pub fn delete_others_of_user(conn: &mut DbConn, user_id: &str, keep_id_hash: &str) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::id.ne(keep_id_hash)),
    )
    .execute(conn)
}

/// Removes every session past either timeout; run at startup and on login.
pub fn purge_expired(conn: &mut DbConn) -> QueryResult<usize> {
    let now = now_ts();
    diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .lt(now - IDLE_TIMEOUT_SECONDS)
                .or(sessions::created_at.lt(now - ABSOLUTE_TIMEOUT_SECONDS)),
        ),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created_at: i64, last_seen_at: i64) -> Session {
        Session {
            id: "h".into(),
            user_id: "u".into(),
            created_at,
            last_seen_at,
        }
    }

    #[test]
    fn sessions_end_after_30_idle_minutes_or_12_hours() {
        let start = 1_000_000;
        assert!(!session(start, start).is_expired(start + IDLE_TIMEOUT_SECONDS));
        assert!(session(start, start).is_expired(start + IDLE_TIMEOUT_SECONDS + 1));
        let busy = start + ABSOLUTE_TIMEOUT_SECONDS;
        assert!(!session(start, busy - 10).is_expired(busy));
        assert!(session(start, busy).is_expired(busy + 1), "active but past 12 hours");
    }
}
