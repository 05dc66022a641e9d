//! The court connection form of a court-entrusted case (issue 16): the
//! court's case number, its deadline and the court's record.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::mediation::court::{self, CourtForm};
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CourtRequest {
    #[serde(flatten)]
    seen: Seen,
    case_number: String,
    court_deadline: String,
    court_org_id: String,
}

/// The field a refusal belongs to, so the message sits next to it.
fn field_of(key: &str) -> Option<&'static str> {
    match key {
        "form.error.date" | "court_entrust.error.deadline_past" | "court_entrust.error.deadline_far" => {
            Some("court_deadline")
        }
        "form.error.choose" => Some("court_org_id"),
        "form.error.too_long" => Some("case_number"),
        _ => None,
    }
}

pub async fn save(r: CaseRequest, form: web::Form<CourtRequest>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let fields = CourtForm {
        case_number: form.case_number,
        court_deadline: form.court_deadline,
        court_org_id: form.court_org_id,
    };
    let values = vec![
        ("case_number".to_owned(), fields.case_number.clone()),
        ("court_deadline".to_owned(), fields.court_deadline.clone()),
        ("court_org_id".to_owned(), fields.court_org_id.clone()),
    ];
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| court::edit(conn, change, &fields)),
        )
        .await?;
    r.respond_fields("court", outcome, values, field_of).await
}
