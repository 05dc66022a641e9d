//! Letter categories: an admin sets each one's acknowledge and resolve
//! clocks and whether residents may choose it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::letter_categories;
use crate::domain::letter_clocks::{ClockError, parse_clocks};
use crate::settings;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

pub struct ClockField {
    pub field: &'static str,
    pub label_key: &'static str,
    pub value: String,
    pub error: String,
}

pub struct CategoryRow {
    pub code: String,
    pub name: String,
    pub clocks: Vec<ClockField>,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/letter_categories.html")]
struct CategoriesPage {
    ctx: PageCtx,
    rows: Vec<CategoryRow>,
}

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    show(ctx, &state, None, StatusCode::OK).await
}

/// The page; `failed` puts the typed values and the error back on one row.
async fn show(
    ctx: PageCtx,
    state: &AppState,
    failed: Option<(ClockForm, String, ClockError)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let cats = state.db(|conn| Ok(letter_categories::all(conn)?)).await?;
    let rows = cats
        .into_iter()
        .map(|c| {
            let (mut ack, mut resolve) = (c.ack_days.to_string(), c.resolve_days.to_string());
            let mut errors = FieldErrors::new(ctx.lang);
            if let Some((form, code, (field, key))) = &failed {
                if *code == c.code {
                    (ack, resolve) = (form.ack_days.clone(), form.resolve_days.clone());
                    errors.add(field, key);
                }
            }
            let clock = |field, label_key, value| ClockField {
                field,
                label_key,
                value,
                error: errors.get(field),
            };
            CategoryRow {
                name: c.name(ctx.lang).to_owned(),
                clocks: vec![
                    clock("ack_days", "letter_categories.ack_days", ack),
                    clock("resolve_days", "letter_categories.resolve_days", resolve),
                ],
                active: c.active,
                code: c.code,
            }
        })
        .collect();
    render::page_with_status(status, &CategoriesPage { ctx, rows })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ClockForm {
    ack_days: String,
    resolve_days: String,
    active: String,
}

pub async fn update(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(user): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ClockForm>,
) -> Result<HttpResponse, AppError> {
    let code = path.into_inner();
    let form = form.into_inner();
    let (ack, resolve) = match parse_clocks(&form.ack_days, &form.resolve_days) {
        Ok(clocks) => clocks,
        Err(e) => return show(ctx, &state, Some((form, code, e)), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let active = form.active == "yes";
    let actor = audit_actor(&req, Some(&user));
    let found = state
        .db(move |conn| {
            Ok(settings::letter_categories::update(
                conn, &code, ack, resolve, active, &actor,
            )?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/letter-categories"))
}
