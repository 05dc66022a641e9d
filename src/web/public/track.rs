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
    let errors = FieldErrors::new(ctx.lang);
    render::page(&TrackPage {
        ctx,
        code: String::new(),
        errors,
        status: None,
        letter: None,
        link_code: String::new(),
        can_attach: false,
    })
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
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
        errors.add("code", "track.error.too_many");
        return render::page_with_status(
            StatusCode::TOO_MANY_REQUESTS,
            &TrackPage {
                ctx,
                code: form.code.clone(),
                errors,
                status: None,
                letter: None,
                link_code: String::new(),
                can_attach: false,
            },
        );
    };
    let found = match receipt_hash(&form.code) {
        Some(hash) => find(&state, hash).await?,
        None => None,
    };
    let Some(found) = found else {
        errors.add("code", "track.error.unknown");
        return render::page_with_status(
            StatusCode::NOT_FOUND,
            &TrackPage {
                ctx,
                code: form.code.clone(),
                errors,
                status: None,
                letter: None,
                link_code: String::new(),
                can_attach: false,
            },
        );
    };
    reserved.succeeded(&state).await?;
    let (status, letter) = match found {
        Found::Case(s) => (Some(s), None),
        Found::Letter(l) => (None, Some(l)),
    };
    render::page(&TrackPage {
        ctx,
        code: String::new(),
        errors,
        status,
        letter,
        link_code: String::new(),
        can_attach: false,
    })
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
    let errors = FieldErrors::new(ctx.lang);
    render::page(&TrackPage {
        ctx,
        code: String::new(),
        errors,
        status: None,
        letter: Some(letter),
        link_code: String::new(),
        can_attach: false,
    })
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
    let errors = FieldErrors::new(ctx.lang);
    render::page(&TrackPage {
        ctx,
        code: String::new(),
        errors,
        status: Some(status),
        letter: None,
        link_code: String::new(),
        can_attach: false,
    })
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
    let lang = ctx.lang;
    let mut errors = FieldErrors::new(lang);
    let mut page = TrackPage {
        can_attach: ctx.user.as_ref().is_some_and(|u| u.role == Role::Resident),
        ctx,
        code: String::new(),
        errors: FieldErrors::new(lang),
        status: None,
        letter: None,
        link_code: String::new(),
    };
    let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
        errors.add("code", "track.error.too_many");
        page.errors = errors;
        return no_referrer(render::page_with_status(StatusCode::TOO_MANY_REQUESTS, &page)?);
    };
    let found = match receipt_hash(&code) {
        Some(hash) => find(&state, hash).await?,
        None => None,
    };
    let Some(found) = found else {
        errors.add("code", "track.error.unknown");
        page.errors = errors;
        return no_referrer(render::page_with_status(StatusCode::NOT_FOUND, &page)?);
    };
    reserved.succeeded(&state).await?;
    match found {
        Found::Case(s) => page.status = Some(s),
        Found::Letter(l) => page.letter = Some(l),
    }
    page.errors = errors;
    page.link_code = code;
    no_referrer(render::page(&page)?)
}

/// A page whose URL holds a receipt code tells no other site where it was.
fn no_referrer(mut res: HttpResponse) -> Result<HttpResponse, AppError> {
    res.headers_mut()
        .insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    Ok(res)
}
