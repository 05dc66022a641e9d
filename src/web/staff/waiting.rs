//! "Waiting for you" on the staff home (工作台): the user's case queues with
//! their counts and oldest items, and the letters of their street still
//! awaiting acknowledgement. Counts come from the page context (worked out
//! once per request) or the queues' own bounded counts; the oldest items
//! are a few rows read in index order.

use crate::db::cases::{self, Case};
use crate::db::{DbConn, letter_categories, letters};
use crate::domain::case_review::age_days;
use crate::domain::role::Role;
use crate::mailbox::views::queue::QueueRow;
use crate::mediation::access::Viewer;
use crate::mediation::queues::{self, Waiting};

/// How many of the oldest items each queue shows.
const OLDEST: i64 = 3;

pub struct QueueCard {
    pub code: &'static str,
    pub label_key: &'static str,
    /// None for a queue without a count (a mediator's history).
    pub count: Option<i64>,
    /// The queue waits for this user's action: its oldest items are shown.
    pub needs_action: bool,
    pub oldest: Vec<CaseItem>,
}

pub struct CaseItem {
    pub id: String,
    /// The case number, or for a case not accepted yet its summary and day.
    pub title: String,
    pub state_key: &'static str,
    pub days: i64,
    pub overdue: bool,
}

impl CaseItem {
    pub fn of(case: &Case, now: i64) -> Self {
        CaseItem {
            id: case.id.clone(),
            title: case_title(case),
            state_key: case.state().label_key(),
            days: age_days(case.state_entered_at, now),
            overdue: case.is_overdue(now),
        }
    }
}

/// How a case is named in a list: its number, or before it has one the
/// start of its summary and the day it came in, so that rows differ.
pub fn case_title(case: &Case) -> String {
    match &case.case_number {
        Some(n) if !n.is_empty() => n.clone(),
        _ => format!(
            "{} · {}",
            crate::domain::letters::excerpt(case.summary.trim(), 18),
            crate::dates::date(case.created_at)
        ),
    }
}

pub struct WaitingWork {
    pub queues: Vec<QueueCard>,
    /// Letters awaiting acknowledgement (None: this user does not answer letters).
    pub letters: Option<Vec<QueueRow>>,
    pub letters_count: i64,
}

/// Everything the staff home shows as waiting. `known` is this request's
/// [`Waiting`], `letters_count` the badge's capped letter count.
pub fn load(
    conn: &mut DbConn,
    viewer: &Viewer,
    known: &Waiting,
    letters_count: i64,
    now: i64,
) -> diesel::QueryResult<WaitingWork> {
    let counts = queues::counts(conn, viewer, now, known)?;
    let mut cards = Vec::new();
    for (q, count) in queues::queues(viewer.role).iter().zip(counts) {
        let oldest = if q.needs_action && count.unwrap_or(0) > 0 {
            let scope = queues::scope(conn, viewer, q.code, known)?;
            cases::oldest(conn, &scope, &queues::filter(q.code, now), OLDEST)?
                .iter()
                .map(|c| CaseItem::of(c, now))
                .collect()
        } else {
            Vec::new()
        };
        cards.push(QueueCard {
            code: q.code,
            label_key: q.label_key,
            count,
            needs_action: q.needs_action,
            oldest,
        });
    }
    let letters = if viewer.role == Role::Coordinator {
        let street = viewer.area_id.clone().unwrap_or_default();
        let found = letters::awaiting_ack(conn, Some(&street), OLDEST)?;
        let categories = letter_categories::all(conn)?;
        Some(
            found
                .iter()
                .map(|l| QueueRow::of(l, &categories, String::new(), now))
                .collect(),
        )
    } else {
        None
    };
    Ok(WaitingWork {
        queues: cards,
        letters,
        letters_count,
    })
}
