//! Guessing limits for the handlers: one attempt is reserved in the
//! database *before* the lookup, so concurrent guesses from one address can
//! never pass the limit together. A success gives its attempt back; a
//! failure (or a request that never finishes) keeps it.

use actix_web::HttpRequest;

use super::error::AppError;
use super::session::client_ip;
use super::state::AppState;
use crate::db::rate_limits::{self, Limit};

/// A reserved attempt. `None` from `reserve` means the address is over its
/// limit and the caller answers 429.
pub struct Reserved {
    limit: Option<Limit>,
}

impl Reserved {
    /// Reserves one attempt against the limit `which` makes for this
    /// request's address. Requests without an address are not limited.
    pub async fn reserve(
        state: &AppState,
        req: &HttpRequest,
        which: fn(&[u8], std::net::IpAddr) -> Limit,
    ) -> Result<Option<Reserved>, AppError> {
        let Some(limit) = client_ip(req, state.trusted_proxy).map(|ip| which(&state.secret, ip)) else {
            return Ok(Some(Reserved { limit: None }));
        };
        let now = crate::db::now_ts();
        state
            .db(move |conn| {
                let slot = rate_limits::reserve(conn, &limit, now)?;
                Ok(slot.map(|_| Reserved { limit: Some(limit) }))
            })
            .await
    }

    /// The attempt succeeded: it does not count against the address.
    pub async fn succeeded(self, state: &AppState) -> Result<(), AppError> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        state
            .db(move |conn| Ok(rate_limits::release(conn, &limit.bucket)?))
            .await
    }
}

/// Counts one public submission against its address's allowance, before any
/// work is done; past the allowance the request is answered 429 with the
/// "too many" page. Submissions are not given back: the limit is on volume.
pub async fn count_submission(state: &AppState, req: &HttpRequest) -> Result<(), AppError> {
    let Some(ip) = client_ip(req, state.trusted_proxy) else {
        return Ok(());
    };
    let mut limit = crate::auth::rate_limit::submissions(&state.secret, ip);
    limit.max_hits = state.submissions_per_address;
    let now = crate::db::now_ts();
    let slot = state
        .db(move |conn| Ok(rate_limits::reserve(conn, &limit, now)?))
        .await?;
    match slot {
        Some(_) => Ok(()),
        None => Err(AppError::TooManyRequests),
    }
}
