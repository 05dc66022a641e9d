//! Stopping notifications from the link in a message: the link opens a
//! page with one button (a GET never changes anything: mail scanners and
//! link previews open links), the button's POST records the opt-out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::notify::opt_out::{self, Stopped};
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/notify_stop.html")]
struct StopPage {
    ctx: PageCtx,
    token: String,
    /// Shown after the POST.
    done: bool,
    /// Shown after "resume".
    resumed: bool,
}

pub async fn confirm(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    if opt_out::verify(&state.outbox, &token).is_none() {
        return Err(AppError::NotFound);
    }
    render::page(&StopPage {
        ctx,
        token,
        done: false,
        resumed: false,
    })
}

pub async fn stop(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let actor = audit_actor(&req, None);
    let (outbox, t) = (state.outbox.clone(), token.clone());
    let stopped = state
        .db(move |conn| Ok(opt_out::stop_by_token(conn, &outbox, &t, &actor)?))
        .await?;
    if stopped == Stopped::Unknown {
        return Err(AppError::NotFound);
    }
    let page = StopPage {
        ctx,
        token,
        done: true,
        resumed: false,
    };
    render::page_with_status(StatusCode::OK, &page)
}

/// "Receive them again" on the same page, for someone who stopped them by
/// mistake (or from "我的", which cannot undo a link's opt-out).
pub async fn resume(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let actor = audit_actor(&req, None);
    let (outbox, t) = (state.outbox.clone(), token.clone());
    let resumed = state
        .db(move |conn| Ok(opt_out::resume_by_token(conn, &outbox, &t, &actor)?))
        .await?;
    if resumed.is_none() {
        return Err(AppError::NotFound);
    }
    let page = StopPage {
        ctx,
        token,
        done: false,
        resumed: true,
    };
    render::page_with_status(StatusCode::OK, &page)
}
