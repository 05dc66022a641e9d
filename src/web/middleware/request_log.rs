use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

/// The id shown on error pages and logged with every line of the request.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Paths that carry a secret, and how much of it the log may keep: the
/// personal status link holds a receipt code (issue 14 item 1).
const SECRET_PATHS: [&str; 1] = ["/track/"];
/// The first group of a receipt code: enough to tell requests apart in a
/// log, 20 of 160 bits, far too little to open anything.
const KEPT_CHARS: usize = 4;

/// The path as logged: a secret segment cut to its first characters.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in SECRET_PATHS {
        if let Some(secret) = path.strip_prefix(prefix) {
            let kept: String = secret.chars().take(KEPT_CHARS).collect();
            return format!("{prefix}{kept}…").into();
        }
    }
    path.into()
}

/// Logs method, path (a secret in it masked by [`loggable_path`]), (never the query, which may hold personal data),
/// status and duration, all inside a span carrying the request id.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
    req.extensions_mut().insert(RequestId(id.clone()));
    let path = loggable_path(req.path());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %path);
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => return Err(e),
    };
    let status = res.status().as_u16();
    span.in_scope(|| tracing::info!(status, ms = started.elapsed().as_millis() as u64, "handled"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_code_in_the_path_is_cut_to_its_first_group() {
        assert_eq!(
            loggable_path("/track/BMNJ-EM4H-7Q2W-AAAA-BBBB-CCCC-DDDD-EEEE"),
            "/track/BMNJ…"
        );
        assert_eq!(loggable_path("/track/"), "/track/…");
        assert_eq!(loggable_path("/track"), "/track");
        assert_eq!(loggable_path("/staff/cases/123"), "/staff/cases/123");
    }
}
