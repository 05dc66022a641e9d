//! The logged-in user's own account: changing the password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::password::{self, PasswordFields};
use crate::auth::password::{Verified, hash, verify};
use crate::domain::account::PasswordRule;
use crate::domain::role::Role;
use crate::web::auth::{AnyUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    ctx: PageCtx,
    forced: bool,
    errors: FieldErrors,
    /// Just changed: say so, and that other sessions were ended.
    changed: bool,
    /// The length rule for this account, shown under the field.
    hint_key: &'static str,
    /// Where "continue" leads after a change.
    home: &'static str,
}

#[derive(Deserialize)]
pub struct PasswordQuery {
    changed: Option<String>,
}

pub async fn password_form(
    ctx: PageCtx,
    user: AnyUser,
    query: web::Query<PasswordQuery>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    render::page(&PasswordPage {
        ctx,
        forced: user.0.must_change_password,
        errors,
        changed: query.changed.as_deref() == Some("1") && !user.0.must_change_password,
        hint_key: hint_key(user.0.role),
        home: user.0.role.home_path(),
    })
}

fn hint_key(role: Role) -> &'static str {
    match PasswordRule::for_role(role) {
        PasswordRule::Staff => "password.hint_staff",
        PasswordRule::Resident => "password.hint",
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new_password: String,
    confirm: String,
}

pub async fn change_password(
    req: HttpRequest,
    ctx: PageCtx,
    AnyUser(user): AnyUser,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let user_id = user.id.clone();
    let stored = state
        .db(move |conn| password::stored_hash(conn, &user_id)?.ok_or_else(AppError::not_found))
        .await?;
    // Hashing goes through the gate and holds no database connection.
    let current = form.current.clone();
    let verified = state.hash_gate.run(move || verify(&current, &stored)).await?;
    let fields = PasswordFields {
        current: &form.current,
        new_password: &form.new_password,
        confirm: &form.confirm,
    };
    let new_password = match password::parse_change(&fields, user.role, verified != Verified::No) {
        Ok(new_password) => new_password,
        Err(problems) => {
            let mut errors = FieldErrors::new(ctx.lang);
            errors.add_all(&problems);
            let page = PasswordPage {
                ctx,
                forced: user.must_change_password,
                errors,
                changed: false,
                hint_key: hint_key(user.role),
                home: user.role.home_path(),
            };
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let actor = audit_actor(&req, Some(&user));
    let (user_id, keep) = (user.id.clone(), user.session_token.clone());
    let hash = state
        .hash_gate
        .run(move || hash(new_password.expose()))
        .await?
        .map_err(AppError::internal)?;
    state
        .db(move |conn| password::change_password(conn, &user_id, &hash, &keep, &actor).map_err(AppError::internal))
        .await?;
    Ok(see_other("/account/password?changed=1"))
}
