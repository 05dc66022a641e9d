//! A step of the case's workflow (`POST /staff/cases/{id}/transition`):
//! accept, assign, send for review, close, and the steps back.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::domain::mediation_workflow::CaseState;
use crate::mediation::transitions::{self, TransitionInput};
use crate::web::auth::audit_actor;
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TransitionForm {
    #[serde(flatten)]
    seen: Seen,
    to: String,
    note: String,
    reason_code: String,
    notification_method: String,
    destination: String,
    lead_mediator_id: String,
    mentor_id: String,
    performed: String,
    agreement_disputed: String,
    both_parties_consent: String,
    return_reason: String,
    identity_proof: String,
    back_cover: String,
    volume_number: String,
    retention_period: String,
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty() && s.chars().count() <= 500)
}

impl TransitionForm {
    fn input(&self) -> TransitionInput {
        let yes = |s: &str| s == "yes";
        TransitionInput {
            to: CaseState::parse(&self.to),
            seen_version: self.seen.version(),
            seen_event: self.seen.seen_event.clone(),
            note: self.note.chars().take(1000).collect(),
            reason_code: text(&self.reason_code),
            notification_method: text(&self.notification_method),
            destination: text(&self.destination),
            lead_mediator_id: text(&self.lead_mediator_id),
            mentor_id: text(&self.mentor_id),
            performed: yes(&self.performed),
            agreement_disputed: yes(&self.agreement_disputed),
            both_parties_consent: yes(&self.both_parties_consent),
            return_reason: text(&self.return_reason),
            archive_items: [
                ("identity_proof", &self.identity_proof),
                ("back_cover", &self.back_cover),
            ]
            .iter()
            .filter(|(_, v)| yes(v))
            .map(|(k, _)| k.to_string())
            .collect(),
            volume_number: text(&self.volume_number),
            retention_period: text(&self.retention_period),
        }
    }
}

pub async fn transition(r: CaseRequest, form: web::Form<TransitionForm>) -> Result<HttpResponse, AppError> {
    let input = form.input();
    let form_key = format!("step-{}", form.to);
    let actor = audit_actor(&r.req, Some(&r.user));
    let (viewer, id) = (r.user.viewer(), r.case_id.clone());
    let outcome = r
        .state
        .db(move |conn| Ok(transitions::fire(conn, &id, &viewer, &input, &actor)?))
        .await?;
    r.respond(&form_key, outcome).await
}
