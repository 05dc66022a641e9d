//! A user changing their own password.

use super::{AccountError, FieldProblems};
use crate::auth::tokens::sha256_hex;
use crate::db::{self, DbConn, DbError, audit, sessions, users};
use crate::domain::account::{NewPassword, PasswordRule};
use crate::domain::role::Role;

/// The password form as typed.
pub struct PasswordFields<'a> {
    pub current: &'a str,
    pub new_password: &'a str,
    pub confirm: &'a str,
}

/// The new password, if the form may be applied. `current_matches` is the
/// result of verifying `current` against the stored hash, done beforehand
/// through the hash gate (slow, and holding no database connection).
pub fn parse_change(
    fields: &PasswordFields<'_>,
    role: Role,
    current_matches: bool,
) -> Result<NewPassword, FieldProblems> {
    let mut problems = FieldProblems::default();
    let new_password = problems.check(
        "new_password",
        NewPassword::parse(fields.new_password, PasswordRule::for_role(role)),
    );
    if new_password.is_some() && fields.confirm != fields.new_password {
        problems.add("confirm", "account.error.confirm_mismatch");
    }
    if new_password.is_some() && fields.new_password == fields.current {
        problems.add("new_password", "account.error.same_as_current");
    }
    if !current_matches {
        problems.add("current", "account.error.current_wrong");
    }
    match new_password {
        Some(new_password) if problems.is_empty() => Ok(new_password),
        _ => Err(problems),
    }
}

/// The hash the current password is checked against; `None` when the
/// account is gone.
pub fn stored_hash(conn: &mut DbConn, user_id: &str) -> Result<Option<String>, DbError> {
    Ok(users::find(conn, user_id)?.map(|u| u.password_hash))
}

/// The user's own change: a thief who knew the old password must not keep
/// a session open, so every session but the one making the change (its
/// cookie is `keep_session_token`) ends. Returns how many ended.
pub fn change_password(
    conn: &mut DbConn,
    user_id: &str,
    hash: &str,
    keep_session_token: &str,
    actor: &audit::AuditActor,
) -> Result<usize, AccountError> {
    let keep = sha256_hex(keep_session_token);
    db::write_tx(conn, |conn| {
        users::set_password(conn, user_id, hash, false)?;
        let ended = sessions::delete_others_of_user(conn, user_id, &keep)?;
        let detail = format!("sessions_ended={ended}");
        audit::record(conn, actor, "user.password_changed", Some(("user", user_id)), &detail)?;
        Ok(ended)
    })
}
