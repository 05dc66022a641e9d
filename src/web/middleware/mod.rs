//! Request pipeline, outermost first: request id and log → security headers
//! → error pages → CSRF and body limits → handler.
//!
//! Every layer answers with `Ok(response)`, never `Err`, so the outer layers
//! (headers, error pages) also see responses made by the inner ones.

mod csrf;
mod error_pages;
mod headers;
mod request_log;

pub use csrf::{CsrfToken, FORM_LIMIT, MULTIPART_LIMIT, csrf_guard};
pub use error_pages::{RENDERED_HEADER, error_pages};
pub use headers::security_headers;
pub use request_log::{RequestId, request_log};
