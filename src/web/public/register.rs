//! A resident creates their own account with a mobile number and a password
//! (DESIGN.md §2), so that what they send while logged in is listed on 我的.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::{self, AccountError, Registration, RegistrationFields};
use crate::auth::hash_gate::GateError;
use crate::auth::{password, rate_limit};
use crate::web::attempts::Reserved;
use crate::web::auth::{audit_actor, current_user};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    phone: String,
    display_name: String,
    consent: bool,
    errors: FieldErrors,
    alert: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    phone: String,
    name: String,
    password: String,
    password_confirm: String,
    consent: String,
}

pub async fn form(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other("/"));
    }
    let errors = FieldErrors::new(ctx.lang);
    render::page(&RegisterPage {
        ctx,
        phone: String::new(),
        display_name: String::new(),
        consent: false,
        errors,
        alert: String::new(),
    })
}

pub async fn register(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    if current_user(&req).await?.is_some() {
        return Ok(see_other("/"));
    }
    let mut errors = FieldErrors::new(ctx.lang);
    let fields = RegistrationFields {
        phone: &form.phone,
        name: &form.name,
        password: &form.password,
        password_confirm: &form.password_confirm,
        consent: &form.consent,
    };
    let Registration { phone, name, password } = match Registration::parse(&fields) {
        Ok(registration) => registration,
        Err(problems) => {
            errors.add_all(&problems);
            return show_again(ctx, &form, errors, "", StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    // Every attempt counts, taken number or not, before the slow hashing.
    let Some(_attempt) = Reserved::reserve(&state, &req, rate_limit::signups).await? else {
        return show_again(
            ctx,
            &form,
            errors,
            "signup.error.limited",
            StatusCode::TOO_MANY_REQUESTS,
        );
    };
    let hashed = state.hash_gate.run(move || password::hash(password.expose())).await;
    let hash = match hashed {
        Ok(hash) => hash.map_err(AppError::internal)?,
        Err(GateError::Busy(_)) => {
            return show_again(ctx, &form, errors, "login.error.busy", StatusCode::TOO_MANY_REQUESTS);
        }
        Err(e) => return Err(e.into()),
    };
    let actor = audit_actor(&req, None);
    state
        .db(
            move |conn| match accounts::register_resident(conn, &phone, &name, &hash, &actor) {
                Ok(_) | Err(AccountError::UsernameTaken) => Ok(()),
                Err(e) => Err(AppError::internal(e)),
            },
        )
        .await?;
    // The same answer whether the number was free or already had an
    // account: the resident logs in next, with the password just chosen.
    Ok(see_other("/login?registered=1"))
}

fn show_again(
    ctx: PageCtx,
    form: &RegisterForm,
    errors: FieldErrors,
    alert_key: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let alert = if alert_key.is_empty() {
        String::new()
    } else {
        ctx.t(alert_key)
    };
    render::page_with_status(
        status,
        &RegisterPage {
            ctx,
            phone: form.phone.chars().take(20).collect(),
            display_name: form.name.chars().take(40).collect(),
            consent: form.consent == "yes",
            errors,
            alert,
        },
    )
}
