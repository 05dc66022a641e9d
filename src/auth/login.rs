//! The login procedure: verify, count failures, lock, open a session.
//! Runs on a blocking thread (argon2 and database calls).

use crate::auth::{password, tokens};
use crate::db::users::{self, User};
use crate::db::{self, DbConn, DbError, audit, sessions};
use crate::domain::masking::mask_login;

#[derive(Debug)]
pub enum LoginOutcome {
    /// `token` goes into the cookie; only its hash is stored.
    Success {
        user: Box<User>,
        token: String,
    },
    /// Unknown user, wrong password and disabled account look the same.
    Failed,
    Locked,
}

pub struct LoginAttempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// The cookie of a session already open in this browser, ended on success.
    pub previous_token: Option<&'a str>,
    pub actor: audit::AuditActor,
}

pub fn attempt(conn: &mut DbConn, attempt: LoginAttempt<'_>) -> Result<LoginOutcome, DbError> {
    let now = db::now_ts();
    let Some(user) = users::find_by_username(conn, attempt.username)? else {
        password::verify_against_dummy(attempt.password);
        let actor = labelled(&attempt.actor, None, attempt.username);
        audit::record(conn, &actor, "login.failed", None, "unknown user")?;
        return Ok(LoginOutcome::Failed);
    };
    let actor = labelled(&attempt.actor, Some(&user.id), &user.username);
    if user.is_locked(now) {
        password::verify_against_dummy(attempt.password);
        audit::record(conn, &actor, "login.refused_locked", Some(("user", &user.id)), "")?;
        return Ok(LoginOutcome::Locked);
    }
    let verified = password::verify(attempt.password, &user.password_hash);
    match verified {
        password::Verified::Yes { needs_rehash } if !user.disabled => {
            let token = open_session(
                conn,
                &user,
                attempt.password,
                needs_rehash,
                attempt.previous_token,
                &actor,
            )?;
            Ok(LoginOutcome::Success {
                user: Box::new(user),
                token,
            })
        }
        _ => record_failure(conn, &user, now, &actor),
    }
}

fn record_failure(
    conn: &mut DbConn,
    user: &User,
    now: i64,
    actor: &audit::AuditActor,
) -> Result<LoginOutcome, DbError> {
    db::write_tx(conn, |conn| {
        let reason = if user.disabled {
            "disabled account"
        } else {
            "wrong password"
        };
        audit::record(conn, actor, "login.failed", Some(("user", &user.id)), reason)?;
        if users::record_failed_login(conn, user, now)? {
            audit::record(conn, actor, "login.locked", Some(("user", &user.id)), "5 failed logins")?;
            return Ok(LoginOutcome::Locked);
        }
        Ok(LoginOutcome::Failed)
    })
}

fn open_session(
    conn: &mut DbConn,
    user: &User,
    plain_password: &str,
    needs_rehash: bool,
    previous_token: Option<&str>,
    actor: &audit::AuditActor,
) -> Result<String, DbError> {
    // Hash outside the transaction so the write lock is held only briefly.
    let new_hash = if needs_rehash {
        password::hash(plain_password).ok()
    } else {
        None
    };
    let token = tokens::random_token();
    db::write_tx(conn, |conn| {
        if let Some(previous) = previous_token {
            sessions::delete(conn, &tokens::sha256_hex(previous))?;
        }
        sessions::purge_expired(conn)?;
        sessions::create(conn, &tokens::sha256_hex(&token), &user.id)?;
        users::record_successful_login(conn, &user.id, db::now_ts())?;
        if let Some(hash) = &new_hash {
            users::set_password(conn, &user.id, hash, user.must_change_password)?;
        }
        audit::record(conn, actor, "login.success", Some(("user", &user.id)), "")?;
        Ok::<_, DbError>(())
    })?;
    Ok(token)
}

/// The audit row names the account; phone-number logins are masked.
fn labelled(base: &audit::AuditActor, user_id: Option<&str>, username: &str) -> audit::AuditActor {
    audit::AuditActor {
        user_id: user_id.map(str::to_owned),
        label: mask_login(username),
        ..base.clone()
    }
}
