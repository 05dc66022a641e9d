//! The one change pipeline of the case pages. A [`CaseRequest`] carries what
//! every change needs (request, page context, staff user, state, case id);
//! [`CaseRequest::run`] applies the change against the version the user saw;
//! the case page's forms answer with [`CaseRequest::respond`]: a redirect to
//! the case (done), the case page with the message at the form (refused), or
//! the conflict page (someone else changed the case first).

use super::view::PAGE_ERROR;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::view::{self, CasePage, EventRow, FormDraft};
use crate::db::DbConn;
use crate::db::case_events::CaseEvent;
use crate::mediation::actions::ChangeContext;
use crate::mediation::details::{self, FormView};
use crate::mediation::{ChangeOutcome, MediationError};
use crate::web::auth::{SessionUser, Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
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

/// A request about one case (`/staff/cases/{id}/…`) by a staff member.
/// Extracted in the order the handlers took their parts before: the page
/// context, then the staff check (login redirect or 403), so nothing about
/// the form is looked at for anyone else.
pub struct CaseRequest {
    pub req: HttpRequest,
    pub ctx: PageCtx,
    pub user: SessionUser,
    pub state: web::Data<AppState>,
    pub case_id: String,
}

impl FromRequest for CaseRequest {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let ctx = PageCtx::extract(&req).await?;
            let Staff(user) = Staff::extract(&req).await?;
            let state = crate::web::auth::app_state(&req)?;
            let case_id = req.match_info().get("id").ok_or_else(AppError::not_found)?.to_owned();
            Ok(CaseRequest {
                req,
                ctx,
                user,
                state,
                case_id,
            })
        })
    }
}

/// One change to a case, run in a write transaction by the use-case layer.
pub type Work = Box<dyn FnOnce(&mut DbConn, &ChangeContext<'_>) -> Result<ChangeOutcome<()>, MediationError> + Send>;

#[derive(Template)]
#[template(path = "staff/cases/conflict.html")]
struct ConflictPage {
    ctx: PageCtx,
    case_id: String,
    changes: Vec<EventRow>,
}

impl CaseRequest {
    /// The case as a detail form needs it: its version and last event (for
    /// the conflict check) and the user's capacities; 404 or 403 as for the
    /// case page.
    pub async fn form_view(&self) -> Result<FormView, AppError> {
        let (viewer, id) = (self.user.viewer(), self.case_id.clone());
        self.state
            .db(move |conn| Ok(details::form_view(conn, &viewer, &id)?))
            .await
    }

    /// Runs one change to the case as seen by the user.
    pub async fn run(&self, seen: Seen, work: Work) -> Result<ChangeOutcome<()>, AppError> {
        let actor = audit_actor(&self.req, Some(&self.user));
        let (viewer, id) = (self.user.viewer(), self.case_id.clone());
        let outcome = self
            .state
            .db(move |conn| {
                let change = ChangeContext {
                    case_id: &id,
                    viewer: &viewer,
                    seen_version: seen.version(),
                    seen_event: &seen.seen_event,
                    actor: &actor,
                };
                Ok(work(conn, &change)?)
            })
            .await?;
        Ok(outcome)
    }

    /// A case page form: runs the change and answers its outcome, with a
    /// refusal shown at `form_key`.
    pub async fn change(self, seen: Seen, form_key: &str, work: Work) -> Result<HttpResponse, AppError> {
        let outcome = self.run(seen, work).await?;
        self.respond(form_key, outcome).await
    }

    /// The answer of the case page's forms to a change's outcome.
    pub async fn respond<T>(self, form_key: &str, outcome: ChangeOutcome<T>) -> Result<HttpResponse, AppError> {
        match outcome {
            ChangeOutcome::Done(_) => Ok(see_other(&format!("/staff/cases/{}", self.case_id))),
            ChangeOutcome::Conflict(events) => conflict(self.ctx, self.case_id, events),
            // A step this user may not take: 403, with the reason at the top
            // of the page, since the step's own form is not shown to them.
            ChangeOutcome::NotPermitted(key) => {
                let mut page = self.page().await?;
                page.error = (PAGE_ERROR.to_owned(), page.ctx.t(key));
                render::page_with_status(StatusCode::FORBIDDEN, &page)
            }
            ChangeOutcome::Refused(key) => self.refused(form_key, key).await,
        }
    }

    /// The case page again, with the message at the form that was sent.
    pub async fn refused(self, form_key: &str, key: &str) -> Result<HttpResponse, AppError> {
        let mut page = self.page().await?;
        page.error = (form_key.to_owned(), page.ctx.t(key));
        render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    }

    /// The case page again with `form` as it was sent and each error next
    /// to its field (422).
    pub async fn refused_fields(
        self,
        form: &str,
        values: Vec<(String, String)>,
        errors: &[(&'static str, &'static str)],
    ) -> Result<HttpResponse, AppError> {
        let mut page = self.page().await?;
        let mut messages = FieldErrors::new(page.ctx.lang);
        for (field, key) in errors {
            messages.add(field, key);
        }
        page.draft = FormDraft {
            form: form.to_owned(),
            values,
            errors: messages,
        };
        render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    }

    /// Like [`Self::respond`] for a form whose refusals belong to fields:
    /// `field_of` names the field a refusal's key is about (else the
    /// message goes at the top of the form), and what was typed is kept.
    pub async fn respond_fields<T>(
        self,
        form: &str,
        outcome: ChangeOutcome<T>,
        values: Vec<(String, String)>,
        field_of: fn(&str) -> Option<&'static str>,
    ) -> Result<HttpResponse, AppError> {
        let ChangeOutcome::Refused(key) = outcome else {
            return self.respond(form, outcome).await;
        };
        match field_of(key) {
            Some(field) => self.refused_fields(form, values, &[(field, key)]).await,
            None => {
                let mut page = self.page().await?;
                page.error = (form.to_owned(), page.ctx.t(key));
                page.draft = FormDraft {
                    form: form.to_owned(),
                    values,
                    errors: FieldErrors::new(page.ctx.lang),
                };
                render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
        }
    }

    /// The case page, masked, as a refused form shows it again.
    pub async fn page(self) -> Result<CasePage, AppError> {
        view::load(&self.req, self.ctx, &self.user, &self.state, self.case_id, false).await
    }
}

/// "This case changed, here is what changed" (409), never an overwrite.
pub fn conflict(ctx: PageCtx, case_id: String, events: Vec<CaseEvent>) -> Result<HttpResponse, AppError> {
    let changes = view::event_rows(&ctx, events);
    render::page_with_status(StatusCode::CONFLICT, &ConflictPage { ctx, case_id, changes })
}

/// Where a change made on a detail page leads: back to the case, at its section.
pub fn done(case_id: &str, anchor: &str) -> HttpResponse {
    see_other(&format!("/staff/cases/{case_id}#{anchor}"))
}
