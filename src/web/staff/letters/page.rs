//! The letter page: the letter file (`mailbox::views::letter_file`) with
//! its action forms. Showing the contact in full loads the file unmasked,
//! which audits the view in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::audit::AuditActor;
use crate::mailbox::views::letter_file::{self, LetterFile};
use crate::reveal::Reveal;
use crate::web::auth::{LetterDesk, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/letters/page.html")]
pub struct LetterPage {
    pub ctx: PageCtx,
    pub letter: LetterFile,
    pub assignees: Vec<Choice>,
    pub next_statuses: Vec<Choice>,
    pub duplicates: Vec<Choice>,
    /// Projects an adoption may link: the letter's compound's first.
    pub projects: Vec<Choice>,
    pub errors: FieldErrors,
    pub conflict: bool,
}

/// What a re-rendered page adds: errors, a conflict notice, or the contact
/// in full for this actor (audited).
#[derive(Default)]
pub struct Extras {
    pub errors: Vec<(&'static str, &'static str)>,
    pub conflict: bool,
    pub reveal_to: Option<AuditActor>,
}

pub async fn show(
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    render_page(ctx, &user, &state, path.into_inner(), Extras::default(), StatusCode::OK).await
}

/// Shows the contact details unmasked, once, and audits that it did.
pub async fn reveal_contact(
    req: HttpRequest,
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let extras = Extras {
        reveal_to: Some(audit_actor(&req, Some(&user))),
        ..Extras::default()
    };
    render_page(ctx, &user, &state, path.into_inner(), extras, StatusCode::OK).await
}

pub async fn render_page(
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    id: String,
    extras: Extras,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let v = user.viewer();
    let actor = extras.reveal_to.clone();
    let file = state
        .db(move |conn| {
            let reveal = match &actor {
                Some(actor) => Reveal::Unmasked { actor },
                None => Reveal::Masked,
            };
            letter_file::load(conn, &v, &id, reveal).map_err(AppError::from)
        })
        .await?;
    let mut errors = FieldErrors::new(ctx.lang);
    for &(field, key) in &extras.errors {
        errors.add(field, key);
    }
    let page = build(ctx, file, errors, extras.conflict);
    render::page_with_status(status, &page)
}

/// The form choices the file offers, in the page's language.
fn build(ctx: PageCtx, letter: LetterFile, errors: FieldErrors, conflict: bool) -> LetterPage {
    let assignees = choices(
        letter.coordinators.iter().map(|c| (c.id.clone(), c.name.clone())),
        letter.assigned_to.as_deref().unwrap_or(""),
    );
    let next_statuses = choices(
        letter.status.next().iter().map(|s| (s.code(), ctx.t(s.label_key()))),
        "",
    );
    let duplicates = choices(
        letter
            .others
            .iter()
            .map(|o| (o.id.clone(), format!("{} · {}", o.created_on, o.excerpt))),
        "",
    );
    let projects = choices(letter.projects.iter().map(|p| (p.id.clone(), p.title.clone())), "");
    LetterPage {
        ctx,
        letter,
        assignees,
        next_statuses,
        duplicates,
        projects,
        errors,
        conflict,
    }
}
