//! Open311 GeoReport v2, read-only (DESIGN.md §10): `services.json`,
//! `requests.json` and `requests/{id}.json` under `/api/open311/v2`. Public
//! data only (see `mailbox::views::open_data`); every request counts against
//! its address's allowance in the database-backed limiter, past which the
//! answer is 429 with GeoReport's error list.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::db::rate_limits;
use crate::domain::open311::{RawFilter, parse_filter};
use crate::i18n::Lang;
use crate::mailbox::views::open_data;
use crate::web::error::AppError;
use crate::web::session::client_ip;
use crate::web::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Params {
    service_code: String,
    status: String,
    start_date: String,
    end_date: String,
    page: String,
    page_size: String,
    /// `en` for English names; Chinese otherwise.
    locale: String,
}

impl Params {
    fn of(req: &HttpRequest) -> Result<Self, ApiError> {
        serde_urlencoded::from_str(req.query_string()).map_err(|_| ApiError(AppError::BadRequest))
    }

    fn lang(&self) -> Lang {
        if self.locale.starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

pub async fn services(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    count_request(&req, &state).await?;
    let lang = Params::of(&req)?.lang();
    let list = state.db(move |conn| Ok(open_data::services(conn, lang)?)).await?;
    Ok(json(&list))
}

pub async fn requests(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    count_request(&req, &state).await?;
    let params = Params::of(&req)?;
    let filter = parse_filter(&RawFilter {
        service_code: &params.service_code,
        status: &params.status,
        start_date: &params.start_date,
        end_date: &params.end_date,
        page: &params.page,
        page_size: &params.page_size,
    })
    .map_err(|_| ApiError(AppError::BadRequest))?;
    let lang = params.lang();
    let list = state
        .db(move |conn| Ok(open_data::requests(conn, &filter, lang)?))
        .await?;
    Ok(json(&list))
}

pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    count_request(&req, &state).await?;
    let lang = Params::of(&req)?.lang();
    let id = path.into_inner();
    let found = state
        .db(move |conn| Ok(open_data::request(conn, &id, lang)?))
        .await?
        .ok_or(ApiError(AppError::NotFound))?;
    // GeoReport answers a single request as a list of one.
    Ok(json(&[found]))
}

/// One request against the address's allowance; 429 past it.
async fn count_request(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    let Some(ip) = client_ip(req, state.trusted_proxy) else {
        return Ok(());
    };
    let mut limit = crate::auth::rate_limit::api_requests(&state.secret, ip);
    limit.max_hits = state.api_requests_per_address;
    let now = crate::db::now_ts();
    let slot = state
        .db(move |conn| Ok(rate_limits::reserve(conn, &limit, now)?))
        .await?;
    match slot {
        Some(_) => Ok(()),
        None => Err(ApiError(AppError::TooManyRequests)),
    }
}

/// Open data may be read from any web page.
fn json<T: Serialize + ?Sized>(body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(body)
}
