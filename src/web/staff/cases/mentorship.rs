//! The training side of the case page (DESIGN.md §6): the reviewers'
//! decisions with their comments, the mentor's after-the-fact review of a
//! 小马's oral agreement (`POST /staff/cases/{id}/oral-review`), the lead's
//! debriefs (`POST …/debriefs`) and the mentor's comment on each
//! (`POST …/debriefs/{debrief}/comment`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::dates::datetime;
use crate::db::case_records::CaseRecord;
use crate::domain::case_review::{self as rules, DebriefInput, ReviewDecision};
use crate::domain::mediation::RecordKind;
use crate::domain::mediation_workflow::ActorContext;
use crate::mediation::case_file_view::Mentoring;
use crate::mediation::mentorship;
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};

pub struct ReviewRow {
    pub at: String,
    pub reviewer: String,
    pub stage_key: &'static str,
    pub decision: ReviewDecision,
    pub comment: String,
}

pub struct DebriefRow {
    pub id: String,
    /// The day of the session it reflects on.
    pub session: String,
    pub went_well: String,
    pub missing: String,
    pub next_steps: String,
    pub at: String,
    pub comment: String,
    pub commenter: String,
    pub commented: bool,
    /// The working methods it names.
    pub tags: Vec<String>,
}

/// What the case page shows and offers of the training record.
#[derive(Default)]
pub struct MentoringView {
    pub reviews: Vec<ReviewRow>,
    pub debriefs: Vec<DebriefRow>,
    /// Days the oral agreement has waited for the mentor, while it waits.
    pub oral_pending_days: Option<i64>,
    /// This viewer is the mentor and may record the review now.
    pub may_review_oral: bool,
    pub may_comment: bool,
    /// Session records still without a debrief, when this viewer writes them.
    pub debrief_sessions: Vec<Choice>,
    /// The case's working methods by name, and the tags still offered as
    /// checkboxes (the case's own ticked).
    pub case_tags: Vec<String>,
    pub tag_choices: Vec<Choice>,
}

impl MentoringView {
    pub fn new(m: &Mentoring, actor: &ActorContext, records: &[CaseRecord], lang: &str) -> Self {
        let tag_name = |id: &str| m.all_tags.iter().find(|t| t.id == id).map(|t| t.name(lang).to_owned());
        let reviews = m
            .reviews
            .iter()
            .map(|(r, name)| ReviewRow {
                at: datetime(r.created_at),
                reviewer: name.clone(),
                stage_key: r.stage.label_key(),
                decision: r.decision,
                comment: r.comment.clone(),
            })
            .collect();
        let session_day = |id: &str| {
            let record = records.iter().find(|r| r.id == id);
            record.map(|r| r.held_on.clone()).unwrap_or_default()
        };
        let debriefs = m
            .debriefs
            .iter()
            .map(|(d, name)| DebriefRow {
                id: d.id.clone(),
                session: session_day(&d.record_id),
                went_well: d.went_well.clone(),
                missing: d.missing.clone(),
                next_steps: d.next_steps.clone(),
                at: datetime(d.created_at),
                comment: d.mentor_comment.clone(),
                commenter: name.clone(),
                commented: d.commented_by.is_some(),
                tags: m
                    .debrief_tags
                    .iter()
                    .filter(|(id, _)| *id == d.id)
                    .filter_map(|(_, t)| tag_name(t))
                    .collect(),
            })
            .collect();
        let debrief_sessions = if rules::may_write_debrief(actor) {
            let done: Vec<&str> = m.debriefs.iter().map(|(d, _)| d.record_id.as_str()).collect();
            let open = records
                .iter()
                .filter(|r| r.kind == RecordKind::Session && !done.contains(&r.id.as_str()));
            choices(open.map(|r| (r.id.clone(), r.held_on.clone())), "")
        } else {
            Vec::new()
        };
        let tag_choices = m
            .all_tags
            .iter()
            .filter(|t| !t.retired)
            .map(|t| Choice {
                value: t.id.clone(),
                label: t.name(lang).to_owned(),
                selected: m.case_tags.contains(&t.id),
            })
            .collect();
        MentoringView {
            case_tags: m.case_tags.iter().filter_map(|t| tag_name(t)).collect(),
            tag_choices,
            reviews,
            debriefs,
            oral_pending_days: m.oral_pending_days,
            may_review_oral: m.oral_pending_days.is_some() && rules::may_review_oral(actor),
            may_comment: rules::may_comment_debrief(actor),
            debrief_sessions,
        }
    }

