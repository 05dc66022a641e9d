//! The lists on a mediator's `/mentoring` (DESIGN.md §6 "Dashboards"): a
//! 老马's pending reviews with their age and their mentees' recent
//! debriefs; a 小马's latest feedback. Each list is read through its own
//! index and bounded, so the page costs the same at a million cases.

use std::collections::HashMap;

use super::mediators::{FeedbackRow, feedback_rows};
use crate::dates::date;
use crate::db::{DbConn, DbError, mentorship_records as records};
use crate::domain::case_review::ReviewStage;
use crate::domain::mediation_workflow::CaseState;
use crate::web::context::PageCtx;

/// How many of each list the dashboard shows; the full lists are the
/// review queue and the training record.
const SHOWN: usize = 8;
const DEBRIEFS_PER_MENTEE: i64 = 3;
const PENDING_ORAL_READ: i64 = 20;

/// One item waiting for the mentor: a sign-off or an after-the-fact review.
pub struct ReviewItem {
    pub case_id: String,
    pub case_number: String,
    pub what: String,
    pub mentee_name: String,
    pub waiting: String,
}

pub struct DebriefItem {
    pub case_id: String,
    pub case_number: String,
    pub mentee_name: String,
    pub on: String,
    pub next_steps: String,
    pub commented: bool,
}

#[derive(Default)]
pub struct MediatorLists {
    pub reviews: Vec<ReviewItem>,
    pub reviews_total: usize,
    pub debriefs: Vec<DebriefItem>,
    pub feedback: Vec<FeedbackRow>,
}

/// A sign-off or an after-the-fact review, from when it has waited.
struct Waiting {
    since: i64,
    case_id: String,
    case_number: Option<String>,
    stage: ReviewStage,
    lead: Option<String>,
}

/// Display names, each looked up once per page.
struct Names(HashMap<String, String>);

impl Names {
    fn of(&mut self, conn: &mut DbConn, id: &str) -> Result<String, DbError> {
        if let Some(name) = self.0.get(id) {
            return Ok(name.clone());
        }
        let name = super::name_of(conn, id)?;
        self.0.insert(id.to_owned(), name.clone());
        Ok(name)
    }
}

fn number(ctx: &PageCtx, n: Option<String>) -> String {
    n.unwrap_or_else(|| ctx.t("cases.unnumbered"))
}

/// "等待 3 天": whole days since `since`.
fn waiting(ctx: &PageCtx, since: i64, now: i64) -> String {
    let days = ((now - since) / 86_400).max(0);
    ctx.t_with("mentoring.waiting_days", "days", &days.to_string())
}

/// The 老马's lists: what waits for them, the oldest first, and what their
/// mentees wrote lately.
pub fn for_mentor(
    ctx: &PageCtx,
    conn: &mut DbConn,
    mentor_id: &str,
    mentees: &[String],
    now: i64,
) -> Result<MediatorLists, DbError> {
    let mut names = Names(HashMap::new());
    let mut waiting_items: Vec<Waiting> = Vec::new();
    for c in records::awaiting_sign_off(conn, mentor_id)? {
        let stage = match CaseState::parse(&c.state) {
            Some(CaseState::ClosureReview) => ReviewStage::ClosureReview,
            _ => ReviewStage::AgreementReview,
        };
        waiting_items.push(Waiting {
            since: c.since,
            case_id: c.case_id,
            case_number: c.case_number,
            stage,
            lead: c.lead_id,
        });
    }
    for o in records::pending_oral_for_mentor(conn, mentor_id, PENDING_ORAL_READ)? {
        waiting_items.push(Waiting {
            since: o.entered_at,
            case_id: o.case_id,
            case_number: o.case_number,
            stage: ReviewStage::OralAgreement,
            lead: Some(o.lead_id),
        });
    }
    waiting_items.sort_by_key(|w| w.since);
    let reviews_total = waiting_items.len();
    let mut reviews = Vec::new();
    for w in waiting_items.into_iter().take(SHOWN) {
        reviews.push(ReviewItem {
            mentee_name: match &w.lead {
                Some(id) => names.of(conn, id)?,
                None => String::new(),
            },
            waiting: waiting(ctx, w.since, now),
            what: ctx.label(&w.stage),
            case_number: number(ctx, w.case_number),
            case_id: w.case_id,
        });
    }
    let mut written = Vec::new();
    for mentee in mentees {
        for (d, case_number) in records::recent_debriefs_of(conn, mentee, DEBRIEFS_PER_MENTEE)? {
            written.push((d, case_number, names.of(conn, mentee)?));
        }
    }
    written.sort_by(|a, b| (b.0.created_at, &b.0.id).cmp(&(a.0.created_at, &a.0.id)));
    let debriefs = written
        .into_iter()
        .take(SHOWN)
        .map(|(d, case_number, mentee_name)| DebriefItem {
            case_number: number(ctx, case_number),
            mentee_name,
            on: date(d.created_at),
            next_steps: d.next_steps,
            commented: d.commented_by.is_some(),
            case_id: d.case_id,
        })
        .collect();
    Ok(MediatorLists {
        reviews,
        reviews_total,
        debriefs,
        feedback: Vec::new(),
    })
}

/// The 小马's latest feedback (the whole of it is on their training record).
pub fn for_mentee(ctx: &PageCtx, conn: &mut DbConn, mentee_id: &str) -> Result<MediatorLists, DbError> {
    let mut all = records::feedback_for(conn, mentee_id)?;
    all.truncate(SHOWN);
    Ok(MediatorLists {
        feedback: feedback_rows(ctx, all),
        ..Default::default()
    })
}
