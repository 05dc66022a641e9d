//! The case's flags and clock: risk and escalation, hold. The extension
//! has its own form (`extension`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::domain::mediation::{Escalation, RiskLevel};
use crate::mediation::actions::{self, Flags};
use crate::web::error::AppError;

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

pub async fn set_flags(r: CaseRequest, form: web::Form<FlagsForm>) -> Result<HttpResponse, AppError> {
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
    let escalation = Escalation::parse(form.escalation.trim());
    let escalation_ok = form.escalation.trim().is_empty() || escalation.is_some();
    if counts.iter().any(Option::is_none) || !risk_ok || !escalation_ok || form.police_report.chars().count() > 1000 {
        return r.refused("flags", "case.error.flags").await;
    }
    let flags = Flags {
        risk_level: RiskLevel::parse(&form.risk),
        escalation,
        prevent: counts.map(|c| c.unwrap_or(0)),
        police_report: form.police_report.trim().to_owned(),
    };
    r.change(
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

pub async fn set_hold(r: CaseRequest, form: web::Form<HoldForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let on = form.on_hold == "1";
    let reason: String = form.reason.chars().take(500).collect();
    r.change(
        form.seen,
        "hold",
        Box::new(move |conn, change| actions::set_hold(conn, change, on, reason)),
    )
    .await
}
