//! Creating an account with a password someone chose for it.

use super::{AccountError, NewAccount};
use crate::auth::{password, tokens};
use crate::db::users::{self, NewUser};
use crate::db::{self, DbConn, DbError, audit, places, resolution_orgs};
use crate::domain::role::MediatorLevel;

/// A validated account with the hash of its first password.
pub struct AccountSpec {
    pub account: NewAccount,
    pub password_hash: String,
    /// Set for passwords someone else chose (temporary ones).
    pub must_change_password: bool,
}

/// Creates the account and its audit row in one transaction. Returns the id.
pub fn create(conn: &mut DbConn, spec: &AccountSpec, actor: &audit::AuditActor) -> Result<String, AccountError> {
    let account = &spec.account;
    db::write_tx(conn, |conn| {
        if users::find_by_username(conn, account.username.as_str())?.is_some() {
            return Err(AccountError::UsernameTaken);
        }
        if let Some(area) = &account.area_id {
            let is_street = places::find(conn, area)?.is_some_and(|p| p.kind.is_street_level());
            if !is_street {
                return Err(AccountError::UnknownArea);
            }
        }
        if let Some(org) = &account.org_id
            && resolution_orgs::find(conn, org)?.is_none()
        {
            return Err(AccountError::UnknownOrg);
        }
        let mut row = NewUser::new(
            account.username.as_str(),
            account.display_name.as_str(),
            account.role,
            account.level,
            account.area_id.as_deref(),
            &spec.password_hash,
        );
        row.must_change_password = spec.must_change_password;
        row.org_id = account.org_id.as_deref();
        users::insert(conn, &row)?;
        let detail = format!(
            "role={} level={} org={}",
            account.role.code(),
            account.level.map(MediatorLevel::code).unwrap_or("-"),
            account.org_id.as_deref().unwrap_or("-")
        );
        audit::record(conn, actor, "user.create", Some(("user", &row.id)), &detail)?;
        Ok(row.id)
    })
}

/// An account an admin makes: its password is a random temporary one, shown
/// once to the admin and to be changed at the first login. Returns it.
pub fn create_with_temporary_password(
    conn: &mut DbConn,
    account: NewAccount,
    actor: &audit::AuditActor,
) -> Result<String, AccountError> {
    let temporary = tokens::random_password();
    let password_hash = password::hash(&temporary).map_err(|e| DbError::Migration(e.to_string()))?;
    let spec = AccountSpec {
        account,
        password_hash,
        must_change_password: true,
    };
    create(conn, &spec, actor)?;
    Ok(temporary)
}
