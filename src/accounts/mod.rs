//! Accounts: every write that makes, opens or changes an account, for the
//! admin pages, the public pages, the command line and start-up alike.
//! Handlers extract and render; the rules and transactions are here.

mod admin;
mod create;
pub mod login;
mod new_account;
pub mod password;
pub mod receipts;
mod register;

pub use admin::{change_role, reset_password, set_disabled};
pub use create::{AccountSpec, create, create_with_temporary_password};
pub use new_account::{AccountFields, FieldProblems, NewAccount, RoleChoice, parse_role};
pub use password::change_password;
pub use register::{Registration, RegistrationFields, register_resident};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("username already taken")]
    UsernameTaken,
    #[error("area is not a street or town")]
    UnknownArea,
    #[error("no such resolution organisation")]
    UnknownOrg,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(e.into())
    }
}
