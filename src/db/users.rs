//! The `users` table: staff and resident accounts.

use diesel::prelude::*;

use super::schema::users;
use super::{DbConn, new_id, now_ts};
use crate::domain::role::{MediatorLevel, Role};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub mediator_level: Option<MediatorLevel>,
    pub area_id: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The receiving organisation of an `OrgStaff` account.
    pub org_id: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: String,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub mediator_level: Option<MediatorLevel>,
    pub area_id: Option<&'a str>,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub disabled: bool,
    pub failed_logins: i32,
    pub created_at: i64,
    pub updated_at: i64,
    pub org_id: Option<&'a str>,
}

// ---- local methods

impl User {
    pub fn role(&self) -> Role {
        self.role
    }

    pub fn level(&self) -> Option<MediatorLevel> {
        self.mediator_level
    }

    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }
}

impl<'a> NewUser<'a> {
    pub fn new(
        username: &'a str,
        display_name: &'a str,
        role: Role,
        level: Option<MediatorLevel>,
        area_id: Option<&'a str>,
        password_hash: &'a str,
    ) -> Self {
        let now = now_ts();
        NewUser {
            id: new_id(),
            username,
            display_name,
            role,
            mediator_level: level,
            area_id,
            password_hash,
            must_change_password: false,
            disabled: false,
            failed_logins: 0,
            created_at: now,
            updated_at: now,
            org_id: None,
        }
    }
}

// ---- database methods

pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).map(|_| ())
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::username.eq(username))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<User>> {
    super::inline_limit::single(users::table.find(id).select(User::as_select()), conn)
}

pub fn count_by_role(conn: &mut DbConn, role: Role) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(role.code()))
        .count()
        .get_result(conn)
}

/// Staff list for the admin page, ordered for scanning by role then name.
pub fn list_all(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<User>> {
    users::table
        .order((users::role.asc(), users::username.asc()))
        .limit(limit)
        .select(User::as_select())
        .load(conn)
}

/// Records when a lock on the login name ends, for the admin's list. The
/// lock itself lives in `rate_limits`, where unknown names are counted too.
pub fn mark_locked(conn: &mut DbConn, id: &str, until: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::locked_until.eq(Some(until)))
        .execute(conn)
        .map(|_| ())
}

pub fn record_successful_login(conn: &mut DbConn, id: &str, now: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<i64>),
            users::last_login_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, must_change: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<i64>),
            users::updated_at.eq(now_ts()),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_disabled(conn: &mut DbConn, id: &str, disabled: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::disabled.eq(disabled), users::updated_at.eq(now_ts())))
        .execute(conn)
        .map(|_| ())
}

pub fn set_role(
    conn: &mut DbConn,
    id: &str,
    role: Role,
    level: Option<MediatorLevel>,
    area_id: Option<&str>,
    org_id: Option<&str>,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.code()),
            users::mediator_level.eq(level.map(MediatorLevel::code)),
            users::area_id.eq(area_id),
            users::org_id.eq(org_id),
            users::updated_at.eq(now_ts()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Active coordinators of a street, for assigning its letters.
pub fn coordinators_of(conn: &mut DbConn, area_id: &str) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::role.eq(Role::Coordinator.code()))
        .filter(users::area_id.eq(area_id))
        .filter(users::disabled.eq(false))
        .order(users::display_name.asc())
        .select(User::as_select())
        .load(conn)
}

/// Active mediators of `level`, e.g. the 老马 who may head a committee.
/// Every mediator who may still be given cases, by name.
pub fn active_mediators(conn: &mut DbConn) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::role.eq(Role::Mediator.code()))
        .filter(users::disabled.eq(false))
        .order(users::display_name.asc())
        .select(User::as_select())
        .load(conn)
}

pub fn mediators_at_level(conn: &mut DbConn, level: MediatorLevel) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::role.eq(Role::Mediator.code()))
        .filter(users::mediator_level.eq(level.code()))
        .filter(users::disabled.eq(false))
        .order(users::display_name.asc())
        .select(User::as_select())
        .load(conn)
}

/// How many active mediators are at `level` (the mentorship headline).
pub fn count_mediators_at_level(conn: &mut DbConn, level: MediatorLevel) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(Role::Mediator.code()))
        .filter(users::mediator_level.eq(level.code()))
        .filter(users::disabled.eq(false))
        .count()
        .get_result(conn)
}

/// Which of `ids` are 小马 (trainee mediators).
pub fn trainees_among(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .filter(users::id.eq_any(ids.to_vec()))
        .filter(users::mediator_level.eq(MediatorLevel::Trainee.code()))
        .select(users::id)
        .load(conn)
}

/// The accounts among `ids`, for pages that check several people at once.
pub fn find_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<User>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .filter(users::id.eq_any(ids.to_vec()))
        .select(User::as_select())
        .load(conn)
}
