//! Following a case with its receipt code. Shows only public facts: never
//! parties' details, records or internal notes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::rate_limit;
use crate::domain::role::Role;
use crate::mailbox::views::public_status::{self as letter_status, LetterStatusView};
use crate::mediation::public_status::{self, CaseStatus};
use crate::receipts::receipt_hash;
use crate::web::attempts::Reserved;
use crate::web::auth::Resident;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/track.html")]
struct TrackPage {
    ctx: PageCtx,
    code: String,
    errors: FieldErrors,
    status: Option<CaseStatus>,
    letter: Option<LetterStatusView>,
    /// Opened by the personal status link: the code, to offer keeping it
    /// in an account; empty after the form.
    link_code: String,
    /// A resident is logged in: the page offers to attach the submission.
    can_attach: bool,
}

impl TrackPage {
    /// The page with nothing found yet: the form, empty, without errors.
    fn empty(ctx: PageCtx) -> Self {
        TrackPage {
            errors: FieldErrors::new(ctx.lang),
            ctx,
            code: String::new(),
            status: None,
            letter: None,
            link_code: String::new(),
            can_attach: false,
        }
    }

    /// The page showing what a code or a resident's own link opened.
    fn showing(ctx: PageCtx, found: Found) -> Self {
        let mut page = TrackPage::empty(ctx);
        match found {
            Found::Case(s) => page.status = Some(s),
            Found::Letter(l) => page.letter = Some(l),
        }
        page
    }

    /// The form again with what was typed and why it opened nothing.
    fn refused(ctx: PageCtx, code: &str, error_key: &str) -> Self {
        let mut page = TrackPage::empty(ctx);
        page.code = code.to_owned();
        page.errors.add("code", error_key);
        page
    }
}

/// Either kind of submission a receipt code can open.
enum Found {
    Case(CaseStatus),
    Letter(LetterStatusView),
}

async fn find(state: &AppState, hash: String) -> Result<Option<Found>, AppError> {
    state
        .db(move |conn| {
            if let Some(case) = public_status::by_receipt(conn, &hash)? {
                return Ok(Some(Found::Case(case)));
            }
            Ok(letter_status::by_receipt(conn, &hash)?.map(Found::Letter))
        })
        .await
}

pub async fn track_form(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    render::page(&TrackPage::empty(ctx))
}

#[derive(Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    code: String,
}

/// POST so the code never lands in URLs, logs or browser history.
pub async fn track(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<TrackForm>,
) -> Result<HttpResponse, AppError> {
    let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
        let page = TrackPage::refused(ctx, &form.code, "track.error.too_many");
        return render::page_with_status(StatusCode::TOO_MANY_REQUESTS, &page);
    };
    let found = match receipt_hash(&form.code) {
        Some(hash) => find(&state, hash).await?,
        None => None,
    };
    let Some(found) = found else {
        let page = TrackPage::refused(ctx, &form.code, "track.error.unknown");
        return render::page_with_status(StatusCode::NOT_FOUND, &page);
    };
    reserved.succeeded(&state).await?;
    render::page(&TrackPage::showing(ctx, found))
}

/// `GET /me/letters/{id}`: a resident's own letter with its replies and
/// history, opened from `/me` without the receipt code (issue 14 item 3).
/// Anyone else's letter answers 403.
pub async fn my_letter(
    ctx: PageCtx,
    Resident(user): Resident,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (id, user_id) = (id.into_inner(), user.id.clone());
    let letter = state
        .db(move |conn| Ok(letter_status::for_submitter(conn, &id, &user_id)?))
        .await?
        .ok_or(AppError::Forbidden)?;
    render::page(&TrackPage::showing(ctx, Found::Letter(letter)))
}

/// `GET /me/cases/{id}`: a resident's own mediation application with its
/// history and what was sent, opened from `/me` without the receipt code
/// (issue 14 item 3). Anyone else's case answers 403.
pub async fn my_case(
    ctx: PageCtx,
    Resident(user): Resident,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (id, user_id) = (id.into_inner(), user.id.clone());
    let status = state
        .db(move |conn| Ok(public_status::for_applicant_case(conn, &id, &user_id)?))
        .await?
        .ok_or(AppError::Forbidden)?;
    render::page(&TrackPage::showing(ctx, Found::Case(status)))
}

/// The personal status link (`/track/{code}`, issue 14 item 1): the same
/// page as the form gives, throttled against guessing the same way. The
/// code is in the URL, so the answer is never sent on as a Referer and the
/// request log masks it.
pub async fn track_link(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let code = code.into_inner();
    let can_attach = ctx.user.as_ref().is_some_and(|u| u.role == Role::Resident);
    let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
        let page = TrackPage::refused(ctx, "", "track.error.too_many");
        return no_referrer(render::page_with_status(StatusCode::TOO_MANY_REQUESTS, &page)?);
    };
    let found = match receipt_hash(&code) {
        Some(hash) => find(&state, hash).await?,
        None => None,
    };
    let Some(found) = found else {
        let page = TrackPage::refused(ctx, "", "track.error.unknown");
        return no_referrer(render::page_with_status(StatusCode::NOT_FOUND, &page)?);
    };
    reserved.succeeded(&state).await?;
    let mut page = TrackPage::showing(ctx, found);
    page.link_code = code;
    page.can_attach = can_attach;
    no_referrer(render::page(&page)?)
}

/// A page whose URL holds a receipt code tells no other site where it was.
fn no_referrer(mut res: HttpResponse) -> Result<HttpResponse, AppError> {
    res.headers_mut()
        .insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    Ok(res)
}
