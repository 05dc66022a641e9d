//! Renovation use cases (DESIGN.md §3–4): places and households, household
//! codes, projects and their tallies, intention forms. Each combines the pure
//! rules of `domain` with the tables of `db`; writes run in one transaction.

pub mod codes;
pub mod headline;
pub mod meetings;
pub mod places;
pub mod portal;
pub mod projects;
pub mod respond;
pub mod slips;

use crate::db::places::Place;
use crate::db::{DbConn, DbError};

#[derive(Debug, thiserror::Error)]
pub enum RenovationError {
    #[error("not found")]
    NotFound,
    #[error("outside the user's area")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for RenovationError {
    fn from(e: diesel::result::Error) -> Self {
        RenovationError::Db(e.into())
    }
}

/// What a staff member may manage: admins everything, a coordinator the
/// places below their own street or town.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Street(String),
    Nothing,
}

impl Scope {
    pub fn new(is_admin: bool, area_id: Option<&str>) -> Self {
        match (is_admin, area_id) {
            (true, _) => Scope::All,
            (false, Some(area)) => Scope::Street(area.to_owned()),
            (false, None) => Scope::Nothing,
        }
    }

    pub fn street(&self) -> Option<&str> {
        match self {
            Scope::Street(id) => Some(id),
            _ => None,
        }
    }

    pub fn allows_street(&self, street_id: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Street(own) => street_id == Some(own.as_str()),
            Scope::Nothing => false,
        }
    }
}

/// The place, if it exists and lies within `scope`.
pub fn scoped_place(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<Place, RenovationError> {
    let lineage = crate::db::places::lineage(conn, id)?;
    let place = lineage.first().cloned().ok_or(RenovationError::NotFound)?;
    let street = lineage.iter().find(|p| p.kind.is_street_level()).map(|p| p.id.as_str());
    if scope.allows_street(street) {
        Ok(place)
    } else {
        Err(RenovationError::Forbidden)
    }
}
