//! Following a case with its receipt code. Shows only public facts: never
//! parties' details, records or internal notes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::rate_limit;
use crate::dates::{date, datetime};
use crate::db::case_events;
use crate::db::cases::{self, Case};
use crate::receipts::receipt_hash;
use crate::web::attempts::Reserved;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

use super::track_letter::{LetterPublic, letter_public};

#[derive(Template)]
#[template(path = "public/track.html")]
struct TrackPage {
    ctx: PageCtx,
    code: String,
    errors: FieldErrors,
    status: Option<PublicStatus>,
    letter: Option<LetterPublic>,
}

/// What a resident may see of their case.
struct PublicStatus {
    case_number: String,
    type_key: &'static str,
    state_key: String,
    next_key: String,
    submitted_on: String,
    accepted_on: String,
    deadline_on: String,
    steps: Vec<(String, String)>,
}

impl PublicStatus {
    fn of(case: &Case, steps: Vec<(String, String)>) -> Self {
        let state = case.state();
        PublicStatus {
            case_number: case.case_number.clone().unwrap_or_default(),
            type_key: case.dispute_type.label_key(),
            state_key: state.label_key().to_owned(),
            next_key: format!("case.next.{}", state.code().to_lowercase()),
            submitted_on: date(case.created_at),
            accepted_on: case.accepted_at.map(date).unwrap_or_default(),
            deadline_on: case.deadline_at.map(date).unwrap_or_default(),
            steps,
        }
    }
}

/// Either kind of submission a receipt code can open.
enum Found {
    Case(PublicStatus),
    Letter(LetterPublic),
}

async fn find(state: &AppState, lang: crate::i18n::Lang, hash: String) -> Result<Option<Found>, AppError> {
    state
        .db(move |conn| {
            if let Some(case) = cases::find_by_receipt(conn, &hash)? {
                let steps = case_events::for_case(conn, &case.id)?
                    .into_iter()
                    .filter_map(|e| e.to_state.map(|s| (datetime(e.at), s.label_key().to_owned())))
                    .collect();
                return Ok(Some(Found::Case(PublicStatus::of(&case, steps))));
            }
            Ok(letter_public(conn, lang, &hash)?.map(Found::Letter))
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
        Some(hash) => find(&state, ctx.lang, hash).await?,
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
