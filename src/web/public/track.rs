//! Following a case with its receipt code. Shows only public facts: never
//! parties' details, records or internal notes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::rate_limit;
use crate::mailbox::views::public_status::{self as letter_status, LetterStatusView};
use crate::mediation::public_status::{self, CaseStatus};
use crate::receipts::receipt_hash;
use crate::web::attempts::Reserved;
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
    })
}
