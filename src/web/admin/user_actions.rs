//! Changing an existing account: role, disable/enable, password reset.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::users::load_page;
use crate::accounts;
use crate::db::users;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    area_id: String,
    #[serde(default)]
    org_id: String,
}

pub async fn change_role(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    if id == admin.id {
        // An admin demoting themselves could lock the district out.
        let mut page = load_page(ctx, &state, id).await?;
        page.errors.add("role", "admin.users.error.self");
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut page = load_page(ctx, &state, id.clone()).await?;
    let mut problems = accounts::FieldProblems::default();
    let fields = accounts::AccountFields {
        role: &form.role,
        level: &form.level,
        area_id: &form.area_id,
        org_id: &form.org_id,
        ..Default::default()
    };
    let parsed = accounts::parse_role(&mut problems, &fields, &page.areas);
    page.errors.add_all(&problems);
    page.role = form.role.clone();
    page.level = form.level.clone();
    page.area_id = form.area_id.clone();
    page.org_id = form.org_id.clone();
    let Some(choice) = parsed else {
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let actor = audit_actor(&req, Some(&admin));
    let changed = state
        .db(move |conn| {
            let user = users::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            match accounts::change_role(conn, &user, &choice, &actor) {
                Ok(()) => Ok(true),
                Err(accounts::AccountError::UnknownOrg) => Ok(false),
                Err(e) => Err(AppError::internal(e)),
            }
        })
        .await?;
    if !changed {
        page.errors.add("org_id", "admin.users.error.org");
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    Ok(see_other(&format!("/admin/users/{}", page.user.id)))
}

pub async fn disable(
    req: HttpRequest,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_disabled(req, admin, state, path.into_inner(), true).await
}

pub async fn enable(
    req: HttpRequest,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_disabled(req, admin, state, path.into_inner(), false).await
}

async fn set_disabled(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: String,
    disabled: bool,
) -> Result<HttpResponse, AppError> {
    if id == admin.id {
        return Err(AppError::forbidden());
    }
    let actor = audit_actor(&req, Some(&admin));
    let target = id.clone();
    state
        .db(move |conn| {
            users::find(conn, &target)?.ok_or_else(AppError::not_found)?;
            accounts::set_disabled(conn, &target, disabled, &actor).map_err(AppError::internal)
        })
        .await?;
    Ok(see_other(&format!("/admin/users/{id}")))
}

/// Shows the new temporary password once, on the response to the POST.
pub async fn reset_password(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = audit_actor(&req, Some(&admin));
    let target = id.clone();
    let secret = state.secret.clone();
    let temporary = state
        .db(move |conn| {
            let user = users::find(conn, &target)?.ok_or_else(AppError::not_found)?;
            let temporary = accounts::reset_password(conn, &target, &actor).map_err(AppError::internal)?;
            // A lock from failed logins must not keep out the new password.
            let name_limit = crate::auth::rate_limit::login_name(&secret, &user.username);
            crate::db::rate_limits::clear(conn, &name_limit.bucket)?;
            Ok(temporary)
        })
        .await?;
    let mut page = load_page(ctx, &state, id).await?;
    page.temporary_password = temporary;
    render::page(&page)
}
