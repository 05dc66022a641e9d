//! POST handlers of the letter page. Each answers with a redirect to the
//! letter (done), the page with the error at its form (refused, 422), or the
//! page with a conflict notice (someone else changed the letter first, 409).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::page::{Extras, render_page};
use crate::db::DbConn;
use crate::domain::letters::{LetterStatus, StatusChange};
use crate::mailbox::MailboxError;
use crate::mailbox::actions::{self, ActionCtx, Outcome};
use crate::web::auth::{LetterDesk, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::see_other;
use crate::web::state::AppState;

/// Fields every action form carries; kept as text so a garbled version
/// reads as a conflict rather than a 400.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    version: String,
    body: String,
    assignee: String,
    to: String,
    reason: String,
    duplicate_of: String,
    project_id: String,
    public_body: String,
    /// `publish` or `withdraw` (the public-version form's two buttons).
    action: String,
}

impl ActionForm {
    fn version(&self) -> i32 {
        self.version.trim().parse().unwrap_or(-1)
    }
}

type Work = Box<dyn FnOnce(&mut DbConn, &ActionCtx<'_>) -> Result<Outcome, MailboxError> + Send>;

/// The request an action comes from.
pub struct Caller {
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    id: String,
}

/// Runs one action and turns its outcome into a response. `field` maps the
/// use case's generic "body" field to this form's own field.
async fn run(caller: Caller, version: i32, field: &'static str, work: Work) -> Result<HttpResponse, AppError> {
    let Caller {
        req,
        ctx,
        desk: LetterDesk(user),
        state,
        id,
    } = caller;
    let (v, actor, letter_id) = (user.viewer(), audit_actor(&req, Some(&user)), id.clone());
    let outbox = state.outbox.clone();
    let outcome = state
        .db(move |conn| {
            let action = ActionCtx {
                letter_id: &letter_id,
                viewer: &v,
                seen_version: version,
                actor: &actor,
                outbox: &outbox,
            };
            work(conn, &action).map_err(AppError::from)
        })
        .await?;
    let (extras, status) = match outcome {
        Outcome::Done => return Ok(see_other(&format!("/staff/letters/{id}"))),
        Outcome::Conflict => (
            Extras {
                conflict: true,
                ..Extras::default()
            },
            StatusCode::CONFLICT,
        ),
        Outcome::Refused(f, key) => (
            Extras {
                errors: vec![(if f == "body" { field } else { f }, key)],
                ..Extras::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    render_page(ctx, &user, &state, id, extras, status).await
}

pub async fn reply(
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let caller = Caller {
        req,
        ctx,
        desk,
        state,
        id: path.into_inner(),
    };
    run(
        caller,
        form.version(),
        "reply",
        Box::new(move |conn, a| actions::reply(conn, a, &form.body)),
    )
    .await
}

pub async fn note(
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let caller = Caller {
        req,
        ctx,
        desk,
        state,
        id: path.into_inner(),
    };
    run(
        caller,
        form.version(),
        "note",
        Box::new(move |conn, a| actions::note(conn, a, &form.body)),
    )
    .await
}

pub async fn assign(
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let caller = Caller {
        req,
        ctx,
        desk,
        state,
        id: path.into_inner(),
    };
    run(
        caller,
        form.version(),
        "assignee",
        Box::new(move |conn, a| actions::assign(conn, a, &form.assignee)),
    )
    .await
}

pub async fn change_status(
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let caller = Caller {
        req,
        ctx,
        desk,
        state,
        id: path.into_inner(),
    };
    let Some(to) = LetterStatus::parse(&form.to) else {
        let work: Work = Box::new(|_, _| Ok(Outcome::Refused("to", "form.error.choose")));
        return run(caller, form.version(), "to", work).await;
    };
    let change = StatusChange {
        to,
        reason: form.reason.clone(),
        duplicate_of: Some(form.duplicate_of.trim().to_owned()).filter(|d| !d.is_empty()),
        project_id: Some(form.project_id.trim().to_owned()).filter(|p| !p.is_empty()),
    };
    run(
        caller,
        form.version(),
        "reason",
        Box::new(move |conn, a| actions::change_status(conn, a, &change)),
    )
    .await
}

/// Approves the public version of the letter's text, or withdraws it.
pub async fn publish(
    req: HttpRequest,
    ctx: PageCtx,
    desk: LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let caller = Caller {
        req,
        ctx,
        desk,
        state,
        id: path.into_inner(),
    };
    let withdraw = form.action == "withdraw";
    run(
        caller,
        form.version(),
        "public_body",
        Box::new(move |conn, a| actions::publish(conn, a, Some(form.public_body.as_str()).filter(|_| !withdraw))),
    )
    .await
}
