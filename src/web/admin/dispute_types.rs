//! `/admin/dispute-types` (DESIGN.md §5.4, issue 13): the statutory dispute
//! types with the labels, order and availability admins choose. Codes are
//! fixed (statistics and the city hand-off use them), so there is no "add":
//! a local type would need its own statutory code mapping, which is left out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::catalogue::{Refused, RetireForm, saved};
use crate::db::dispute_types::{self, DisputeTypeRow};
use crate::domain::catalogue;
use crate::domain::mediation::DisputeGroup;
use crate::settings::dispute_types::{DisputeTypeEdit, set_retired, update};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "admin/dispute_types.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<DisputeTypeRow>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TypeForm {
    name_zh: String,
    name_en: String,
    sort_order: String,
    group_code: String,
    hint_zh: String,
    hint_en: String,
    version: String,
}

#[derive(Template)]
#[template(path = "admin/dispute_type_edit.html")]
struct EditPage {
    ctx: PageCtx,
    row: DisputeTypeRow,
    form: TypeForm,
    errors: FieldErrors,
    conflict: bool,
    groups: Vec<Choice>,
}

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let rows = state.db(|conn| Ok(dispute_types::all(conn)?)).await?;
    render::page(&ListPage { ctx, rows })
}

/// The edit page; `typed` puts back what the admin typed (with errors),
/// otherwise the form shows what the row holds now.
async fn show(
    ctx: PageCtx,
    state: &AppState,
    code: String,
    typed: Option<(TypeForm, FieldErrors)>,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let row = state
        .db(move |conn| Ok(dispute_types::find(conn, &code)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let current = TypeForm {
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        sort_order: row.sort_order.to_string(),
        group_code: row.group_code.code().to_owned(),
        hint_zh: row.hint_zh.clone(),
        hint_en: row.hint_en.clone(),
        version: row.version.to_string(),
    };
    let (form, errors) = typed.unwrap_or_else(|| (current, FieldErrors::new(ctx.lang)));
    let status = refused.as_ref().map_or(StatusCode::OK, Refused::status);
    let conflict = matches!(refused, Some(Refused::Conflict));
    let groups = vocabulary_choices::<DisputeGroup>(&ctx, &form.group_code);
    let page = EditPage {
        groups,
        ctx,
        row,
        form,
        errors,
        conflict,
    };
    render::page_with_status(status, &page)
}

pub async fn edit(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, path.into_inner(), None, None).await
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<TypeForm>,
) -> Result<HttpResponse, AppError> {
    let (code, form) = (path.into_inner(), form.into_inner());
    let mut errors = FieldErrors::new(ctx.lang);
    let name_zh = errors.check("name_zh", catalogue::name(&form.name_zh), |k| k);
    let name_en = errors.check("name_en", catalogue::name(&form.name_en), |k| k);
    let sort_order = errors.check("sort_order", catalogue::sort_order(&form.sort_order), |k| k);
    let group = errors.check("group_code", catalogue::dispute_group(&form.group_code), |k| k);
    let hint_zh = errors.check("hint_zh", catalogue::hint(&form.hint_zh), |k| k);
    let hint_en = errors.check("hint_en", catalogue::hint(&form.hint_en), |k| k);
    let (Some(name_zh), Some(name_en), Some(sort_order), Some(group), Some(hint_zh), Some(hint_en)) =
        (name_zh, name_en, sort_order, group, hint_zh, hint_en)
    else {
        return show(ctx, &state, code, Some((form, errors)), Some(Refused::Invalid)).await;
    };
    let edit = DisputeTypeEdit {
        name_zh,
        name_en,
        sort_order,
        group,
        hint_zh,
        hint_en,
    };
    let (actor, version) = (audit_actor(&req, Some(&admin)), catalogue::seen_version(&form.version));
    let target = code.clone();
    let result = state
        .db(move |conn| Ok(update(conn, &target, version, &edit, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/dispute-types#type-{code}")));
    }
    show(ctx, &state, code, None, Some(Refused::Conflict)).await
}

/// Retires a type (`retired=yes`) or restores it.
pub async fn retire(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RetireForm>,
) -> Result<HttpResponse, AppError> {
    let code = path.into_inner();
    let (actor, version) = (audit_actor(&req, Some(&admin)), catalogue::seen_version(&form.version));
    let (target, retire) = (code.clone(), form.retire());
    let result = state
        .db(move |conn| Ok(set_retired(conn, &target, version, retire, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/dispute-types#type-{code}")));
    }
    show(ctx, &state, code, None, Some(Refused::Conflict)).await
}
