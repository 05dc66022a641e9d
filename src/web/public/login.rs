//! Login and logout for staff and residents.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::login::{self, LoginOutcome, LoginRequest, Reservation};
use crate::auth::hash_gate::GateError;
use crate::web::auth::{audit_actor, current_user};
use crate::web::context::PageCtx;
use crate::web::error::{AppError, RETRY_AFTER_SECONDS};
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::session::{client_ip, expired_session_cookie, safe_next, session_cookie, session_token};
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
    /// Information, not an error: after registering.
    notice: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    registered: Option<String>,
}

pub async fn login_form(ctx: PageCtx, query: web::Query<LoginQuery>) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref()).unwrap_or_default();
    let errors = FieldErrors::new(ctx.lang);
    let notice = match query.registered.as_deref() {
        Some("1") => ctx.t("signup.done"),
        _ => String::new(),
    };
    render::page(&LoginPage {
        ctx,
        username: String::new(),
        next,
        errors,
        alert: String::new(),
        notice,
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
    let request = LoginRequest::new(
        &state.secret,
        username.clone(),
        client_ip(&req, state.trusted_proxy),
        session_token(&req),
        audit_actor(&req, None),
    );
    let outcome = match attempt(&state, request, form.password).await? {
        Some(outcome) => outcome,
        None => return busy(ctx, username, next, errors),
    };
    let alert = match outcome {
        LoginOutcome::Success { user, token } => {
            let target = if next.is_empty() || user.must_change_password {
                landing(&user)
            } else {
                next
            };
            let mut res = see_other(&target);
            let _ = res.add_cookie(&session_cookie(&token, state.secure_cookies));
            return Ok(res);
        }
        LoginOutcome::IpLimited => {
            let status = StatusCode::TOO_MANY_REQUESTS;
            return show_again(ctx, username, next, errors, "login.error.ip_limited", status);
        }
        LoginOutcome::Locked => "login.error.locked",
        LoginOutcome::Failed => "login.error.failed",
    };
    show_again(ctx, username, next, errors, alert, StatusCode::UNAUTHORIZED)
}

/// Reserve, verify, record (see `accounts::login`). None when the hash gate is
/// full; the reserved attempt is then given back.
async fn attempt(state: &AppState, request: LoginRequest, password: String) -> Result<Option<LoginOutcome>, AppError> {
    let now = crate::db::now_ts();
    let (request, reservation) = state
        .db(move |conn| {
            let reservation = login::reserve(conn, &request, now)?;
            Ok((request, reservation))
        })
        .await?;
    let pending = match reservation {
        Reservation::Refused(outcome) => return Ok(Some(outcome)),
        Reservation::Verify(pending) => pending,
    };
    let verified = state
        .hash_gate
        .run(move || {
            let verification = login::verify(&pending, &password);
            (pending, verification)
        })
        .await;
    let (pending, verification) = match verified {
        Ok(done) => done,
        Err(GateError::Busy(_)) => {
            state.db(move |conn| Ok(login::cancel(conn, &request)?)).await?;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let outcome = state
        .db(move |conn| Ok(login::finish(conn, &request, *pending, verification)?))
        .await?;
    Ok(Some(outcome))
}

/// Too many logins are being checked at this moment: a page that keeps what
/// was typed and asks to retry shortly.
fn busy(ctx: PageCtx, username: String, next: String, errors: FieldErrors) -> Result<HttpResponse, AppError> {
    let mut res = show_again(
        ctx,
        username,
        next,
        errors,
        "login.error.busy",
        StatusCode::TOO_MANY_REQUESTS,
    )?;
    res.headers_mut().insert(
        actix_web::http::header::RETRY_AFTER,
        actix_web::http::header::HeaderValue::from_static(RETRY_AFTER_SECONDS),
    );
    Ok(res)
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
            notice: String::new(),
        },
    )
}

/// Ends the session on the server, then forgets the cookie.
pub async fn logout(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user = current_user(&req).await?;
    if let Some(token) = session_token(&req) {
        let actor = audit_actor(&req, user.as_ref());
        let logged_in = user.is_some();
        state
            .db(move |conn| Ok(login::logout(conn, &token, &actor, logged_in)?))
            .await?;
    }
    let mut res = see_other("/");
    let _ = res.add_cookie(&expired_session_cookie(state.secure_cookies));
    Ok(res)
}
