//! Which database a read goes to when a read replica is configured
//! (`DATABASE_REPLICA_URL`, issue 15). Lists and statistics may read a
//! replica, which trails the primary by a moment; a user who has just
//! changed something must see the change, so for a short while after any
//! write request their reads stay on the primary (read-your-writes).

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpRequest, web};

use super::state::AppState;

/// The cookie that pins a browser's reads to the primary after a write.
pub const PIN_COOKIE: &str = "yuanba_primary";

/// How long reads stay on the primary after a write. Streaming replication
/// on one site trails by milliseconds; this covers a replica that is busy
/// replaying a large purge or import, and costs little: the pinned pages
/// are simply served by the primary as they are without a replica.
pub const PIN_SECONDS: i64 = 10;

/// A handler argument: `Replica` when this request may read the replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadSide {
    Primary,
    Replica,
}

impl ReadSide {
    fn of(req: &HttpRequest) -> Self {
        if req.cookie(PIN_COOKIE).is_some() {
            ReadSide::Primary
        } else {
            ReadSide::Replica
        }
    }
}

impl FromRequest for ReadSide {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ReadSide::of(req)))
    }
}

/// Sets the pin cookie on the answer to every request that may have
/// written (anything but GET and HEAD), when a replica is in use.
pub async fn pin_after_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let replica = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.replica.is_some());
    let secure = req.app_data::<web::Data<AppState>>().is_some_and(|s| s.secure_cookies);
    let mut res = next.call(req).await?.map_into_boxed_body();
    if writes && replica {
        let cookie = Cookie::build(PIN_COOKIE, "1")
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(Duration::seconds(PIN_SECONDS))
            .finish();
        // A response that cannot take the header still went through: the
        // worst case is one page read from a replica a moment behind.
        let _ = res.response_mut().add_cookie(&cookie);
    }
    Ok(res)
}
