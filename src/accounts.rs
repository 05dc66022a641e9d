//! Account administration shared by the admin pages and the CLI.

use crate::auth::{password, tokens};
use crate::db::users::{self, NewUser};
use crate::db::{self, DbConn, DbError, audit, places, sessions};
use crate::domain::account::{DisplayName, Username};
use crate::domain::role::{MediatorLevel, Role};

/// A validated request for a new account.
pub struct AccountSpec {
    pub username: Username,
    pub display_name: DisplayName,
    pub role: Role,
    pub level: Option<MediatorLevel>,
    pub area_id: Option<String>,
    pub password_hash: String,
    /// Set for passwords someone else chose (temporary ones).
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("username already taken")]
    UsernameTaken,
    #[error("area is not a street or town")]
    UnknownArea,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(e.into())
    }
}

/// Creates the account and its audit row in one transaction. Returns the id.
pub fn create(conn: &mut DbConn, spec: &AccountSpec, actor: &audit::AuditActor) -> Result<String, AccountError> {
    db::write_tx(conn, |conn| {
        if users::find_by_username(conn, spec.username.as_str())?.is_some() {
            return Err(AccountError::UsernameTaken);
        }
        if let Some(area) = &spec.area_id {
            let is_street = places::find(conn, area)?.is_some_and(|p| p.kind == "street" || p.kind == "town");
            if !is_street {
                return Err(AccountError::UnknownArea);
            }
        }
        let mut row = NewUser::new(
            spec.username.as_str(),
            spec.display_name.as_str(),
            spec.role,
            spec.level,
            spec.area_id.as_deref(),
            &spec.password_hash,
        );
        row.must_change_password = spec.must_change_password;
        users::insert(conn, &row)?;
        let detail = format!(
            "role={} level={}",
            spec.role.code(),
            spec.level.map(MediatorLevel::code).unwrap_or("-")
        );
        audit::record(conn, actor, "user.create", Some(("user", &row.id)), &detail)?;
        Ok(row.id)
    })
}

/// Disabling ends every session of the account at once.
pub fn set_disabled(
    conn: &mut DbConn,
    user_id: &str,
    disabled: bool,
    actor: &audit::AuditActor,
) -> Result<(), AccountError> {
    db::write_tx(conn, |conn| {
        users::set_disabled(conn, user_id, disabled)?;
        let ended = if disabled {
            sessions::delete_for_user(conn, user_id)?
        } else {
            0
        };
        let action = if disabled { "user.disable" } else { "user.enable" };
        audit::record(
            conn,
            actor,
            action,
            Some(("user", user_id)),
            &format!("sessions_ended={ended}"),
        )?;
        Ok(())
    })
}

/// Sets a fresh temporary password, ends the user's sessions, and returns
/// the password so it can be shown once to the admin.
pub fn reset_password(conn: &mut DbConn, user_id: &str, actor: &audit::AuditActor) -> Result<String, AccountError> {
    let temporary = tokens::random_password();
    let hash = password::hash(&temporary).map_err(|e| DbError::Migration(e.to_string()))?;
    db::write_tx(conn, |conn| {
        users::set_password(conn, user_id, &hash, true)?;
        sessions::delete_for_user(conn, user_id)?;
        audit::record(conn, actor, "user.password_reset", Some(("user", user_id)), "")?;
        Ok::<_, AccountError>(())
    })?;
    Ok(temporary)
}

/// The user's own change: a thief who knew the old password must not keep
/// a session open, so every session but the one making the change ends.
/// Returns how many ended.
pub fn change_password(
    conn: &mut DbConn,
    user_id: &str,
    hash: &str,
    keep_session_hash: &str,
    actor: &audit::AuditActor,
) -> Result<usize, AccountError> {
    db::write_tx(conn, |conn| {
        users::set_password(conn, user_id, hash, false)?;
        let ended = sessions::delete_others_of_user(conn, user_id, keep_session_hash)?;
        let detail = format!("sessions_ended={ended}");
        audit::record(conn, actor, "user.password_changed", Some(("user", user_id)), &detail)?;
        Ok(ended)
    })
}

/// Role changes are audited with the old and new values.
pub fn change_role(
    conn: &mut DbConn,
    user: &users::User,
    role: Role,
    level: Option<MediatorLevel>,
    area_id: Option<&str>,
    actor: &audit::AuditActor,
) -> Result<(), AccountError> {
    db::write_tx(conn, |conn| {
        users::set_role(conn, &user.id, role, level, area_id)?;
        // A changed role must not keep the powers of the old one in a live session.
        sessions::delete_for_user(conn, &user.id)?;
        let detail = format!(
            "{}/{} -> {}/{}",
            user.role,
            user.mediator_level.map_or("-", MediatorLevel::code),
            role.code(),
            level.map(MediatorLevel::code).unwrap_or("-")
        );
        audit::record(conn, actor, "user.role_change", Some(("user", &user.id)), &detail)?;
        Ok(())
    })
}

/// A resident's self-registration: the account and its audit row in one
/// transaction, so a half-made account never exists. No session is opened:
/// the page after it is the same whether or not the number was free, so it
/// cannot be used to learn who has an account. Returns the new id.
pub fn register_resident(
    conn: &mut DbConn,
    phone: &Username,
    name: &DisplayName,
    password_hash: &str,
    actor: &audit::AuditActor,
) -> Result<String, AccountError> {
    db::write_tx(conn, |conn| {
        if users::find_by_username(conn, phone.as_str())?.is_some() {
            return Err(AccountError::UsernameTaken);
        }
        let row = NewUser::new(phone.as_str(), name.as_str(), Role::Resident, None, None, password_hash);
        users::insert(conn, &row)?;
        let actor = audit::AuditActor {
            user_id: Some(row.id.clone()),
            label: crate::domain::masking::mask_login(phone.as_str()),
            ..actor.clone()
        };
        audit::record(conn, &actor, "resident.register", Some(("user", &row.id)), "")?;
        Ok(row.id)
    })
}
