//! Household import from a pasted CSV (DESIGN.md §3): every row is checked
//! first, errors are listed per line, and nothing is stored unless all pass.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::places::Place;
use crate::domain::consensus::Count;
use crate::domain::household_csv;
use crate::renovation::places as use_places;
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;
use crate::web::upload;

pub struct LineError {
    pub line: usize,
    pub message: String,
}

#[derive(Template)]
#[template(path = "staff/places/import.html")]
struct ImportPage {
    ctx: PageCtx,
    compound: Place,
    csv: String,
    line_errors: Vec<LineError>,
    imported: Option<usize>,
    headcount: Count,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    id: String,
    csv: String,
    line_errors: Vec<LineError>,
    imported: Option<usize>,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let (compound, headcount) = state
        .db(move |conn| {
            let compound = use_places::scoped_compound(conn, &scope, &id)?;
            let headcount = use_places::headcount(conn, &compound.id)?;
            Ok((compound, headcount))
        })
        .await?;
    let status = match line_errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = ImportPage {
        ctx,
        compound,
        csv,
        line_errors,
        imported,
        headcount,
    };
    render::page_with_status(status, &page)
}

pub async fn form(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, &user, path.into_inner(), String::new(), Vec::new(), None).await
}

#[derive(serde::Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csv: String,
}

pub async fn import(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ImportForm>,
) -> Result<HttpResponse, AppError> {
    run(req, ctx, user, state, path.into_inner(), form.into_inner().csv).await
}

/// The same import from an uploaded file (multipart, part `file`). The file
/// must be UTF-8 (as spreadsheets export "CSV UTF-8"); a BOM is allowed.
pub async fn import_file(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = upload::boundary(content_type).ok_or(AppError::BadRequest)?;
    let file = upload::part(&body, boundary, "file").unwrap_or_default();
    let Ok(csv) = std::str::from_utf8(file) else {
        let line_errors = vec![LineError {
            line: 0,
            message: ctx.t("import.err_encoding"),
        }];
        return show(ctx, &state, &user, path.into_inner(), String::new(), line_errors, None).await;
    };
    let csv = csv.trim_start_matches('\u{feff}').to_owned();
    run(req, ctx, user, state, path.into_inner(), csv).await
}

async fn run(
    req: HttpRequest,
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    id: String,
    csv: String,
) -> Result<HttpResponse, AppError> {
    let rows = match household_csv::parse(&csv) {
        Ok(rows) => rows,
        Err(errors) => {
            let line_errors = errors
                .into_iter()
                .map(|e| LineError {
                    line: e.line,
                    message: ctx.t(e.key),
                })
                .collect();
            return show(ctx, &state, &user, id, csv, line_errors, None).await;
        }
    };
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let compound = id.clone();
    let count = state
        .db(move |conn| Ok(use_places::import(conn, &scope, &compound, &rows, &actor)?))
        .await?;
    show(ctx, &state, &user, id, String::new(), Vec::new(), Some(count)).await
}
