//! The admin's changes to one place (issue 13): rename, move, retire and
//! restore, each a POST from the place's page. A refused change shows the
//! page again with the error next to its field and what was typed kept; a
//! change someone else made meanwhile is a conflict (409) with the stored
//! state shown, never a silent overwrite.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::places::{self as use_places, Change};
use crate::web::admin::places::{EditForm, NodeQuery, Outcome, show};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::see_other;
use crate::web::state::AppState;

/// After a change: back to the page with its confirmation, or the page
/// again with why not.
async fn answer(
    ctx: PageCtx,
    state: &AppState,
    id: String,
    change: Change,
    form: Option<(EditForm, bool)>,
    done: &str,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new(ctx.lang);
    let (conflict, status) = match change {
        Change::Done => return Ok(see_other(&format!("/admin/places/{id}?saved={done}"))),
        Change::NotFound => return Err(AppError::not_found()),
        Change::Conflict => (true, StatusCode::CONFLICT),
        Change::Refused(field, key) => {
            errors.add(field, key);
            (false, StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let outcome = Outcome {
        form,
        contact: None,
        contact_conflict: false,
        errors,
        conflict,
        status,
    };
    show(ctx, state, id, NodeQuery::default(), outcome).await
}

pub async fn rename(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let actor = audit_actor(&req, Some(&admin));
    let (place, f) = (id.clone(), form.clone());
    let change = state
        .db(move |conn| {
            Ok(use_places::rename(
                conn,
                &actor,
                &place,
                f.version,
                &f.name,
                &f.short_name,
            )?)
        })
        .await?;
    answer(ctx, &state, id, change, Some((form, true)), "rename").await
}

pub async fn move_place(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let actor = audit_actor(&req, Some(&admin));
    let (place, f) = (id.clone(), form.clone());
    let change = state
        .db(move |conn| Ok(use_places::move_to(conn, &actor, &place, f.version, &f.parent_id)?))
        .await?;
    answer(ctx, &state, id, change, Some((form, false)), "move").await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RetireForm {
    /// `yes` retires, anything else restores.
    retired: String,
    version: i32,
}

pub async fn retire(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RetireForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let retire = form.retired == "yes";
    let version = form.version;
    let actor = audit_actor(&req, Some(&admin));
    let place = id.clone();
    let change = state
        .db(move |conn| Ok(use_places::set_retired(conn, &actor, &place, version, retire)?))
        .await?;
    let done = if retire { "retire" } else { "restore" };
    answer(ctx, &state, id, change, None, done).await
}
