//! Recording an application for judicial confirmation (司法确认).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::db::judicial::JudicialConfirmation;
use crate::db::new_id;
use crate::domain::mediation::JudicialResult;
use crate::mediation::actions;
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct JudicialForm {
    #[serde(flatten)]
    seen: Seen,
    applied_on: String,
    court: String,
    court_case_number: String,
    result: String,
    result_on: String,
    /// "yes" when both parties applied together (人民调解法 Art. 33).
    joint_application: String,
}

impl JudicialForm {
    /// What the form shows again when it is refused.
    fn kept(&self) -> Vec<(String, String)> {
        [
            ("applied_on", &self.applied_on),
            ("court", &self.court),
            ("court_case_number", &self.court_case_number),
            ("result", &self.result),
            ("result_on", &self.result_on),
            ("joint_application", &self.joint_application),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// Every field the form can judge by itself, each with its error.
    fn problems(&self) -> Vec<(&'static str, &'static str)> {
        let mut problems = Vec::new();
        if crate::dates::parse_day(&self.applied_on).is_none() {
            problems.push(("applied_on", "form.error.date"));
        }
        let court = self.court.trim();
        if court.is_empty() || court.chars().count() > 100 {
            problems.push(("court", "judicial.error.court"));
        }
        if self.court_case_number.chars().count() > 100 {
            problems.push(("court_case_number", "judicial.error.court_case_number"));
        }
        if JudicialResult::parse(&self.result).is_none() {
            problems.push(("result", "form.error.choose"));
        }
        let result_on = self.result_on.trim();
        if !result_on.is_empty() && crate::dates::parse_day(result_on).is_none() {
            problems.push(("result_on", "judicial.error.result_date"));
        }
        if self.joint_application != "yes" {
            problems.push(("joint_application", "judicial.error.joint"));
        }
        problems
    }
}

/// The field a refusal of the use case is about.
fn field_of(key: &str) -> Option<&'static str> {
    match key {
        "judicial.error.joint" => Some("joint_application"),
        "judicial.error.result_before_application" | "judicial.error.result_date" => Some("result_on"),
        "date.error.before_registration"
        | "case.error.date_in_future"
        | "form.error.date"
        | "case.error.judicial_confirmation_before_effect"
        | "case.error.judicial_confirmation_too_late" => Some("applied_on"),
        _ => None,
    }
}

pub async fn record(r: CaseRequest, form: web::Form<JudicialForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let problems = form.problems();
    let result = JudicialResult::parse(&form.result);
    let Some(result) = result.filter(|_| problems.is_empty()) else {
        return r.refused_fields("judicial", form.kept(), &problems).await;
    };
    let row = JudicialConfirmation {
        id: new_id(),
        case_id: String::new(),
        agreement_id: String::new(),
        applied_on: form.applied_on.trim().to_owned(),
        court: form.court.trim().to_owned(),
        court_case_number: form.court_case_number.trim().to_owned(),
        result,
        result_on: form.result_on.trim().to_owned(),
        created_by: r.user.id.clone(),
        created_at: 0,
        joint_application: true,
    };
    let kept = form.kept();
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| actions::record_judicial_confirmation(conn, change, row)),
        )
        .await?;
    r.respond_fields("judicial", outcome, kept, field_of).await
}
