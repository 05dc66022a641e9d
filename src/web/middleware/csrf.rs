use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::auth::tokens::{constant_time_eq, random_token};
use crate::web::session::{anon_cookie, anon_value, csrf_binding, csrf_token};
use crate::web::state::AppState;

/// The token forms must echo back in their `csrf` field.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Form bodies are small; uploads (multipart) get room for three 5 MB photos.
pub const FORM_LIMIT: usize = 64 * 1024;
pub const MULTIPART_LIMIT: usize = 16 * 1024 * 1024;

/// Checks every state-changing request: same origin, a valid token, and a
/// body within limits. It also gives first-time visitors their anonymous
/// cookie, so even the login form has a token.
pub async fn csrf_guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(req.into_response(HttpResponse::InternalServerError().finish()));
    };
    let fresh_anon = anon_value(req.request()).is_none().then(random_token);
    let expected = csrf_binding(req.request(), fresh_anon.as_deref()).map(|b| csrf_token(&state.secret, &b));
    if let Some(token) = &expected {
        req.extensions_mut().insert(CsrfToken(token.clone()));
    }
    if !is_safe_method(req.method()) {
        if let Err(refusal) = check_unsafe_request(&mut req, expected.as_deref()).await {
            tracing::warn!(reason = refusal.reason, "refused a state-changing request");
            return Ok(req.into_response(HttpResponse::build(refusal.status).finish()));
        }
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(value) = fresh_anon {
        let _ = res
            .response_mut()
            .add_cookie(&anon_cookie(&value, state.secure_cookies));
    }
    Ok(res)
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

struct Refusal {
    status: actix_web::http::StatusCode,
    reason: &'static str,
}

impl Refusal {
    fn forbidden(reason: &'static str) -> Self {
        Refusal {
            status: actix_web::http::StatusCode::FORBIDDEN,
            reason,
        }
    }
}

async fn check_unsafe_request(req: &mut ServiceRequest, expected: Option<&str>) -> Result<(), Refusal> {
    if !same_origin(req.request()) {
        return Err(Refusal::forbidden("cross-origin"));
    }
    let limit = body_limit(req.request());
    let body = read_body(req.take_payload(), limit)
        .await
        .map_err(|status| Refusal { status, reason: "body" })?;
    let submitted = submitted_token(req.request(), &body);
    // Put the body back for the handler's extractor.
    req.set_payload(Payload::from(body));
    match (expected, submitted) {
        (Some(e), Some(s)) if constant_time_eq(e, &s) => Ok(()),
        _ => Err(Refusal::forbidden("bad csrf token")),
    }
}

/// Browsers send Origin on cross-site POSTs and Sec-Fetch-Site on all
/// requests; either one naming another site is enough to refuse.
fn same_origin(req: &HttpRequest) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else { return false };
    let host = req.connection_info().host().to_owned();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(&host))
}

fn body_limit(req: &HttpRequest) -> usize {
    if req.content_type().starts_with("multipart/") {
        MULTIPART_LIMIT
    } else {
        FORM_LIMIT
    }
}

async fn read_body(mut payload: Payload, limit: usize) -> Result<Bytes, actix_web::http::StatusCode> {
    use actix_web::http::StatusCode;
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if body.len() + chunk.len() > limit {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The token from the `X-CSRF-Token` header, a url-encoded `csrf` field, or
/// a multipart part named `csrf`.
fn submitted_token(req: &HttpRequest, body: &Bytes) -> Option<String> {
    if let Some(v) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return Some(v.to_owned());
    }
    let content_type = req.content_type();
    if content_type == "application/x-www-form-urlencoded" {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
        return pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v);
    }
    if content_type.starts_with("multipart/form-data") {
        return multipart_csrf(body);
    }
    None
}

/// Finds the value of the part named exactly `csrf`. Our forms put it first;
/// the value is 64 hex characters, so a plain scan is enough.
fn multipart_csrf(body: &[u8]) -> Option<String> {
    let needle = b"name=\"csrf\"\r\n\r\n";
    let start = body.windows(needle.len()).position(|w| w == needle)? + needle.len();
    let rest = &body[start..];
    let end = rest.windows(2).position(|w| w == b"\r\n")?;
    std::str::from_utf8(&rest[..end]).ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_csrf_part_of_a_multipart_body() {
        let body = b"--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n--x--\r\n";
        assert_eq!(multipart_csrf(body), Some("abc123".to_owned()));
        assert_eq!(multipart_csrf(b"--x\r\n\r\n"), None);
    }
}
