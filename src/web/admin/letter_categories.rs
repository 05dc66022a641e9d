//! `/admin/letter-categories` (DESIGN.md §4.5, issue 13): admins add
//! categories, edit their names, clocks and order, and retire or restore
//! them. A retired category leaves the letter form; letters keep theirs.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::catalogue::{Refused, RetireForm, saved};
use crate::db::letter_categories::{self, Category, CategoryEdit};
use crate::domain::catalogue;
use crate::domain::letter_clocks::parse_clocks;
use crate::settings;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct CategoryForm {
    /// New categories only: the stable code.
    code: String,
    name_zh: String,
    name_en: String,
    ack_days: String,
    resolve_days: String,
    sort_order: String,
    /// Edits only: the version the form was built from.
    version: String,
}

impl CategoryForm {
    fn of(c: &Category) -> Self {
        CategoryForm {
            code: c.code.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            ack_days: c.ack_days.to_string(),
            resolve_days: c.resolve_days.to_string(),
            sort_order: c.sort_order.to_string(),
            version: c.version.to_string(),
        }
    }

    /// The checked values, each problem next to its field.
    fn check(&self, errors: &mut FieldErrors) -> Option<CategoryEdit> {
        let name_zh = errors.check("name_zh", catalogue::name(&self.name_zh), |k| k);
        let name_en = errors.check("name_en", catalogue::name(&self.name_en), |k| k);
        let clocks = parse_clocks(&self.ack_days, &self.resolve_days)
            .map_err(|(field, key)| errors.add(field, key))
            .ok();
        let sort_order = errors.check("sort_order", catalogue::sort_order(&self.sort_order), |k| k);
        let (ack_days, resolve_days) = clocks?;
        Some(CategoryEdit {
            name_zh: name_zh?,
            name_en: name_en?,
            ack_days,
            resolve_days,
            sort_order: sort_order?,
        })
    }
}

#[derive(Template)]
#[template(path = "admin/letter_categories.html")]
struct CategoriesPage {
    ctx: PageCtx,
    rows: Vec<Category>,
    form: CategoryForm,
    errors: FieldErrors,
}

impl CategoriesPage {
    /// "3 / 30 days": acknowledge and resolve clocks.
    fn clocks(&self, c: &Category) -> String {
        let (ack, resolve) = (c.ack_days.to_string(), c.resolve_days.to_string());
        crate::i18n::t_with(
            self.ctx.lang,
            "letter_categories.clock_pair",
            &[("ack", ack.as_str()), ("resolve", resolve.as_str())],
        )
    }
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: CategoryForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let rows = state.db(|conn| Ok(letter_categories::all(conn)?)).await?;
    render::page_with_status(
        status,
        &CategoriesPage {
            ctx,
            rows,
            form,
            errors,
        },
    )
}

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    let form = CategoryForm {
        ack_days: "3".into(),
        resolve_days: "30".into(),
        sort_order: "50".into(),
        ..CategoryForm::default()
    };
    show(ctx, &state, form, errors, StatusCode::OK).await
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let code = errors.check("code", catalogue::code(&form.code), |k| k);
    let edit = form.check(&mut errors);
    let (Some(code), Some(edit)) = (code, edit) else {
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let new_code = code.clone();
    let created = state
        .db(move |conn| Ok(settings::letter_categories::create(conn, &new_code, &edit, &actor)?))
        .await?;
    if !created {
        errors.add("code", "catalogue.error.code_taken");
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(see_other(&format!("/admin/letter-categories#category-{code}")))
}

#[derive(Template)]
#[template(path = "admin/letter_category_edit.html")]
struct EditPage {
    ctx: PageCtx,
    category: Category,
    form: CategoryForm,
    errors: FieldErrors,
    conflict: bool,
}

/// The edit page; `typed` puts back what the admin typed (with errors),
/// otherwise the form shows what the category holds now.
async fn show_edit(
    ctx: PageCtx,
    state: &AppState,
    code: String,
    typed: Option<(CategoryForm, FieldErrors)>,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let category = state
        .db(move |conn| Ok(letter_categories::find(conn, &code)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let (form, errors) = typed.unwrap_or_else(|| (CategoryForm::of(&category), FieldErrors::new(ctx.lang)));
    let status = refused.as_ref().map_or(StatusCode::OK, Refused::status);
    let page = EditPage {
        conflict: matches!(refused, Some(Refused::Conflict)),
        ctx,
        category,
        form,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn edit(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show_edit(ctx, &state, path.into_inner(), None, None).await
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    let (code, form) = (path.into_inner(), form.into_inner());
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(edit) = form.check(&mut errors) else {
        return show_edit(ctx, &state, code, Some((form, errors)), Some(Refused::Invalid)).await;
    };
    let (actor, version) = (audit_actor(&req, Some(&admin)), catalogue::seen_version(&form.version));
    let target = code.clone();
    let result = state
        .db(move |conn| {
            Ok(settings::letter_categories::update(
                conn, &target, version, &edit, &actor,
            ))
        })
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/letter-categories#category-{code}")));
    }
    show_edit(ctx, &state, code, None, Some(Refused::Conflict)).await
}

/// Retires a category (`retired=yes`) or offers it again.
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
        .db(move |conn| {
            Ok(settings::letter_categories::set_retired(
                conn, &target, version, retire, &actor,
            ))
        })
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/letter-categories#category-{code}")));
    }
    show_edit(ctx, &state, code, None, Some(Refused::Conflict)).await
}
