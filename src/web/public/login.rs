//! Login and logout for staff and residents.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::login::{self, LoginAttempt, LoginOutcome};
use crate::auth::tokens::sha256_hex;
use crate::db::{audit, sessions};
use crate::web::auth::{audit_actor, current_user};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::session::{SESSION_COOKIE, client_ip, expired_session_cookie, safe_next, session_cookie};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/login.html")]
struct LoginPage {
    ctx: PageCtx,
    username: String,
    next: String,
    errors: FieldErrors,
    /// A message about the whole form (wrong credentials, lock).
    alert: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: PageCtx, query: web::Query<LoginQuery>) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref()).unwrap_or_default();
    let errors = FieldErrors::new(ctx.lang);
    render::page(&LoginPage {
        ctx,
        username: String::new(),
        next,
        errors,
        alert: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let username = form.username.trim().to_lowercase();
    let mut errors = FieldErrors::new(ctx.lang);
    if username.is_empty() {
        errors.add("username", "form.error.required");
    }
    if form.password.is_empty() {
        errors.add("password", "form.error.required");
    }
    if username.chars().count() > 64 || form.password.chars().count() > 256 {
        errors.add("username", "login.error.failed");
    }
    let next = safe_next(form.next.as_deref()).unwrap_or_default();
    if !errors.is_empty() {
        return show_again(ctx, username, next, errors, "", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ip = client_ip(&req, state.trusted_proxy);
    let now = crate::db::now_ts();
    if ip.is_some_and(|ip| state.ip_limiter.is_blocked(ip, now)) {
        return show_again(
            ctx,
            username,
            next,
            errors,
            "login.error.ip_limited",
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let attempt_actor = audit_actor(&req, None);
    let previous = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let (name, password) = (username.clone(), form.password);
    let outcome = state
        .db(move |conn| {
            let attempt = LoginAttempt {
                username: &name,
                password: &password,
                previous_token: previous.as_deref(),
                actor: attempt_actor,
            };
            Ok(login::attempt(conn, attempt)?)
        })
        .await?;
    match outcome {
        LoginOutcome::Success { user, token } => {
            let target = if next.is_empty() || user.must_change_password {
                landing(&user)
            } else {
                next
            };
            let mut res = see_other(&target);
            let _ = res.add_cookie(&session_cookie(&token, state.secure_cookies));
            Ok(res)
        }
        LoginOutcome::Failed | LoginOutcome::Locked => {
            let alert = if matches!(outcome, LoginOutcome::Locked) {
                "login.error.locked"
            } else {
                "login.error.failed"
            };
            if let Some(ip) = ip {
                if state.ip_limiter.record_failure(ip, now) {
                    let actor = audit_actor(&req, None);
                    state
                        .db(move |conn| Ok(audit::record(conn, &actor, "login.ip_limited", None, "")?))
                        .await?;
                }
            }
            show_again(ctx, username, next, errors, alert, StatusCode::UNAUTHORIZED)
        }
    }
}

fn landing(user: &crate::db::users::User) -> String {
    if user.must_change_password {
        "/account/password".to_owned()
    } else {
        user.role().home_path().to_owned()
    }
}

fn show_again(
    ctx: PageCtx,
    username: String,
    next: String,
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
        &LoginPage {
            ctx,
            username,
            next,
            errors,
            alert,
        },
    )
}

/// Ends the session on the server, then forgets the cookie.
pub async fn logout(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user = current_user(&req).await?;
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        let actor = audit_actor(&req, user.as_ref());
        let logged_in = user.is_some();
        state
            .db(move |conn| {
                sessions::delete(conn, &sha256_hex(&token))?;
                if logged_in {
                    audit::record(
                        conn,
                        &actor,
                        "logout",
                        actor.user_id.as_deref().map(|id| ("user", id)),
                        "",
                    )?;
                }
                Ok(())
            })
            .await?;
    }
    let mut res = see_other("/");
    let _ = res.add_cookie(&expired_session_cookie(state.secure_cookies));
    Ok(res)
}
