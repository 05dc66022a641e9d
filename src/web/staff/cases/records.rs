//! Adding a record (session, investigation, …) to a case's file.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::dates::parse_day;
use crate::db::case_records::CaseRecord;
use crate::db::new_id;
use crate::domain::mediation::RecordKind;
use crate::mediation::actions;
use crate::web::error::AppError;
use crate::web::forms::bounded;

/// The longest free text a record or agreement keeps.
pub const MAX_TEXT: usize = 5000;

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

pub async fn add_record(r: CaseRequest, form: web::Form<RecordForm>) -> Result<HttpResponse, AppError> {
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
            return r.refused(&key, problem).await;
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
        created_by: r.user.id.clone(),
        created_at: 0,
    };
    r.change(
        form.seen,
        &key,
        Box::new(move |conn, change| actions::add_record(conn, change, record)),
    )
    .await
}
