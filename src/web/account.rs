//! The logged-in user's own account: changing the password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts;
use crate::auth::password::{self, Verified};
use crate::auth::tokens::sha256_hex;
use crate::db::users;
use crate::domain::account::{AccountInputError, NewPassword, PasswordRule};
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
    let mut errors = FieldErrors::new(ctx.lang);
    let new_password = errors.check(
        "new_password",
        NewPassword::parse(&form.new_password, PasswordRule::for_role(user.role)),
        AccountInputError::message_key,
    );
    if new_password.is_some() && form.confirm != form.new_password {
        errors.add("confirm", "account.error.confirm_mismatch");
    }
    if new_password.is_some() && form.new_password == form.current {
        errors.add("new_password", "account.error.same_as_current");
    }
    let user_id = user.id.clone();
    let stored = state
        .db(move |conn| {
            Ok(users::find(conn, &user_id)?
                .ok_or_else(AppError::not_found)?
                .password_hash)
        })
        .await?;
    // Hashing goes through the gate and holds no database connection.
    let current = form.current;
    let verified = state.hash_gate.run(move || password::verify(&current, &stored)).await?;
    if verified == Verified::No {
        errors.add("current", "account.error.current_wrong");
    }
    let (Some(new_password), true) = (new_password, errors.is_empty()) else {
        let page = PasswordPage {
            ctx,
            forced: user.must_change_password,
            errors,
            changed: false,
            hint_key: hint_key(user.role),
            home: user.role.home_path(),
        };
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let actor = audit_actor(&req, Some(&user));
    let (user_id, keep) = (user.id.clone(), sha256_hex(&user.session_token));
    let hash = state
        .hash_gate
        .run(move || password::hash(new_password.expose()))
        .await?
        .map_err(AppError::internal)?;
    state
        .db(move |conn| accounts::change_password(conn, &user_id, &hash, &keep, &actor).map_err(AppError::internal))
        .await?;
    Ok(see_other("/account/password?changed=1"))
}
