//! POST handlers for the agreement: a version, its terms and signatures.
//! Like the other case forms they answer with a redirect, the case page with the errors at
//! the form (422), 403 for anyone off the case team, or the conflict page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use super::records::MAX_TEXT;
use super::view::TermDraft;
use crate::dates::parse_day;
use crate::db::agreement_terms::AgreementTerm;
use crate::db::agreements::Agreement;
use crate::db::new_id;
use crate::domain::agreement::{AgreementKind, SignMethod, TermError, TermInput, validate_term};
use crate::mediation::actions;
use crate::mediation::agreements::{self, SignatureInput, Signer, party_ids_for_recorder};
use crate::web::error::AppError;
use crate::web::forms::{FieldErrors, bounded};
use crate::web::render;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AgreementForm {
    #[serde(flatten)]
    seen: Seen,
    kind: String,
    facts: String,
    responsibilities: String,
    /// Other agreed matters as free text; the terms proper are added one by
    /// one (`agreements::add_term`), and the amount and deadline follow them.
    terms: String,
    /// Oral agreements: the day agreed (blank: today).
    agreed_on: String,
}

pub async fn add_agreement(r: CaseRequest, form: web::Form<AgreementForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let terms_ok = form.terms.chars().count() <= MAX_TEXT;
    let agreed_ok = form.agreed_on.trim().is_empty() || parse_day(&form.agreed_on).is_some();
    let problem = if bounded(&form.facts, MAX_TEXT).is_none() || !terms_ok {
        Some("case.error.agreement_text")
    } else if !agreed_ok {
        Some("form.error.date")
    } else {
        None
    };
    let kind = match (AgreementKind::parse(&form.kind), problem) {
        (Some(kind), None) => kind,
        (kind, problem) => {
            let problem = if kind.is_none() {
                "form.error.choose"
            } else {
                problem.unwrap_or("form.error.choose")
            };
            return r.refused("agreement", problem).await;
        }
    };
    let agreement = Agreement {
        id: new_id(),
        case_id: String::new(),
        version: 0,
        kind,
        facts: form.facts.trim().to_owned(),
        responsibilities: form.responsibilities.trim().chars().take(MAX_TEXT).collect(),
        terms: form.terms.trim().to_owned(),
        amount_cents: 0,
        performance_deadline: String::new(),
        signed_by_all: false,
        sealed: false,
        effective_on: String::new(),
        created_by: r.user.id.clone(),
        created_at: 0,
        agreed_on: form.agreed_on.trim().to_owned(),
    };
    r.change(
        form.seen,
        "agreement",
        Box::new(move |conn, change| actions::add_agreement(conn, change, agreement)),
    )
    .await
}

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
pub async fn add_term(r: CaseRequest, form: web::Form<TermForm>) -> Result<HttpResponse, AppError> {
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
    let (viewer, id) = (r.user.viewer(), r.case_id.clone());
    let party_ids = r
        .state
        .db(move |conn| Ok(party_ids_for_recorder(conn, &id, &viewer)?))
        .await?;
    let ids: Vec<&str> = party_ids.iter().map(String::as_str).collect();
    let term = match validate_term(&input, &ids, parse_day) {
        Ok(term) => term,
        Err(errors) => return term_errors(r, input, errors).await,
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
        created_by: r.user.id.clone(),
        created_at: 0,
    };
    r.change(
        form.seen,
        "term",
        Box::new(move |conn, change| agreements::add_term(conn, change, term)),
    )
    .await
}

/// The case page again with the term form as sent, each error at its field.
async fn term_errors(r: CaseRequest, values: TermInput, errors: Vec<TermError>) -> Result<HttpResponse, AppError> {
    let mut messages = FieldErrors::new(r.ctx.lang);
    for (field, key) in errors {
        messages.add(field, key);
    }
    let mut page = r.page().await?;
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
pub async fn sign(r: CaseRequest, form: web::Form<SignatureForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (signer, key) = form.signer();
    let (signer, method) = match signer {
        Some((signer, Some(method))) => (signer, method),
        Some((_, None)) => {
            return r.refused(&key, "agreement.error.method").await;
        }
        None => return r.refused(&key, "form.error.choose").await,
    };
    let input = SignatureInput {
        signer,
        method,
        signed_on: form.signed_on.clone(),
        recorded_by: r.user.id.clone(),
    };
    r.change(
        form.seen,
        &key,
        Box::new(move |conn, change| agreements::record_signature(conn, change, input)),
    )
    .await
}
