//! The holiday calendar, `/admin/holidays` (issue 11, item 6): statutory
//! holidays and adjusted working days by year, added and removed by admins,
//! each change audited. The mediation period rules read it (Civil Code
//! Art. 203); weekends are rest days without an entry.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::dates::{china_year, day_text, parse_day};
use crate::db::holidays::{self, Holiday};
use crate::db::now_ts;
use crate::domain::legal_period::{DayKind, check_entry};
use crate::settings::holidays::{self as calendar, Outcome};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    day: String,
    kind: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    year: String,
}

#[derive(Template)]
#[template(path = "admin/holidays.html")]
struct HolidaysPage {
    ctx: PageCtx,
    year: i32,
    entries: Vec<Holiday>,
    form: EntryForm,
    kinds: Vec<Choice>,
    errors: FieldErrors,
}

/// The year asked for, within a sensible range; the current one otherwise.
fn year_of(raw: &str) -> i32 {
    raw.trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| china_year(now_ts()))
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    year: i32,
    form: EntryForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let entries = state.db(move |conn| Ok(holidays::in_year(conn, year)?)).await?;
    let kinds = vocabulary_choices::<DayKind>(&ctx, form.kind.trim());
    render::page_with_status(
        status,
        &HolidaysPage {
            ctx,
            year,
            entries,
            form,
            kinds,
            errors,
        },
    )
}

pub async fn list(
    ctx: PageCtx,
    Admin(_admin): Admin,
    state: web::Data<AppState>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    let year = year_of(&query.year);
    show(ctx, &state, year, EntryForm::default(), errors, StatusCode::OK).await
}

pub async fn add(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<EntryForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let year_shown = parse_day(&form.day).map_or_else(|| china_year(now_ts()), |d| year_of(&day_text(d)[..4]));
    let (day, kind, name) = match check_entry(&form.day, &form.kind, &form.name) {
        Ok(entry) => entry,
        Err(problems) => {
            for (field, key) in problems {
                errors.add(field, key);
            }
            return show(ctx, &state, year_shown, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let actor = audit_actor(&req, Some(&admin));
    let row = Holiday {
        day: day_text(day),
        kind,
        name,
        created_by: admin.id.clone(),
        created_at: now_ts(),
    };
    let outcome = state.db(move |conn| Ok(calendar::add(conn, &row, &actor)?)).await?;
    if outcome == Outcome::Unchanged {
        errors.add("day", "holiday.error.exists");
        return show(ctx, &state, year_shown, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(see_other(&format!("/admin/holidays?year={}", &day_text(day)[..4])))
}

pub async fn remove(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let day = parse_day(&path.into_inner()).ok_or_else(AppError::not_found)?;
    let text = day_text(day);
    let actor = audit_actor(&req, Some(&admin));
    let key = text.clone();
    // Removing a day that has no entry (another admin removed it first)
    // leaves the calendar as asked; only a real removal is audited.
    state.db(move |conn| Ok(calendar::remove(conn, &key, &actor)?)).await?;
    Ok(see_other(&format!("/admin/holidays?year={}", &text[..4])))
}
