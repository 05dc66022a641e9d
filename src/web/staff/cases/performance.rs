//! Performance of the agreement (`/staff/cases/{id}/performance`): the
//! status the team records and the proofs they upload (receipts, transfer
//! screenshots). Proofs go through the shared upload pipeline: checked by
//! content, at most 5 MB, re-encoded without metadata, stored outside the
//! web root and served only to users who may see the case.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::change::{CaseRequest, Seen, Work, conflict, done};
use super::view;
use crate::db::case_performance::PerformanceUpdate;
use crate::db::case_proofs::Proof;
use crate::domain::follow_up::{MAX_PROOFS, Performance, check_performance, check_proof_description};
use crate::mediation::ChangeOutcome;
use crate::mediation::actions::may_record;
use crate::mediation::details::{self, StoredProof, performance_open};
use crate::uploads::{Folder, PhotoError};
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::files;
use crate::web::forms::{Choice, FieldErrors, vocabulary_choices};
use crate::web::multipart;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/cases/performance.html")]
struct PerformancePage {
    ctx: PageCtx,
    case_id: String,
    title: String,
    seen: Seen,
    /// Recording is possible in this state (PERFORMING, FOLLOW_UP).
    open: bool,
    history: Vec<PerformanceUpdate>,
    proofs: Vec<Proof>,
    statuses: Vec<Choice>,
    note: String,
    description: String,
    /// Errors of the status form and of the upload form.
    status_errors: FieldErrors,
    proof_errors: FieldErrors,
    error: String,
}

impl PerformancePage {
    fn proofs_full(&self) -> bool {
        self.proofs.len() >= MAX_PROOFS
    }
}

/// Builds the page for a team member; 403 for everyone else.
async fn load(r: &CaseRequest) -> Result<PerformancePage, AppError> {
    let form = r.form_view().await?;
    if !may_record(&form.access.actor) {
        return Err(AppError::forbidden());
    }
    let id = r.case_id.clone();
    let d = r.state.db(move |conn| Ok(details::case_details(conn, &id)?)).await?;
    let current = d.performance_status().map_or("", Performance::code);
    let ctx = r.ctx.clone();
    Ok(PerformancePage {
        title: view::title(&ctx, &form.case),
        case_id: r.case_id.clone(),
        seen: Seen {
            version: form.case.version.to_string(),
            seen_event: form.last_event,
        },
        open: performance_open(form.case.state()),
        statuses: vocabulary_choices::<Performance>(&ctx, current),
        history: d.performance,
        proofs: d.proofs,
        note: String::new(),
        description: String::new(),
        status_errors: FieldErrors::new(ctx.lang),
        proof_errors: FieldErrors::new(ctx.lang),
        error: String::new(),
        ctx,
    })
}

pub async fn page(r: CaseRequest) -> Result<HttpResponse, AppError> {
    render::page(&load(&r).await?)
}

/// Runs the change and answers: done → the case page; otherwise this page
/// again, keeping the version the user saw.
async fn run(
    r: &CaseRequest,
    mut page: PerformancePage,
    seen: Seen,
    work: Work,
) -> Result<(HttpResponse, bool), AppError> {
    let case_id = page.case_id.clone();
    let outcome = r.run(seen.clone(), work).await?;
    page.seen = seen;
    let response = match outcome {
        ChangeOutcome::Done(()) => return Ok((done(&case_id, "performance"), true)),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, case_id, events)?,
        ChangeOutcome::NotPermitted(_) => return Err(AppError::forbidden()),
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?
        }
    };
    Ok((response, false))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    #[serde(flatten)]
    seen: Seen,
    status: String,
    note: String,
}

pub async fn record_status(r: CaseRequest, form: web::Form<StatusForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut page = load(&r).await?;
    let (status, note) = match check_performance(&form.status, &form.note) {
        Ok(checked) => checked,
        Err(problems) => {
            for (field, key) in problems {
                page.status_errors.add(field, key);
            }
            page.note = form.note;
            page.seen = form.seen;
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let work: Work = Box::new(move |conn, change| details::record_performance(conn, change, status, note));
    Ok(run(&r, page, form.seen, work).await?.0)
}

/// The upload's error key in this form's words.
fn photo_error_key(e: PhotoError) -> &'static str {
    match e {
        PhotoError::TooLarge => "record.error.proof_large",
        PhotoError::NotAnImage => "record.error.proof_type",
        // The same limits as a letter's photos, in the same words.
        other => other.key(),
    }
}

pub async fn upload(r: CaseRequest, payload: web::Payload) -> Result<HttpResponse, AppError> {
    // Outsiders are refused before their file is even looked at.
    let mut page = load(&r).await?;
    let parts = multipart::read(&r.req, payload).await?;
    let seen = Seen {
        version: multipart::text(&parts, "version"),
        seen_event: multipart::text(&parts, "seen_event"),
    };
    let description = multipart::text(&parts, "description");
    let raw = multipart::file(&parts, "file").map(|p| p.data.clone());
    let checked = check_proof_description(&description);
    let cleaned = match raw {
        Some(raw) => Some(files::clean_one(&r.state, raw).await?),
        None => None,
    };
    let (description, photo) = match (checked, cleaned) {
        (Ok(d), Some(Ok(photo))) => (d, photo),
        (checked, cleaned) => {
            if let Err(problems) = checked {
                for (field, key) in problems {
                    page.proof_errors.add(field, key);
                }
            }
            match cleaned {
                None => page.proof_errors.add("file", "record.error.proof_missing"),
                Some(Err(e)) => page.proof_errors.add("file", photo_error_key(e)),
                Some(Ok(_)) => {}
            }
            page.description = description;
            page.seen = seen;
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let staged = files::stage(&r.state, Folder::Proofs, vec![photo]).await?;
    let file = staged.files()[0].clone();
    let stored = StoredProof {
        description,
        stored_name: file.stored_name,
        mime: file.mime,
        size_bytes: file.size_bytes,
    };
    let work: Work = Box::new(move |conn, change| details::add_proof(conn, change, stored));
    let result = run(&r, page, seen, work).await;
    match &result {
        Ok((_, true)) => staged.keep(),
        // Nothing committed (refused, conflict or error): the file goes too.
        _ => drop(staged),
    }
    Ok(result?.0)
}

/// One proof's image, for users who may see the case (403 otherwise).
pub async fn proof(
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (case_id, position) = path.into_inner();
    let v = user.viewer();
    let proof = state
        .db(move |conn| Ok(details::proof_for(conn, &v, &case_id, position)?))
        .await?;
    // Receipts and bank screenshots.
    files::serve(&state, Folder::Proofs, proof.stored_name, proof.mime).await
}