    /// Nothing to show and nothing to do: the section is left out.
    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty()
            && self.debriefs.is_empty()
            && self.oral_pending_days.is_none()
            && self.debrief_sessions.is_empty()
    }
}

/// The decision's name, e.g. "退回" / "Returned".
pub fn decision_label(ctx: &PageCtx, d: ReviewDecision) -> String {
    ctx.t(d.label_key())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OralReviewForm {
    decision: String,
    comment: String,
}

fn kept(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The field a refusal of a review or comment is about.
fn comment_field(key: &str) -> Option<&'static str> {
    match key {
        "review.error.decision" => Some("decision"),
        "review.error.comment_required" | "review.error.too_long" => Some("comment"),
        _ => None,
    }
}

pub async fn review_oral(r: CaseRequest, form: web::Form<OralReviewForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let actor = audit_actor(&r.req, Some(&r.user));
    let (viewer, id) = (r.user.viewer(), r.case_id.clone());
    let (decision, comment) = (form.decision.clone(), form.comment.clone());
    let outcome = r
        .state
        .db(move |conn| {
            Ok(mentorship::review_oral(
                conn, &id, &viewer, &decision, &comment, &actor,
            )?)
        })
        .await?;
    let values = kept(&[("decision", &form.decision), ("comment", &form.comment)]);
    r.respond_fields("oral-review", outcome, values, comment_field).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DebriefForm {
    #[serde(flatten)]
    seen: Seen,
    record_id: String,
    went_well: String,
    missing: String,
    next_steps: String,
}

/// Every value of a repeated field (the ticked tags) of a url-encoded body.
pub fn repeated(body: &[u8], name: &str) -> Vec<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    pairs
        .into_iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .take(50)
        .collect()
}

pub async fn write_debrief(r: CaseRequest, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let form: DebriefForm = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
    let tags = repeated(&body, "tag");
    let values = kept(&[
        ("record_id", &form.record_id),
        ("went_well", &form.went_well),
        ("missing", &form.missing),
        ("next_steps", &form.next_steps),
    ]);
    let typed = DebriefInput {
        went_well: form.went_well.clone(),
        missing: form.missing.clone(),
        next_steps: form.next_steps.clone(),
    };
    let input = match rules::check_debrief(&typed) {
        Ok(input) => input,
        Err(errors) => return r.refused_fields("debrief", values, &errors).await,
    };
    let record_id = form.record_id.clone();
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| mentorship::write_debrief(conn, change, &record_id, input, tags)),
        )
        .await?;
    r.respond_fields("debrief", outcome, values, |_| None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    comment: String,
}

pub async fn comment_debrief(r: CaseRequest, form: web::Form<CommentForm>) -> Result<HttpResponse, AppError> {
    let debrief = r.req.match_info().get("debrief").unwrap_or_default().to_owned();
    let form_key = format!("debrief-comment-{debrief}");
    let actor = audit_actor(&r.req, Some(&r.user));
    let (viewer, id) = (r.user.viewer(), r.case_id.clone());
    let comment = form.comment.clone();
    let outcome = r
        .state
        .db(move |conn| {
            Ok(mentorship::comment_debrief(
                conn, &id, &debrief, &viewer, &comment, &actor,
            )?)
        })
        .await?;
    let values = kept(&[("comment", &form.comment)]);
    r.respond_fields(&form_key, outcome, values, comment_field).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TagsForm {
    #[serde(flatten)]
    seen: Seen,
}

/// The case's working methods, as ticked (none ticked clears them).
pub async fn tag_case(r: CaseRequest, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let form: TagsForm = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
    let tags = repeated(&body, "tag");
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| mentorship::tag_case(conn, change, tags)),
        )
        .await?;
    r.respond("tags", outcome).await
}
