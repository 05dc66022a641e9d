//! An admin's changes to an existing account: role, disabling, a reset
//! password. Each ends the sessions that must not outlive the change.

use super::{AccountError, RoleChoice};
use crate::auth::{password, tokens};
use crate::db::{self, DbConn, DbError, audit, resolution_orgs, sessions, users};
use crate::domain::role::MediatorLevel;

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

/// Role changes are audited with the old and new values.
pub fn change_role(
    conn: &mut DbConn,
    user: &users::User,
    choice: &RoleChoice,
    actor: &audit::AuditActor,
) -> Result<(), AccountError> {
    let RoleChoice {
        role,
        level,
        area_id,
        org_id,
    } = choice.clone();
    db::write_tx(conn, |conn| {
        if let Some(org) = &org_id
            && resolution_orgs::find(conn, org)?.is_none()
        {
            return Err(AccountError::UnknownOrg);
        }
        users::set_role(conn, &user.id, role, level, area_id.as_deref(), org_id.as_deref())?;
        // A changed role must not keep the powers of the old one in a live session.
        sessions::delete_for_user(conn, &user.id)?;
        // Old and new as `name=value` pairs, so the audit log can say them
        // as a sentence (audit_detail.user_role_change); "-" is "none".
        let detail = format!(
            "from_role={} from_level={} from_area={} from_org={} role={} level={} area={} org={}",
            user.role,
            user.mediator_level.map_or("-", MediatorLevel::code),
            user.area_id.as_deref().unwrap_or("-"),
            user.org_id.as_deref().unwrap_or("-"),
            role.code(),
            level.map(MediatorLevel::code).unwrap_or("-"),
            area_id.as_deref().unwrap_or("-"),
            org_id.as_deref().unwrap_or("-")
        );
        audit::record(conn, actor, "user.role_change", Some(("user", &user.id)), &detail)?;
        Ok(())
    })
}
