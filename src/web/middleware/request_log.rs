use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

use crate::web::metrics::{Metrics, UNMATCHED};

/// The id shown on error pages and logged with every line of the request.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Logs one line per request: request id, method, the matched route
/// pattern, status and duration, all inside a span carrying the request
/// id. Never the path itself nor its query: receipt codes, ids and search
/// words live there (DESIGN.md §8: no personal data in logs). The same
/// figures feed the Prometheus metrics.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
    req.extensions_mut().insert(RequestId(id.clone()));
    let metrics = req.app_data::<Data<Metrics>>().cloned();
    let method = req.method().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        route = tracing::field::Empty
    );
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => return Err(e),
    };
    // Known only once the router has run.
    let route = res.request().match_pattern().unwrap_or_else(|| UNMATCHED.to_owned());
    span.record("route", route.as_str());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    span.in_scope(|| tracing::info!(status, ms = elapsed.as_millis() as u64, "handled"));
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, status, elapsed.as_secs_f64());
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}
