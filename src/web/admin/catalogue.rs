//! What the admin catalogue pages (menu, letter categories, dispute types)
//! share: the retire/restore form and how an edit's outcome is answered.

use actix_web::http::StatusCode;
use serde::Deserialize;

use crate::settings::CatalogueEditError;
use crate::web::error::AppError;

/// The retire/restore button's form: `retired=yes` retires, `no` restores;
/// `version` is the entry's version when the page was built.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RetireForm {
    pub retired: String,
    pub version: String,
}

impl RetireForm {
    pub fn retire(&self) -> bool {
        self.retired == "yes"
    }
}

/// An edit that was not saved and why, for the page shown again.
pub enum Refused {
    /// Someone saved the entry first: the page shows what it holds now.
    Conflict,
    /// The typed values, with each error next to its field.
    Invalid,
}

impl Refused {
    pub fn status(&self) -> StatusCode {
        match self {
            Refused::Conflict => StatusCode::CONFLICT,
            Refused::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Saved (`Ok(true)`), lost to a concurrent edit (`Ok(false)`), or an
/// error page (no such entry, database failure).
pub fn saved(result: Result<(), CatalogueEditError>) -> Result<bool, AppError> {
    match result {
        Ok(()) => Ok(true),
        Err(CatalogueEditError::Conflict) => Ok(false),
        Err(CatalogueEditError::NotFound) => Err(AppError::NotFound),
        Err(CatalogueEditError::Db(e)) => Err(e.into()),
    }
}
