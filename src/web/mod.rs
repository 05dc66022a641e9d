//! The HTTP layer: routes, extractors, middleware, pages per area.

pub mod account;
pub mod admin;
pub mod api;
pub mod assets;
pub mod attempts;
pub mod auth;
pub mod centre;
pub mod context;
pub mod error;
pub mod files;
pub mod forms;
pub mod mentoring;
pub mod metrics;
pub mod middleware;
pub mod multipart;
pub mod org;
pub mod public;
pub mod read_side;
pub mod render;
pub mod resident;
pub mod router;
pub mod session;
pub mod shared;
pub mod staff;
pub mod state;
pub mod upload;
