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

impl RecordForm {
    /// What the form shows again when it is refused.
    fn kept(&self) -> Vec<(String, String)> {
        [
            ("held_on", &self.held_on),
            ("place", &self.place),
            ("persons", &self.persons),
            ("content", &self.content),
            ("result", &self.result),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// Every field the form can judge by itself, each with its error.
    fn problems(&self) -> Vec<(&'static str, &'static str)> {
        let mut problems = Vec::new();
        if parse_day(&self.held_on).is_none() {
            problems.push(("held_on", "form.error.date"));
        }
        if bounded(&self.content, MAX_TEXT).is_none() {
            problems.push(("content", "case.error.record_content"));
        }
        problems
    }
}

/// The field a refusal of the use case is about: the date's bounds.
pub fn date_field(key: &str) -> Option<&'static str> {
    let date_keys = [
        "date.error.before_registration",
        "case.error.date_in_future",
        "form.error.date",
    ];
    date_keys.contains(&key).then_some("held_on")
}

pub async fn add_record(r: CaseRequest, form: web::Form<RecordForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let key = format!("record-{}", form.kind);
    // Follow-up visits have their own form (`followup.rs`).
    let Some(kind) = RecordKind::parse(&form.kind).filter(|k| *k != RecordKind::FollowUp) else {
        return r.refused(&key, "form.error.choose").await;
    };
    let problems = form.problems();
    if !problems.is_empty() {
        return r.refused_fields(&key, form.kept(), &problems).await;
    }
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
    let kept = form.kept();
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| actions::add_record(conn, change, record)),
        )
        .await?;
    r.respond_fields(&key, outcome, kept, date_field).await
}
