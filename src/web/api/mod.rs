//! The read-only open-data JSON API (DESIGN.md §10, §11):
//! `/api/open311/v2/services.json` and `/api/open311/v2/requests.json`,
//! mounted as an `"/api"` scope in `web::router`. Handlers here answer
//! errors as JSON through [`ApiError`], never with an HTML error page.

mod error;
pub mod open311;

pub use error::ApiError;
