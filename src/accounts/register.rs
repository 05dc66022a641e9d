//! A resident creating their own account (DESIGN.md §2).

use super::{AccountError, FieldProblems};
use crate::db::users::{self, NewUser};
use crate::db::{self, DbConn, audit};
use crate::domain::account::{DisplayName, NewPassword, PasswordRule, Username};
use crate::domain::role::Role;

/// The registration form as typed.
pub struct RegistrationFields<'a> {
    pub phone: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub password_confirm: &'a str,
    /// "yes" when the privacy notice was accepted.
    pub consent: &'a str,
}

/// A registration that may go ahead once its password is hashed.
pub struct Registration {
    pub phone: Username,
    pub name: DisplayName,
    pub password: NewPassword,
}

impl Registration {
    pub fn parse(fields: &RegistrationFields<'_>) -> Result<Registration, FieldProblems> {
        let mut problems = FieldProblems::default();
        let phone = problems.check("phone", Username::parse_phone(fields.phone));
        let name = problems.check("name", DisplayName::parse(fields.name));
        let password = problems.check("password", NewPassword::parse(fields.password, PasswordRule::Resident));
        if password.is_some() && fields.password != fields.password_confirm {
            problems.add("password_confirm", "account.error.confirm_mismatch");
        }
        if fields.consent != "yes" {
            problems.add("consent", "signup.error.consent");
        }
        match (phone, name, password) {
            (Some(phone), Some(name), Some(password)) if problems.is_empty() => {
                Ok(Registration { phone, name, password })
            }
            _ => Err(problems),
        }
    }
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
