//! The mailbox queue, the letter page, its photos and actions (`/staff/letters`).

pub mod actions;
pub mod list;
pub mod page;
pub mod photos;

use crate::mailbox::{MailboxError, Viewer};
use crate::web::auth::SessionUser;
use crate::web::error::AppError;

pub fn viewer(user: &SessionUser) -> Viewer {
    Viewer {
        id: user.id.clone(),
        role: user.role,
        area_id: user.area_id.clone(),
    }
}

pub fn mailbox_error(e: MailboxError) -> AppError {
    match e {
        MailboxError::NotFound => AppError::not_found(),
        MailboxError::Forbidden => AppError::forbidden(),
        MailboxError::Db(e) => AppError::internal(e),
    }
}
