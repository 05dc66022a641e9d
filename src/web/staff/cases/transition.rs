//! A step of the case's workflow (`POST /staff/cases/{id}/transition`):
//! accept, assign, send for review, close, and the steps back.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use super::mentorship::repeated;
use super::view::FormDraft;
use crate::dates::parse_day;
use crate::domain::ending_notice::{NoticeInput, Remedy, check_notice};
use crate::domain::mediation_workflow::CaseState;
use crate::mediation::ChangeOutcome;
use crate::mediation::transitions::{self, TransitionInput};
use crate::web::auth::audit_actor;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;

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
    /// The ticked co-mediators: `co_mediator` repeats, so it is read from
    /// the body's pairs ([`co_mediators`]), not by serde.
    #[serde(skip)]
    co_mediator_ids: Vec<String>,
    performed: String,
    agreement_disputed: String,
    both_parties_consent: String,
    return_reason: String,
    identity_proof: String,
    evidence: String,
    archive_note: String,
    back_cover: String,
    remedy_arbitration: String,
    remedy_administrative: String,
    remedy_litigation: String,
    told_how: String,
    told_on: String,
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
            co_mediator_ids: self.co_mediator_ids.clone(),
            performed: yes(&self.performed),
            agreement_disputed: yes(&self.agreement_disputed),
            both_parties_consent: yes(&self.both_parties_consent),
            return_reason: Some(self.return_reason.trim())
                .filter(|s| !s.is_empty())
                .map(|s| s.chars().take(crate::domain::case_review::MAX_COMMENT).collect()),
            archive_items: [
                ("identity_proof", &self.identity_proof),
                ("evidence", &self.evidence),
                ("note", &self.archive_note),
                ("back_cover", &self.back_cover),
            ]
            .iter()
            .filter(|(_, v)| yes(v))
            .map(|(k, _)| k.to_string())
            .collect(),
            volume_number: text(&self.volume_number),
            retention_period: text(&self.retention_period),
            ending_notice: check_notice(&self.notice_input(), parse_day).ok(),
        }
    }

    /// The notice of other remedies as sent (only an ending's form has it).
    fn notice_input(&self) -> NoticeInput {
        let ticked = [
            (Remedy::Arbitration, &self.remedy_arbitration),
            (Remedy::Administrative, &self.remedy_administrative),
            (Remedy::Litigation, &self.remedy_litigation),
        ];
        NoticeInput {
            remedies: ticked
                .iter()
                .filter(|(_, v)| v.as_str() == "yes")
                .map(|(r, _)| r.code().to_owned())
                .collect(),
            told_how: self.told_how.clone(),
            told_on: self.told_on.clone(),
        }
    }

    /// What a refused step's form shows again: every value it was sent.
    fn kept(&self) -> Vec<(String, String)> {
        [
            ("remedy_arbitration", &self.remedy_arbitration),
            ("remedy_administrative", &self.remedy_administrative),
            ("remedy_litigation", &self.remedy_litigation),
            ("told_how", &self.told_how),
            ("told_on", &self.told_on),
            ("note", &self.note),
            ("identity_proof", &self.identity_proof),
            ("evidence", &self.evidence),
            ("archive_note", &self.archive_note),
            ("back_cover", &self.back_cover),
            ("return_reason", &self.return_reason),
            ("reason_code", &self.reason_code),
            ("notification_method", &self.notification_method),
            ("destination", &self.destination),
            ("lead_mediator_id", &self.lead_mediator_id),
            ("mentor_id", &self.mentor_id),
            ("performed", &self.performed),
            ("agreement_disputed", &self.agreement_disputed),
            ("both_parties_consent", &self.both_parties_consent),
            ("volume_number", &self.volume_number),
            ("retention_period", &self.retention_period),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .chain(
            self.co_mediator_ids
                .iter()
                .map(|id| ("co_mediator".to_owned(), id.clone())),
        )
        .collect()
    }
}

pub async fn transition(r: CaseRequest, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let mut form: TransitionForm = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
    form.co_mediator_ids = repeated(&body, "co_mediator");
    let input = form.input();
    let form_key = format!("step-{}", form.to);
    let actor = audit_actor(&r.req, Some(&r.user));
    let (viewer, id, outbox) = (r.user.viewer(), r.case_id.clone(), r.state.outbox.clone());
    let outcome = r
        .state
        .db(move |conn| {
            let from = crate::db::cases::find(conn, &id)?.map(|c| c.state());
            Ok((from, transitions::fire(conn, &id, &viewer, &input, &actor, &outbox)?))
        })
        .await?;
    let (from, outcome) = outcome;
    match outcome {
        // Back to the case with a short confirmation of the step taken.
        ChangeOutcome::Done(to) => {
            let from = from.map_or("", CaseState::code);
            let query = serde_urlencoded::to_string([("from", from), ("done", to.code())]).unwrap_or_default();
            Ok(render::see_other(&format!("/staff/cases/{}?{query}#done", r.case_id)))
        }
        // The notice was missing or incomplete: every field it lacks is named.
        ChangeOutcome::Refused(key @ "case.error.remedies_not_told") => {
            let errors = check_notice(&form.notice_input(), parse_day).err();
            let errors = errors.unwrap_or_else(|| vec![("remedies", key)]);
            r.refused_fields(&form_key, form.kept(), &errors).await
        }
        ChangeOutcome::Refused(key @ "case.error.archive_incomplete") => {
            let ticked = form.input().archive_items;
            incomplete_file(r, &form_key, key, &ticked, form.kept()).await
        }
        outcome => r.respond_fields(&form_key, outcome, form.kept(), notice_field).await,
    }
}

/// The closure refused for a file missing required items: the message
/// names them. The page lists what is missing without the hand-filed items
/// (no form was sent for it), so those ticked in this form are on file.
async fn incomplete_file(
    r: CaseRequest,
    form_key: &str,
    key: &str,
    ticked: &[String],
    kept: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let mut page = r.page().await?;
    page.missing_archive.retain(|item| !ticked.contains(item));
    let names: Vec<String> = page
        .missing_archive
        .iter()
        .map(|item| page.ctx.t(format!("archive.{item}")))
        .collect();
    let message = format!(
        "{}{}",
        page.ctx.t(key),
        page.ctx.t_with("archive.missing_named", "items", &names.join("、"))
    );
    page.error = (form_key.to_owned(), message);
    page.draft = FormDraft {
        form: form_key.to_owned(),
        values: kept,
        errors: FieldErrors::new(page.ctx.lang),
    };
    render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The field of a step's form a refusal is about: the team's pickers, the
/// return's reason, or the day the parties were told of their remedies.
fn notice_field(key: &str) -> Option<&'static str> {
    match key {
        "case.error.bad_co_mediator" => return Some("co_mediator"),
        "case.error.bad_lead" | "case.error.no_lead_mediator" => return Some("lead_mediator_id"),
        "case.error.bad_mentor" | "case.error.no_mentor_for_trainee" | "case.error.not_paired_mentor" => {
            return Some("mentor_id");
        }
        "case.error.missing_return_reason" => return Some("return_reason"),
        _ => {}
    }
    let date_keys = [
        "date.error.before_registration",
        "case.error.date_in_future",
        "form.error.date",
    ];
    date_keys.contains(&key).then_some("told_on")
}
