//! POST handlers that add to a case's file: records, agreements, flags,
//! hold and extension.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::actions::{Caller, Seen, refused, run_change};
use crate::dates::parse_day;
use crate::db::agreements::Agreement;
use crate::db::case_records::CaseRecord;
use crate::db::new_id;
use crate::domain::agreement::AgreementKind;
use crate::domain::mediation::{RecordKind, RiskLevel};
use crate::mediation::actions::{self, Flags};
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::bounded;
use crate::web::state::AppState;

const MAX_TEXT: usize = 5000;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RecordForm {
    #[serde(flatten)]
    seen: Seen,
    kind: String,
    held_on: String,
    place: String,
    persons: String,
    content: String,
    result: String,
}

pub async fn add_record(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RecordForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let key = format!("record-{}", form.kind);
    // Follow-up visits have their own form (`followup.rs`).
    let problem = if parse_day(&form.held_on).is_none() {
        Some("form.error.date")
    } else if bounded(&form.content, MAX_TEXT).is_none() {
        Some("case.error.record_content")
    } else {
        None
    };
    let kind = match (RecordKind::parse(&form.kind), problem) {
        (Some(kind), None) if kind != RecordKind::FollowUp => kind,
        (kind, problem) => {
            let problem = if kind.is_none() {
                "form.error.choose"
            } else {
                problem.unwrap_or("form.error.choose")
            };
            return refused(&req, ctx, &user, &state, case_id, &key, problem).await;
        }
    };
    let record = CaseRecord {
        id: new_id(),
        case_id: String::new(),
        kind,
        held_on: form.held_on.trim().to_owned(),
        place: form.place.trim().chars().take(200).collect(),
        persons: form.persons.trim().chars().take(500).collect(),
        content: form.content.trim().to_owned(),
        result: form.result.trim().chars().take(MAX_TEXT).collect(),
        satisfaction: None,
        created_by: user.id.clone(),
        created_at: 0,
    };
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        &key,
        Box::new(move |conn, change| actions::add_record(conn, change, record)),
    )
    .await
}

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

pub async fn add_agreement(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<AgreementForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
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
            return refused(&req, ctx, &user, &state, case_id, "agreement", problem).await;
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
        created_by: user.id.clone(),
        created_at: 0,
        agreed_on: form.agreed_on.trim().to_owned(),
    };
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        "agreement",
        Box::new(move |conn, change| actions::add_agreement(conn, change, agreement)),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FlagsForm {
    #[serde(flatten)]
    seen: Seen,
    risk: String,
    escalation: String,
    prevent_criminal: String,
    prevent_petition: String,
    prevent_fight: String,
    prevent_suicide: String,
    police_report: String,
}

pub async fn set_flags(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<FlagsForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let count = |s: &str| {
        if s.trim().is_empty() {
            Some(0)
        } else {
            s.trim().parse::<i32>().ok().filter(|n| (0..=100_000).contains(n))
        }
    };
    let counts = [
        &form.prevent_criminal,
        &form.prevent_petition,
        &form.prevent_fight,
        &form.prevent_suicide,
    ]
    .map(|s| count(s));
    let risk_ok = form.risk.is_empty() || RiskLevel::parse(&form.risk).is_some();
    let escalation_ok = ["", "committee_head", "centre"].contains(&form.escalation.as_str());
    if counts.iter().any(Option::is_none) || !risk_ok || !escalation_ok || form.police_report.chars().count() > 1000 {
        return refused(&req, ctx, &user, &state, case_id, "flags", "case.error.flags").await;
    }
    let flags = Flags {
        risk_level: RiskLevel::parse(&form.risk),
        escalation: Some(form.escalation.clone()).filter(|e| !e.is_empty()),
        prevent: counts.map(|c| c.unwrap_or(0)),
        police_report: form.police_report.trim().to_owned(),
    };
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        "flags",
        Box::new(move |conn, change| actions::set_flags(conn, change, flags)),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HoldForm {
    #[serde(flatten)]
    seen: Seen,
    on_hold: String,
    reason: String,
}

pub async fn set_hold(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<HoldForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let on = form.on_hold == "1";
    let reason: String = form.reason.chars().take(500).collect();
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        "hold",
        Box::new(move |conn, change| actions::set_hold(conn, change, on, reason)),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtensionForm {
    #[serde(flatten)]
    seen: Seen,
    days: String,
    both_consent: String,
    note: String,
}

pub async fn extend(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ExtensionForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let Ok(days) = form.days.trim().parse::<i32>() else {
        return refused(
            &req,
            ctx,
            &user,
            &state,
            case_id,
            "extension",
            "case.error.extension_days",
        )
        .await;
    };
    let (consent, note) = (
        form.both_consent == "yes",
        form.note.chars().take(500).collect::<String>(),
    );
    run_change(
        Caller { req, ctx, user, state },
        case_id,
        form.seen,
        "extension",
        Box::new(move |conn, change| actions::extend(conn, change, days, consent, note)),
    )
    .await
}
