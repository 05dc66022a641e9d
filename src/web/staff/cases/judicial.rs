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
}

pub async fn record(r: CaseRequest, form: web::Form<JudicialForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let court = form.court.trim();
    let result_date_ok = form.result_on.trim().is_empty() || crate::dates::parse_day(&form.result_on).is_some();
    let fields_ok = !court.is_empty()
        && court.chars().count() <= 100
        && result_date_ok
        && form.court_case_number.chars().count() <= 100;
    let Some(result) = JudicialResult::parse(&form.result).filter(|_| fields_ok) else {
        return r.refused("judicial", "case.error.judicial_input").await;
    };
    let row = JudicialConfirmation {
        id: new_id(),
        case_id: String::new(),
        agreement_id: String::new(),
        applied_on: form.applied_on.trim().to_owned(),
        court: court.to_owned(),
        court_case_number: form.court_case_number.trim().to_owned(),
        result,
        result_on: form.result_on.trim().to_owned(),
        created_by: r.user.id.clone(),
        created_at: 0,
    };
    r.change(
        form.seen,
        "judicial",
        Box::new(move |conn, change| actions::record_judicial_confirmation(conn, change, row)),
    )
    .await
}
