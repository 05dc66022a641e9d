//! `/admin/places/import` (issue 13): the admin uploads the hierarchy as a
//! CSV file (format on the page, in README.md and in
//! `static/places-example.csv`). Every line is checked first; any bad line
//! is listed next to the upload field and nothing is stored. Otherwise one
//! transaction adds what is missing and the page says how many places were
//! created and how many were already there.

use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::place_csv::{self, RowError};
use crate::places::import::{self, Outcome, Summary};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;
use crate::web::upload;

/// More errors than anyone reads; the count of the rest is shown.
const SHOWN_ERRORS: usize = 100;

/// The example file, served beside the form.
pub const EXAMPLE_CSV: &str = include_str!("../../../static/places-example.csv");

pub struct LineError {
    pub line: usize,
    pub message: String,
}

#[derive(Template)]
#[template(path = "admin/places_import.html")]
struct ImportPage {
    ctx: PageCtx,
    errors: Vec<LineError>,
    more_errors: usize,
    summary: Option<Summary>,
    example: &'static str,
}

fn page(ctx: PageCtx, errors: &[RowError], summary: Option<Summary>) -> Result<HttpResponse, AppError> {
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let lines = errors
        .iter()
        .take(SHOWN_ERRORS)
        .map(|e| LineError {
            line: e.line,
            message: ctx.t(e.key),
        })
        .collect();
    let view = ImportPage {
        ctx,
        errors: lines,
        more_errors: errors.len().saturating_sub(SHOWN_ERRORS),
        summary,
        example: EXAMPLE_CSV,
    };
    render::page_with_status(status, &view)
}

pub async fn form(ctx: PageCtx, Admin(_admin): Admin) -> Result<HttpResponse, AppError> {
    page(ctx, &[], None)
}

/// The example file, to download and fill in.
pub async fn example(Admin(_admin): Admin) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("content-disposition", "attachment; filename=\"places-example.csv\""))
        .body(EXAMPLE_CSV)
}

pub async fn upload(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = upload::boundary(content_type).ok_or(AppError::BadRequest)?;
    let file = upload::part(&body, boundary, "file").unwrap_or_default();
    let rows = match place_csv::parse(file) {
        Ok(rows) => rows,
        Err(errors) => return page(ctx, &errors, None),
    };
    let actor = audit_actor(&req, Some(&admin));
    let outcome = state.db(move |conn| Ok(import::import(conn, &rows, &actor)?)).await?;
    match outcome {
        Outcome::Done(summary) => page(ctx, &[], Some(summary)),
        Outcome::Rejected(errors) => page(ctx, &errors, None),
    }
}
