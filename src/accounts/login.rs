//! The login procedure, in three steps so the limits hold under concurrent
//! requests: reserve an attempt in the database (per address and per login
//! name), verify the password (slow, bounded by the hash gate, holding no
//! database connection), then record the outcome.

use std::net::IpAddr;

use crate::auth::rate_limit;
use crate::auth::{password, tokens};
use crate::db::rate_limits::{self, Limit, Slot};
use crate::db::users::{self, User};
use crate::db::{self, DbConn, DbError, audit, sessions};
use crate::domain::masking::mask_login;

#[derive(Debug)]
pub enum LoginOutcome {
    /// `token` goes into the cookie; only its hash is stored.
    Success { user: Box<User>, token: String },
    /// Unknown user, wrong password and disabled account look the same.
    Failed,
    /// The name had too many failures: the same for real and unknown names.
    Locked,
    /// The address had too many failures.
    IpLimited,
}

/// One login attempt: who tries, from where, and the limits that apply.
pub struct LoginRequest {
    /// Normalised: trimmed and lower-case.
    pub username: String,
    /// The cookie of a session already open in this browser, ended on success.
    pub previous_token: Option<String>,
    pub actor: audit::AuditActor,
    ip_limit: Option<Limit>,
    name_limit: Limit,
    /// The audit label when no account has this name: never the typed text,
    /// which may be a password typed into the wrong field.
    unknown_label: String,
}

impl LoginRequest {
    pub fn new(
        secret: &[u8],
        username: String,
        ip: Option<IpAddr>,
        previous_token: Option<String>,
        actor: audit::AuditActor,
    ) -> Self {
        // A resident logs in with their mobile however they write it
        // (`138 1234 5678`, `+86 …`): it is stored as the 11 digits.
        let username = crate::domain::phone::normalise_mobile(&username).unwrap_or(username);
        LoginRequest {
            ip_limit: ip.map(|ip| rate_limit::login_ip(secret, ip)),
            name_limit: rate_limit::login_name(secret, &username),
            unknown_label: unknown_login_label(secret, &username),
            username,
            previous_token,
            actor,
        }
    }
}

/// A keyed hash of an unknown login name: rows about the same typed text
/// can be grouped, but the text cannot be read back or guessed offline.
pub fn unknown_login_label(secret: &[u8], username: &str) -> String {
    let key = tokens::hmac_hex(secret, &format!("audit-login|{username}"));
    format!("unknown:{}", &key[..16])
}

/// The reserved attempt, carried from step 1 to step 3.
pub struct Pending {
    pub user: Option<User>,
    ip_slot: Option<Slot>,
    name_slot: Slot,
}

pub enum Reservation {
    Refused(LoginOutcome),
    Verify(Box<Pending>),
}

/// Step 1: counts the attempt before any password work, so N concurrent
/// tries never get more than the limit verified.
pub fn reserve(conn: &mut DbConn, req: &LoginRequest, now: i64) -> Result<Reservation, DbError> {
    let ip_slot = match &req.ip_limit {
        Some(limit) => match rate_limits::reserve(conn, limit, now)? {
            Some(slot) => Some(slot),
            None => return Ok(Reservation::Refused(LoginOutcome::IpLimited)),
        },
        None => None,
    };
    let user = users::find_by_username(conn, &req.username)?;
    let Some(name_slot) = rate_limits::reserve(conn, &req.name_limit, now)? else {
        let actor = labelled(req, user.as_ref());
        let target = user.as_ref().map(|u| ("user", u.id.as_str()));
        audit::record(conn, &actor, "login.refused_locked", target, "")?;
        audit_ip_limit(conn, req, ip_slot)?;
        return Ok(Reservation::Refused(LoginOutcome::Locked));
    };
    Ok(Reservation::Verify(Box::new(Pending {
        user,
        ip_slot,
        name_slot,
    })))
}

/// The result of step 2.
pub struct Verification {
    accepted: bool,
    /// A stronger hash of the same password, when the stored one is old.
    new_hash: Option<String>,
}

/// Step 2 (CPU-heavy): unknown names are checked against a dummy hash so the
/// time taken does not tell whether the account exists.
pub fn verify(pending: &Pending, plain: &str) -> Verification {
    let Some(user) = &pending.user else {
        password::verify_against_dummy(plain);
        return Verification {
            accepted: false,
            new_hash: None,
        };
    };
    match password::verify(plain, &user.password_hash) {
        password::Verified::Yes { needs_rehash } if !user.disabled => Verification {
            accepted: true,
            new_hash: if needs_rehash { password::hash(plain).ok() } else { None },
        },
        _ => Verification {
            accepted: false,
            new_hash: None,
        },
    }
}

