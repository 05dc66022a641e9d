//! POST handlers for the agreement's terms and signatures. Like the other
//! case forms they answer with a redirect, the case page with the errors at
//! the form (422), 403 for anyone off the case team, or the conflict page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::actions::{Caller, Seen, mediation_error, refused, run_change};
use super::agreement_view::TermDraft;
use super::{page, viewer};
use crate::dates::parse_day;
use crate::db::agreement_terms::AgreementTerm;
use crate::db::new_id;
use crate::domain::agreement::{SignMethod, TermError, TermInput, validate_term};
use crate::mediation::agreements::{self, SignatureInput, Signer, party_ids_for_recorder};
use crate::web::auth::{SessionUser, Staff};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TermForm {
    #[serde(flatten)]
    seen: Seen,
    obligor: String,
    content: String,
    amount: String,
    manner: String,
    place: String,
    deadline: String,
}

/// `POST /staff/cases/{id}/agreement/terms`: one term for the draft.
pub async fn add_term(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<TermForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let input = TermInput {
        obligor: form.obligor,
        content: form.content,
        amount: form.amount,
        manner: form.manner,
        place: form.place,
        deadline: form.deadline,
    };
    // Only the case team learns whether the input was good (403 otherwise).
    let (viewer, id) = (viewer(&user), case_id.clone());
    let party_ids = state
        .db(move |conn| party_ids_for_recorder(conn, &id, &viewer).map_err(mediation_error))
        .await?;
    let ids: Vec<&str> = party_ids.iter().map(String::as_str).collect();
    let term = match validate_term(&input, &ids, parse_day) {
        Ok(term) => term,
        Err(errors) => return term_errors(&req, ctx, &user, &state, case_id, input, errors).await,
    };
    let term = AgreementTerm {
        id: new_id(),
        agreement_id: String::new(),
        sort_order: 0,
        obligor_party_id: term.obligor,
        content: term.content,
        amount_cents: term.amount_cents,
        manner: term.manner,
        place: term.place,
        deadline: term.deadline,
        created_by: user.id.clone(),
        created_at: 0,
    };
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        "term",
        Box::new(move |conn, change| agreements::add_term(conn, change, term)),
    )
    .await
}

/// The case page again with the term form as sent, each error at its field.
async fn term_errors(
    req: &HttpRequest,
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    case_id: String,
    values: TermInput,
    errors: Vec<TermError>,
) -> Result<HttpResponse, AppError> {
    let mut messages = FieldErrors::new(ctx.lang);
    for (field, key) in errors {
        messages.add(field, key);
    }
    let mut page = page::load(req, ctx, user, state, case_id, false).await?;
    for choice in &mut page.obligors {
        choice.selected = choice.value == values.obligor.trim();
    }
    page.term_draft = TermDraft {
        values,
        errors: messages,
    };
    render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignatureForm {
    #[serde(flatten)]
    seen: Seen,
    /// `party`, `mediator` or `committee`.
    signer: String,
    party_id: String,
    mediator_id: String,
    method: String,
    signed_on: String,
}

impl SignatureForm {
    /// The signer and method, and the form key errors are shown at. A
    /// mediator signs by hand and the committee by its seal.
    fn signer(&self) -> (Option<(Signer, Option<SignMethod>)>, String) {
        match self.signer.as_str() {
            "party" => (
                Some((
                    Signer::Party(self.party_id.trim().to_owned()),
                    SignMethod::parse(&self.method),
                )),
                format!("sign-{}", self.party_id.trim()),
            ),
            "mediator" => (
                Some((
                    Signer::Mediator(self.mediator_id.trim().to_owned()),
                    Some(SignMethod::Sign),
                )),
                "sign-mediator".to_owned(),
            ),
            "committee" => (
                Some((Signer::Committee, Some(SignMethod::Seal))),
                "sign-committee".to_owned(),
            ),
            _ => (None, "sign-committee".to_owned()),
        }
    }
}

/// `POST /staff/cases/{id}/agreement/signatures`: one signature, or the seal.
pub async fn sign(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<SignatureForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let (signer, key) = form.signer();
    let (signer, method) = match signer {
        Some((signer, Some(method))) => (signer, method),
        Some((_, None)) => {
            return refused(&req, ctx, &user, &state, case_id, &key, "agreement.error.method").await;
        }
        None => return refused(&req, ctx, &user, &state, case_id, &key, "form.error.choose").await,
    };
    let input = SignatureInput {
        signer,
        method,
        signed_on: form.signed_on.clone(),
        recorded_by: user.id.clone(),
    };
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        &key,
        Box::new(move |conn, change| agreements::record_signature(conn, change, input)),
    )
    .await
}
