//! The case side of 老马带小马 (DESIGN.md §6): the reviewers' decisions with
//! their comments (`review_comments`), the after-the-fact reviews of a
//! 小马's oral agreements (`oral_reviews`) and the debriefs (`debriefs`).
//! [`feedback_for`] is the mentee's training record of all of them.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{cases, debriefs, oral_reviews, review_comments};
use crate::domain::case_review::{ReviewDecision, ReviewStage};

/// One reviewer's decision on a case, with what they wrote.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = review_comments)]
pub struct ReviewComment {
    pub id: String,
    pub case_id: String,
    pub event_id: String,
    pub reviewer_id: String,
    pub lead_id: Option<String>,
    pub stage: ReviewStage,
    pub decision: ReviewDecision,
    pub comment: String,
    pub created_at: i64,
}

pub fn insert_review(conn: &mut DbConn, row: &ReviewComment) -> QueryResult<()> {
    diesel::insert_into(review_comments::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A case's reviews, oldest first.
pub fn reviews_for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<ReviewComment>> {
    review_comments::table
        .filter(review_comments::case_id.eq(case_id))
        .order((review_comments::created_at, review_comments::id))
        .select(ReviewComment::as_select())
        .load(conn)
}

/// An oral agreement of a 小马 waiting for (or given) the mentor's review.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oral_reviews)]
pub struct OralReview {
    pub agreement_id: String,
    pub case_id: String,
    pub mentor_id: String,
    pub lead_id: String,
    pub entered_at: i64,
    pub reviewed_at: Option<i64>,
}

pub fn insert_oral_review(conn: &mut DbConn, row: &OralReview) -> QueryResult<()> {
    diesel::insert_into(oral_reviews::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The case's oral agreement still waiting for its review, if any.
pub fn pending_oral_for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<OralReview>> {
    oral_reviews::table
        .filter(oral_reviews::case_id.eq(case_id))
        .filter(oral_reviews::reviewed_at.is_null())
        .select(OralReview::as_select())
        .first(conn)
        .optional()
}

/// How many oral agreements wait for this mentor: one range of the
/// (mentor_id, reviewed_at) index, as cheap for the badge at any size.
pub fn count_pending_oral(conn: &mut DbConn, mentor_id: &str) -> QueryResult<i64> {
    oral_reviews::table
        .filter(oral_reviews::mentor_id.eq(mentor_id))
        .filter(oral_reviews::reviewed_at.is_null())
        .count()
        .get_result(conn)
}

/// A pending item of the mentor's queue, with the case number to show.
#[derive(Debug, Clone, Queryable)]
pub struct PendingOral {
    pub case_id: String,
    pub case_number: Option<String>,
    pub lead_id: String,
    pub entered_at: i64,
}

/// This mentor's pending oral agreements, oldest (most urgent) first.
pub fn pending_oral_for_mentor(conn: &mut DbConn, mentor_id: &str, limit: i64) -> QueryResult<Vec<PendingOral>> {
    oral_reviews::table
        .inner_join(cases::table)
        .filter(oral_reviews::mentor_id.eq(mentor_id))
        .filter(oral_reviews::reviewed_at.is_null())
        .order(oral_reviews::entered_at)
        .limit(limit)
        .select((
            oral_reviews::case_id,
            cases::case_number,
            oral_reviews::lead_id,
            oral_reviews::entered_at,
        ))
        .load(conn)
}

/// Marks the review done, only if it is still pending and is this
/// mentor's: false when someone already reviewed it (no double review).
pub fn mark_oral_reviewed(conn: &mut DbConn, agreement_id: &str, mentor_id: &str, now: i64) -> QueryResult<bool> {
    let n = diesel::update(
        oral_reviews::table
            .find(agreement_id)
            .filter(oral_reviews::mentor_id.eq(mentor_id))
            .filter(oral_reviews::reviewed_at.is_null()),
    )
    .set(oral_reviews::reviewed_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// The lead's debrief of one session, and the mentor's comment on it.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = debriefs)]
pub struct Debrief {
    pub id: String,
    pub case_id: String,
    pub record_id: String,
    pub author_id: String,
    pub went_well: String,
    pub missing: String,
    pub next_steps: String,
    pub created_at: i64,
    pub mentor_comment: String,
    pub commented_by: Option<String>,
    pub commented_at: Option<i64>,
}

pub fn insert_debrief(conn: &mut DbConn, row: &Debrief) -> QueryResult<()> {
    diesel::insert_into(debriefs::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn debriefs_for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Debrief>> {
    debriefs::table
        .filter(debriefs::case_id.eq(case_id))
        .order((debriefs::created_at, debriefs::id))
        .select(Debrief::as_select())
        .load(conn)
}

pub fn debrief_of_record(conn: &mut DbConn, record_id: &str) -> QueryResult<Option<Debrief>> {
    debriefs::table
        .filter(debriefs::record_id.eq(record_id))
        .select(Debrief::as_select())
        .first(conn)
        .optional()
}

/// The mentor's comment, written once: false when the debrief is not on
/// this case or already has a comment (a concurrent second one loses).
pub fn comment_debrief(
    conn: &mut DbConn,
    case_id: &str,
    debrief_id: &str,
    mentor_id: &str,
    comment: &str,
    now: i64,
) -> QueryResult<bool> {
    let n = diesel::update(
        debriefs::table
            .find(debrief_id)
            .filter(debriefs::case_id.eq(case_id))
            .filter(debriefs::commented_by.is_null()),
    )
    .set((
        debriefs::mentor_comment.eq(comment),
        debriefs::commented_by.eq(Some(mentor_id)),
        debriefs::commented_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// One piece of feedback a mentee received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// The review's or the debrief's id (time-ordered: breaks ties of `at`).
    pub id: String,
    pub case_id: String,
    pub case_number: Option<String>,
    /// When the feedback was given.
    pub at: i64,
    /// Who gave it (user id).
    pub from_id: String,
    pub kind: FeedbackKind,
    pub comment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKind {
    /// A review decision at a sign-off or after the fact.
    Review(ReviewStage, ReviewDecision),
    /// The mentor's comment on one of the mentee's debriefs.
    DebriefComment,
}

/// The mentee's training record (§6): every review of a case they led and
/// every mentor comment on their debriefs, newest first. Both come through
/// the (lead_id | author_id, created_at) indexes, so the cost grows with
/// this mentee's own record only.
pub fn feedback_for(conn: &mut DbConn, mentee_id: &str) -> QueryResult<Vec<Feedback>> {
    let reviews: Vec<(ReviewComment, Option<String>)> = review_comments::table
        .inner_join(cases::table)
        .filter(review_comments::lead_id.eq(mentee_id))
        .select((ReviewComment::as_select(), cases::case_number))
        .load(conn)?;
    let comments: Vec<(Debrief, Option<String>)> = debriefs::table
        .inner_join(cases::table)
        .filter(debriefs::author_id.eq(mentee_id))
        .filter(debriefs::commented_by.is_not_null())
        .select((Debrief::as_select(), cases::case_number))
        .load(conn)?;
    let mut out: Vec<Feedback> = reviews
        .into_iter()
        .map(|(r, case_number)| Feedback {
            id: r.id,
            case_id: r.case_id,
            case_number,
            at: r.created_at,
            from_id: r.reviewer_id,
            kind: FeedbackKind::Review(r.stage, r.decision),
            comment: r.comment,
        })
        .collect();
    out.extend(comments.into_iter().map(|(d, case_number)| Feedback {
        id: d.id,
        case_id: d.case_id,
        case_number,
        at: d.commented_at.unwrap_or(d.created_at),
        from_id: d.commented_by.unwrap_or_default(),
        kind: FeedbackKind::DebriefComment,
        comment: d.mentor_comment,
    }));
    out.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id)));
    Ok(out)
}

/// The newest debriefs `author_id` wrote, with the case number, through
/// the (author_id, created_at) index: the 老马's dashboard lists each
/// mentee's latest few.
pub fn recent_debriefs_of(conn: &mut DbConn, author_id: &str, n: i64) -> QueryResult<Vec<(Debrief, Option<String>)>> {
    debriefs::table
        .inner_join(cases::table)
        .filter(debriefs::author_id.eq(author_id))
        .order(crate::db::inline_limit::newest_first("debriefs.created_at", n))
        .select((Debrief::as_select(), cases::case_number))
        .load(conn)
}

/// A case waiting for its mentor's sign-off, with when it started waiting.
#[derive(Debug, Clone, Queryable)]
pub struct AwaitingSignOff {
    pub case_id: String,
    pub case_number: Option<String>,
    pub state: String,
    pub lead_id: Option<String>,
    pub since: i64,
}

/// The cases at AGREEMENT_REVIEW or CLOSURE_REVIEW that `mentor_id`
/// mentors, through the (mentor_id, state, id) index; the oldest first,
/// since the longest wait is the most urgent.
pub fn awaiting_sign_off(conn: &mut DbConn, mentor_id: &str) -> QueryResult<Vec<AwaitingSignOff>> {
    use crate::domain::mediation_workflow::CaseState;
    let mut rows: Vec<AwaitingSignOff> = cases::table
        .filter(cases::mentor_id.eq(mentor_id))
        .filter(
            cases::state
                .eq(CaseState::AgreementReview.code())
                .or(cases::state.eq(CaseState::ClosureReview.code())),
        )
        .select((
            cases::id,
            cases::case_number,
            cases::state,
            cases::lead_mediator_id,
            cases::state_entered_at,
        ))
        .load(conn)?;
    rows.sort_by_key(|r| r.since);
    Ok(rows)
}
