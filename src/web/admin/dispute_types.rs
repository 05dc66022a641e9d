//! `/admin/dispute-types` (DESIGN.md §5.4, issue 13): the statutory dispute
//! types with the labels, order and availability admins choose, and the
//! district's local types. Statutory codes are fixed (statistics and the
//! city hand-off use them); a local type is added with the statutory type
//! it counts as, which is fixed too, because its cases were counted there.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::catalogue::{Refused, RetireForm, saved};
use crate::db::dispute_types::{DisputeTypeRow, DisputeTypes};
use crate::domain::catalogue;
use crate::domain::mediation::{DisputeGroup, DisputeType};
use crate::settings::dispute_types::{DisputeTypeEdit, create as create_local, set_retired, update};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "admin/dispute_types.html")]
struct ListPage {
    ctx: PageCtx,
    /// Every row, and the names of the statutory types local rows count as.
    labels: DisputeTypes,
    /// The "add a local type" form, as typed.
    form: TypeForm,
    errors: FieldErrors,
    groups: Vec<Choice>,
    statutory: Vec<Choice>,
}

impl ListPage {
    fn counts_as(&self, row: &DisputeTypeRow) -> String {
        row.maps_to
            .map_or_else(String::new, |t| self.labels.label(self.ctx.lang, t))
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TypeForm {
    /// Only on "add": the new local type's code and statutory type.
    code: String,
    maps_to: String,
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
    /// For a local type: the statutory type it counts as (fixed).
    counts_as: Option<String>,
}

impl TypeForm {
    /// The fields an edit and an add share, checked; errors go next to them.
    fn check(&self, errors: &mut FieldErrors) -> Option<DisputeTypeEdit> {
        let name_zh = errors.check("name_zh", catalogue::name(&self.name_zh), |k| k);
        let name_en = errors.check("name_en", catalogue::name(&self.name_en), |k| k);
        let sort_order = errors.check("sort_order", catalogue::sort_order(&self.sort_order), |k| k);
        let group = errors.check("group_code", catalogue::dispute_group(&self.group_code), |k| k);
        let hint_zh = errors.check("hint_zh", catalogue::hint(&self.hint_zh), |k| k);
        let hint_en = errors.check("hint_en", catalogue::hint(&self.hint_en), |k| k);
        Some(DisputeTypeEdit {
            name_zh: name_zh?,
            name_en: name_en?,
            sort_order: sort_order?,
            group: group?,
            hint_zh: hint_zh?,
            hint_en: hint_en?,
        })
    }
}

async fn show_list(
    ctx: PageCtx,
    state: &AppState,
    form: TypeForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let labels = state.db(|conn| Ok(DisputeTypes::load(conn)?)).await?;
    let statutory = choices(labels.options(ctx.lang, &labels.every_type()), &form.maps_to);
    let groups = vocabulary_choices::<DisputeGroup>(&ctx, &form.group_code);
    let page = ListPage {
        ctx,
        labels,
        form,
        errors,
        groups,
        statutory,
    };
    render::page_with_status(status, &page)
}

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let form = TypeForm {
        sort_order: "500".into(),
        ..TypeForm::default()
    };
    let errors = FieldErrors::new(ctx.lang);
    show_list(ctx, &state, form, errors, StatusCode::OK).await
}

/// Adds a local type; a taken code (statutory or local) is refused on its
/// field, with everything typed kept.
pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<TypeForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let code = errors.check("code", catalogue::code(&form.code), |k| k);
    let maps_to = DisputeType::parse(form.maps_to.trim());
    if maps_to.is_none() {
        errors.add("maps_to", "dispute_types.err_maps_to");
    }
    let edit = form.check(&mut errors);
    let (Some(code), Some(maps_to), Some(edit)) = (code, maps_to, edit) else {
        return show_list(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let new_code = code.clone();
    let created = state
        .db(move |conn| Ok(create_local(conn, &new_code, maps_to, &edit, &actor)?))
        .await?;
    if !created {
        errors.add("code", "catalogue.error.code_taken");
        return show_list(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(see_other(&format!("/admin/dispute-types#type-{code}")))
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
    let labels = state.db(|conn| Ok(DisputeTypes::load(conn)?)).await?;
    let row = labels.row(&code).cloned().ok_or(AppError::NotFound)?;
    let counts_as = row.maps_to.map(|t| labels.label(ctx.lang, t));
    let current = TypeForm {
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        sort_order: row.sort_order.to_string(),
        group_code: row.group_code.code().to_owned(),
        hint_zh: row.hint_zh.clone(),
        hint_en: row.hint_en.clone(),
        version: row.version.to_string(),
        ..TypeForm::default()
    };
    let (form, errors) = typed.unwrap_or_else(|| (current, FieldErrors::new(ctx.lang)));
    let status = refused.as_ref().map_or(StatusCode::OK, Refused::status);
    let conflict = matches!(refused, Some(Refused::Conflict));
    let groups = vocabulary_choices::<DisputeGroup>(&ctx, &form.group_code);
    let page = EditPage {
        groups,
        counts_as,
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
    let Some(edit) = form.check(&mut errors) else {
        return show(ctx, &state, code, Some((form, errors)), Some(Refused::Invalid)).await;
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
