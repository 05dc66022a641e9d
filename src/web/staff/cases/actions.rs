//! POST handlers of the case page. Each answers with a redirect to the case
//! (done), the case page with the error at its form (refused), or the
//! conflict page (someone else changed the case first).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page;
use super::viewer;
use crate::db::{DbConn, audit::AuditActor};
use crate::domain::mediation_workflow::CaseState;
use crate::mediation::actions::ChangeContext;
use crate::mediation::transitions::{self, TransitionInput};
use crate::mediation::{ChangeOutcome, MediationError};
use crate::web::auth::{SessionUser, Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// Every case form carries the version and last event the user saw.
/// Kept as text: `serde(flatten)` hands url-encoded values over as strings.
#[derive(Deserialize, Default, Clone)]
pub struct Seen {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub seen_event: String,
}

impl Seen {
    /// A missing or garbled version never matches, so it reads as a conflict.
    pub fn version(&self) -> i32 {
        self.version.trim().parse().unwrap_or(-1)
    }
}

#[derive(Template)]
#[template(path = "staff/cases/conflict.html")]
struct ConflictPage {
    ctx: PageCtx,
    case_id: String,
    changes: Vec<page::EventRow>,
}

/// The request a change comes from.
pub struct Caller {
    pub req: HttpRequest,
    pub ctx: PageCtx,
    pub user: SessionUser,
    pub state: web::Data<AppState>,
}

type Work = Box<dyn FnOnce(&mut DbConn, &ChangeContext<'_>) -> Result<ChangeOutcome<()>, MediationError> + Send>;

/// Runs one change to a case and turns its outcome into a response.
pub async fn run_change(
    caller: Caller,
    case_id: String,
    seen: Seen,
    form_key: &str,
    work: Work,
) -> Result<HttpResponse, AppError> {
    let Caller { req, ctx, user, state } = caller;
    let actor: AuditActor = audit_actor(&req, Some(&user));
    let viewer = viewer(&user);
    let id = case_id.clone();
    let outcome = state
        .db(move |conn| {
            let change = ChangeContext {
                case_id: &id,
                viewer: &viewer,
                seen_version: seen.version(),
                seen_event: &seen.seen_event,
                actor: &actor,
            };
            work(conn, &change).map_err(mediation_error)
        })
        .await?;
    respond(req, ctx, user, state, case_id, form_key, outcome).await
}

pub fn mediation_error(e: MediationError) -> AppError {
    match e {
        MediationError::NotFound => AppError::not_found(),
        MediationError::Forbidden => AppError::forbidden(),
        MediationError::Db(e) => AppError::internal(e),
    }
}

async fn respond<T>(
    req: HttpRequest,
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    case_id: String,
    form_key: &str,
    outcome: ChangeOutcome<T>,
) -> Result<HttpResponse, AppError> {
    match outcome {
        ChangeOutcome::Done(_) => Ok(see_other(&format!("/staff/cases/{case_id}"))),
        ChangeOutcome::Conflict(events) => conflict(ctx, case_id, events),
        ChangeOutcome::Refused(key) => refused(&req, ctx, &user, &state, case_id, form_key, key).await,
    }
}

/// "This case changed, here is what changed" (409), never an overwrite.
pub fn conflict(
    ctx: PageCtx,
    case_id: String,
    events: Vec<crate::db::case_events::CaseEvent>,
) -> Result<HttpResponse, AppError> {
    let changes = page::event_rows(events);
    render::page_with_status(StatusCode::CONFLICT, &ConflictPage { ctx, case_id, changes })
}

/// The case page again, with the message at the form that was sent.
pub async fn refused(
    req: &HttpRequest,
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    case_id: String,
    form_key: &str,
    key: &str,
) -> Result<HttpResponse, AppError> {
    let message = ctx.t(key);
    let mut page = page::load(req, ctx, user, state, case_id, false).await?;
    page.error = (form_key.to_owned(), message);
    render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TransitionForm {
    #[serde(flatten)]
    seen: Seen,
    to: String,
    note: String,
    reason_code: String,
    notification_method: String,
    destination: String,
    lead_mediator_id: String,
    mentor_id: String,
    performed: String,
    agreement_disputed: String,
    both_parties_consent: String,
    return_reason: String,
    identity_proof: String,
    back_cover: String,
    volume_number: String,
    retention_period: String,
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty() && s.chars().count() <= 500)
}

impl TransitionForm {
    fn input(&self) -> TransitionInput {
        let yes = |s: &str| s == "yes";
        TransitionInput {
            to: CaseState::parse(&self.to),
            seen_version: self.seen.version(),
            seen_event: self.seen.seen_event.clone(),
            note: self.note.chars().take(1000).collect(),
            reason_code: text(&self.reason_code),
            notification_method: text(&self.notification_method),
            destination: text(&self.destination),
            lead_mediator_id: text(&self.lead_mediator_id),
            mentor_id: text(&self.mentor_id),
            performed: yes(&self.performed),
            agreement_disputed: yes(&self.agreement_disputed),
            both_parties_consent: yes(&self.both_parties_consent),
            return_reason: text(&self.return_reason),
            archive_items: [
                ("identity_proof", &self.identity_proof),
                ("back_cover", &self.back_cover),
            ]
            .iter()
            .filter(|(_, v)| yes(v))
            .map(|(k, _)| k.to_string())
            .collect(),
            volume_number: text(&self.volume_number),
            retention_period: text(&self.retention_period),
        }
    }
}

pub async fn transition(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<TransitionForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let input = form.input();
    let form_key = format!("step-{}", form.to);
    let actor = audit_actor(&req, Some(&user));
    let viewer = viewer(&user);
    let id = case_id.clone();
    let outcome = state
        .db(move |conn| transitions::fire(conn, &id, &viewer, &input, &actor).map_err(mediation_error))
        .await?;
    respond(req, ctx, user, state, case_id, &form_key, outcome).await
}
