//! The working methods cases and debriefs are tagged with,
//! `/admin/method-tags` (issue 12): admins add them in both languages and
//! retire those no longer taught; each change is audited. A retired tag
//! stays on what it tagged, so the case library keeps its history.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::method_tags::{self, MethodTag};
use diesel::Connection;

use crate::db::{self, audit};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

const MAX_NAME: usize = 40;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TagForm {
    name_zh: String,
    name_en: String,
}

#[derive(Template)]
#[template(path = "admin/method_tags.html")]
struct TagsPage {
    ctx: PageCtx,
    tags: Vec<MethodTag>,
    form: TagForm,
    errors: FieldErrors,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: TagForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let tags = state.db(move |conn| Ok(method_tags::all(conn)?)).await?;
    render::page_with_status(
        status,
        &TagsPage {
            ctx,
            tags,
            form,
            errors,
        },
    )
}

pub async fn list(ctx: PageCtx, Admin(_admin): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, TagForm::default(), errors, StatusCode::OK).await
}

/// Each name is required (both languages are shown) and short.
fn check(form: &TagForm) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    for (field, value) in [("name_zh", &form.name_zh), ("name_en", &form.name_en)] {
        let n = value.trim().chars().count();
        if n == 0 {
            problems.push((field, "method_tag.error.name"));
        } else if n > MAX_NAME {
            problems.push((field, "method_tag.error.long"));
        }
    }
    problems
}

pub async fn add(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<TagForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let problems = check(&form);
    if !problems.is_empty() {
        for (field, key) in problems {
            errors.add(field, key);
        }
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let tag = MethodTag {
        id: db::new_id(),
        name_zh: form.name_zh.trim().to_owned(),
        name_en: form.name_en.trim().to_owned(),
        retired: false,
        created_at: db::now_ts(),
    };
    let actor = audit_actor(&req, Some(&admin));
    let added = state
        .db(move |conn| {
            Ok(conn.transaction(|conn| {
                if !method_tags::insert(conn, &tag)? {
                    return Ok::<_, diesel::result::Error>(false);
                }
                audit::record(
                    conn,
                    &actor,
                    "method_tag.add",
                    Some(("method_tag", &tag.id)),
                    &tag.name_zh,
                )?;
                Ok(true)
            })?)
        })
        .await?;
    if !added {
        errors.add("name_zh", "method_tag.error.exists");
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(see_other("/admin/method-tags"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RetireForm {
    retired: String,
}

/// Retires a tag (`retired=yes`) or offers it again.
pub async fn retire(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RetireForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let retired = form.retired == "yes";
    let actor = audit_actor(&req, Some(&admin));
    let found = state
        .db(move |conn| {
            Ok(conn.transaction(|conn| {
                if !method_tags::set_retired(conn, &id, retired)? {
                    return Ok::<_, diesel::result::Error>(false);
                }
                let action = if retired {
                    "method_tag.retire"
                } else {
                    "method_tag.offer"
                };
                audit::record(conn, &actor, action, Some(("method_tag", &id)), "")?;
                Ok(true)
            })?)
        })
        .await?;
    if !found {
        return Err(AppError::not_found());
    }
    Ok(see_other("/admin/method-tags"))
}