/// Step 3: a success gives the hits back and opens a session; a failure
/// keeps them, and the failure that used the last one locks and is audited.
pub fn finish(
    conn: &mut DbConn,
    req: &LoginRequest,
    pending: Pending,
    verification: Verification,
) -> Result<LoginOutcome, DbError> {
    match pending.user {
        Some(user) if verification.accepted => {
            if let Some(limit) = &req.ip_limit {
                rate_limits::release(conn, &limit.bucket)?;
            }
            rate_limits::clear(conn, &req.name_limit.bucket)?;
            let token = open_session(conn, &user, verification.new_hash, req)?;
            Ok(LoginOutcome::Success {
                user: Box::new(user),
                token,
            })
        }
        user => record_failure(conn, req, user.as_ref(), pending.ip_slot, pending.name_slot),
    }
}

/// The attempt was never verified (the hash gate was full): give it back.
pub fn cancel(conn: &mut DbConn, req: &LoginRequest) -> Result<(), DbError> {
    if let Some(limit) = &req.ip_limit {
        rate_limits::release(conn, &limit.bucket)?;
    }
    rate_limits::release(conn, &req.name_limit.bucket)?;
    Ok(())
}

fn record_failure(
    conn: &mut DbConn,
    req: &LoginRequest,
    user: Option<&User>,
    ip_slot: Option<Slot>,
    name_slot: Slot,
) -> Result<LoginOutcome, DbError> {
    let actor = labelled(req, user);
    db::write_tx(conn, |conn| {
        let target = user.map(|u| ("user", u.id.as_str()));
        let reason = match user {
            None => "unknown user",
            Some(u) if u.disabled => "disabled account",
            Some(_) => "wrong password",
        };
        audit::record(conn, &actor, "login.failed", target, reason)?;
        audit_ip_limit(conn, req, ip_slot)?;
        if !name_slot.is_last(&req.name_limit) {
            return Ok(LoginOutcome::Failed);
        }
        if let Some(u) = user {
            // Shown on the admin's user list; the lock itself is the bucket.
            users::mark_locked(conn, &u.id, name_slot.window_end)?;
        }
        // Words are chosen when the log is read, in the reader's language.
        let detail = format!("failed={}", req.name_limit.max_hits);
        audit::record(conn, &actor, "login.locked", target, &detail)?;
        Ok(LoginOutcome::Locked)
    })
}

/// The attempt that used the address's last allowance is audited once.
fn audit_ip_limit(conn: &mut DbConn, req: &LoginRequest, ip_slot: Option<Slot>) -> Result<(), DbError> {
    if let (Some(slot), Some(limit)) = (ip_slot, &req.ip_limit) {
        if slot.is_last(limit) {
            audit::record(conn, &req.actor, "login.ip_limited", None, "")?;
        }
    }
    Ok(())
}

fn open_session(
    conn: &mut DbConn,
    user: &User,
    new_hash: Option<String>,
    req: &LoginRequest,
) -> Result<String, DbError> {
    let token = tokens::random_token();
    let actor = labelled(req, Some(user));
    db::write_tx(conn, |conn| {
        if let Some(previous) = &req.previous_token {
            sessions::delete(conn, &tokens::sha256_hex(previous))?;
        }
        sessions::purge_expired(conn)?;
        sessions::create(conn, &tokens::sha256_hex(&token), &user.id)?;
        users::record_successful_login(conn, &user.id, db::now_ts())?;
        if let Some(hash) = &new_hash {
            users::set_password(conn, &user.id, hash, user.must_change_password)?;
        }
        audit::record(conn, &actor, "login.success", Some(("user", &user.id)), "")?;
        Ok::<_, DbError>(())
    })?;
    Ok(token)
}

/// The audit row names the account (phone-number logins masked); a name no
/// account has is recorded only as its keyed hash.
fn labelled(req: &LoginRequest, user: Option<&User>) -> audit::AuditActor {
    audit::AuditActor {
        user_id: user.map(|u| u.id.clone()),
        label: match user {
            Some(u) => mask_login(&u.username),
            None => req.unknown_label.clone(),
        },
        ..req.actor.clone()
    }
}

/// Ends the session whose cookie is `token`. Only a session that belonged
/// to someone leaves an audit row: a stale cookie's logout is not an event.
pub fn logout(conn: &mut DbConn, token: &str, actor: &audit::AuditActor, logged_in: bool) -> Result<(), DbError> {
    sessions::delete(conn, &tokens::sha256_hex(token))?;
    if logged_in {
        let target = actor.user_id.as_deref().map(|id| ("user", id));
        audit::record(conn, actor, "logout", target, "")?;
    }
    Ok(())
}
