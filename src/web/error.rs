//! The one error type of the web layer. Its responses carry only a status;
//! the error-page middleware fills in the body from a template, so no error's
//! `Display` text (a database message, say) ever reaches a browser.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("login required")]
    LoginRequired { next: String },
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("bad request")]
    BadRequest,
    #[error("payload too large")]
    PayloadTooLarge,
    /// Too much password hashing at once: try again in a few seconds.
    #[error("busy")]
    Busy,
    /// Over a per-address allowance (public submissions).
    #[error("too many requests")]
    TooManyRequests,
    /// No database connection became free in time: answered at once with
    /// 503 and Retry-After instead of holding the request (issue 10).
    #[error("no database connection free")]
    PoolExhausted,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound
    }

    pub fn forbidden() -> Self {
        AppError::Forbidden
    }

    /// Logs the cause once, here, inside the request's span.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal(cause.to_string())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::LoginRequired { .. } | AppError::PasswordChangeRequired => StatusCode::SEE_OTHER,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Busy => StatusCode::TOO_MANY_REQUESTS,
            AppError::PoolExhausted => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::LoginRequired { next } => {
                let query = serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default();
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/login?{query}")))
                    .finish()
            }
            AppError::PasswordChangeRequired => HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/account/password"))
                .finish(),
            AppError::Busy => HttpResponse::TooManyRequests()
                .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
                .finish(),
            AppError::TooManyRequests => HttpResponse::TooManyRequests()
                .insert_header((header::RETRY_AFTER, "60"))
                .finish(),
            AppError::PoolExhausted => HttpResponse::ServiceUnavailable()
                .insert_header((header::RETRY_AFTER, "2"))
                .finish(),
            other => HttpResponse::new(other.status_code()),
        }
    }
}

/// What a "busy" answer asks the browser to wait.
pub const RETRY_AFTER_SECONDS: &str = "5";

impl From<crate::auth::hash_gate::GateError> for AppError {
    fn from(e: crate::auth::hash_gate::GateError) -> Self {
        match e {
            crate::auth::hash_gate::GateError::Busy(_) => AppError::Busy,
            other => AppError::internal(other),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::internal(e)
    }
}

impl From<crate::mediation::intake::IntakeError> for AppError {
    fn from(e: crate::mediation::intake::IntakeError) -> Self {
        use crate::mediation::intake::IntakeError;
        match e {
            // Only a staff registration names a round; its handler shows this
            // next to the field, so reaching here is a request made by hand.
            IntakeError::ScreeningFull => AppError::BadRequest,
            IntakeError::Db(e) => e.into(),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::internal(e)
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(e)
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(e)
    }
}

impl From<crate::renovation::RenovationError> for AppError {
    fn from(e: crate::renovation::RenovationError) -> Self {
        use crate::renovation::RenovationError as R;
        match e {
            R::NotFound => AppError::NotFound,
            R::Forbidden => AppError::Forbidden,
            R::Db(e) => AppError::internal(e),
        }
    }
}

/// A case that is not there is 404, one the user may not see 403.
impl From<crate::mediation::MediationError> for AppError {
    fn from(e: crate::mediation::MediationError) -> Self {
        use crate::mediation::MediationError as M;
        match e {
            M::NotFound => AppError::NotFound,
            M::Forbidden => AppError::Forbidden,
            M::Db(e) => AppError::internal(e),
        }
    }
}

/// The same answers for a referral.
impl From<crate::resolution::ResolutionError> for AppError {
    fn from(e: crate::resolution::ResolutionError) -> Self {
        use crate::resolution::ResolutionError as R;
        match e {
            R::NotFound => AppError::NotFound,
            R::Forbidden => AppError::Forbidden,
            R::Db(e) => AppError::internal(e),
        }
    }
}

/// The same answers for a letter.
impl From<crate::mailbox::MailboxError> for AppError {
    fn from(e: crate::mailbox::MailboxError) -> Self {
        use crate::mailbox::MailboxError as M;
        match e {
            M::NotFound => AppError::NotFound,
            M::Forbidden => AppError::Forbidden,
            M::Db(e) => AppError::internal(e),
        }
    }
}
