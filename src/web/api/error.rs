//! Errors of the JSON API. The status is the HTML pages' own (one place
//! decides it, `AppError`); the body is Open311's error list,
//! `[{"code": 404, "description": "not found"}]`, and says no more than the
//! status does: a database message never reaches a client.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::web::error::AppError;
use crate::web::middleware::RENDERED_HEADER;

/// An [`AppError`] answered as JSON: `?` on an `AppError` in an API handler
/// converts it.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

#[derive(Serialize)]
struct Open311Error {
    code: u16,
    description: &'static str,
}

impl ApiError {
    fn description(&self) -> &'static str {
        match &self.0 {
            AppError::NotFound => "not found",
            AppError::Forbidden => "forbidden",
            AppError::LoginRequired { .. } | AppError::PasswordChangeRequired => "login required",
            AppError::BadRequest => "bad request",
            AppError::PayloadTooLarge => "payload too large",
            AppError::Busy | AppError::TooManyRequests => "too many requests",
            AppError::PoolExhausted => "service unavailable",
            AppError::Internal(_) => "internal error",
        }
    }
}

impl ResponseError for ApiError {
    /// As for pages, except that a client of the API has no login page to
    /// be sent to: what redirects a browser is a 401 here.
    fn status_code(&self) -> StatusCode {
        match &self.0 {
            AppError::LoginRequired { .. } | AppError::PasswordChangeRequired => StatusCode::UNAUTHORIZED,
            other => other.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut response = HttpResponse::build(status);
        // The page answer's Retry-After (busy, rate limit, no connection).
        if let Some(wait) = self.0.error_response().headers().get(header::RETRY_AFTER) {
            response.insert_header((header::RETRY_AFTER, wait.clone()));
        }
        // The error-page middleware leaves a body marked as rendered alone.
        response.insert_header((RENDERED_HEADER, "1")).json([Open311Error {
            code: status.as_u16(),
            description: self.description(),
        }])
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::MessageBody;

    use super::*;

    fn answer(e: AppError) -> (StatusCode, Option<String>, serde_json::Value) {
        let response = ApiError::from(e).error_response();
        let status = response.status();
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
        assert!(response.headers().contains_key(RENDERED_HEADER));
        let retry = response
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.into_body().try_into_bytes().unwrap();
        (status, retry, serde_json::from_slice(&body).unwrap())
    }

    #[test]
    fn errors_are_open311_json_with_the_pages_status() {
        let (status, retry, body) = answer(AppError::NotFound);
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(retry, None);
        assert_eq!(body, serde_json::json!([{"code": 404, "description": "not found"}]));
        assert_eq!(answer(AppError::Forbidden).0, StatusCode::FORBIDDEN);
        assert_eq!(answer(AppError::BadRequest).0, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn a_login_redirect_becomes_401_and_waits_keep_their_retry_after() {
        let (status, _, body) = answer(AppError::LoginRequired { next: "/x".into() });
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body[0]["code"], 401);
        let (status, retry, _) = answer(AppError::PoolExhausted);
        assert_eq!((status, retry.as_deref()), (StatusCode::SERVICE_UNAVAILABLE, Some("2")));
        assert_eq!(answer(AppError::TooManyRequests).1.as_deref(), Some("60"));
    }

    #[test]
    fn an_internal_message_never_reaches_the_client() {
        let (status, _, body) = answer(AppError::Internal("relation \"cases\" does not exist".into()));
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            body,
            serde_json::json!([{"code": 500, "description": "internal error"}])
        );
    }
}
