//! The case queues of DESIGN.md §5.5: which ones each role has, what each
//! one holds, and how many cases wait in those that need someone's action
//! (shown on the queue tabs and in the main navigation).

use super::access::Viewer;
use super::queue_index;
use crate::db::cases::{self, CaseFilter, CaseScope, ReviewCandidate};
use crate::db::{DbConn, committees, mentorship_records, users};
use crate::domain::mediation_workflow::{ActorContext, ActorRole, CaseState, may_fire};
use crate::domain::role::Role;

pub struct Queue {
    pub code: &'static str,
    pub label_key: &'static str,
    /// Cases here wait for this user; they are counted in the navigation.
    pub needs_action: bool,
    /// The tab shows how many cases it holds. A mediator's history is not
    /// counted: it grows with their whole career, and nobody acts on it.
    pub counted: bool,
}

const fn queue(code: &'static str, label_key: &'static str, needs_action: bool) -> Queue {
    Queue {
        code,
        label_key,
        needs_action,
        counted: true,
    }
}

const fn uncounted(code: &'static str, label_key: &'static str) -> Queue {
    Queue {
        code,
        label_key,
        needs_action: false,
        counted: false,
    }
}

const COORDINATOR: [Queue; 3] = [
    queue("registered", "queue.registered", true),
    queue("unassigned", "queue.unassigned", true),
    queue("all", "queue.all", false),
];
const MEDIATOR: [Queue; 5] = [
    queue("mine", "queue.mine", false),
    queue("review", "queue.review", true),
    queue("follow_up", "queue.follow_up", false),
    queue("overdue", "queue.overdue", true),
    uncounted("ended", "queue.ended"),
];
const OFFICE: [Queue; 3] = [
    queue("all", "queue.all", false),
    queue("registered", "queue.registered", false),
    queue("overdue", "queue.overdue", false),
];

/// The queues each role has; the first is the default.
pub fn queues(role: Role) -> &'static [Queue] {
    match role {
        Role::Coordinator => &COORDINATOR,
        Role::Mediator => &MEDIATOR,
        _ => &OFFICE,
    }
}

/// The states a case works through between acceptance and closure.
const ACTIVE: [CaseState; 7] = [
    CaseState::Accepted,
    CaseState::Assigned,
    CaseState::Investigating,
    CaseState::Mediating,
    CaseState::AgreementReview,
    CaseState::Performing,
    CaseState::FollowUp,
];
const REVIEW: [CaseState; 2] = [CaseState::AgreementReview, CaseState::ClosureReview];

/// What `queue` holds, before the user's own filters.
pub fn filter(queue: &str, now: i64) -> CaseFilter {
    match queue {
        "registered" => CaseFilter {
            states: vec![CaseState::Registered],
            ..Default::default()
        },
        "unassigned" => CaseFilter {
            states: vec![CaseState::Accepted],
            unassigned: true,
            ..Default::default()
        },
        "review" => CaseFilter {
            states: REVIEW.to_vec(),
            ..Default::default()
        },
        "follow_up" => CaseFilter {
            states: vec![CaseState::FollowUp, CaseState::Performing],
            ..Default::default()
        },
        // `deadline_at` is 24:00 of the period's last day (Civil Code
        // Art. 203 ¶2): overdue from that instant on, as `Case::is_overdue`.
        "overdue" => CaseFilter {
            states: ACTIVE[..5].to_vec(),
            period_ended_at: Some(now),
            ..Default::default()
        },
        _ => CaseFilter::default(),
    }
}

/// What waits for one viewer's action, worked out once per request: the
/// navigation badge, the tab counts and the review list all read it, so a
/// page never rebuilds the review set (a lookup per committee headed and per
/// mentee) more than once.
#[derive(Clone, Debug, Default)]
pub struct Waiting {
    /// The count of each queue that needs this viewer's action.
    pub by_queue: Vec<(&'static str, i64)>,
    /// A mediator's review set: the cases they may sign now.
    pub review_ids: Option<Vec<String>>,
}

impl Waiting {
    /// The badge beside the cases link.
    pub fn total(&self) -> i64 {
        self.by_queue.iter().map(|(_, n)| n).sum()
    }

    fn count(&self, queue: &str) -> Option<i64> {
        self.by_queue.iter().find(|(q, _)| *q == queue).map(|(_, n)| *n)
    }
}

/// The cases `viewer` may list in `queue`. The review queue holds exactly
/// the cases this user may sign now (mentor of a 小马's case, or head of the
/// committee of anyone else's), decided by the workflow's own rule; it is
/// taken from `known` when this request has worked it out already.
pub fn scope(conn: &mut DbConn, viewer: &Viewer, queue: &str, known: &Waiting) -> diesel::QueryResult<CaseScope> {
    Ok(match viewer.role {
        Role::Admin => CaseScope::All,
        Role::Coordinator => CaseScope::Street(viewer.area_id.clone().unwrap_or_default()),
        _ if queue == "review" => CaseScope::Ids(match &known.review_ids {
            Some(ids) => ids.clone(),
            None => awaiting_review_by(conn, &viewer.id)?,
        }),
        _ if queue == "ended" => CaseScope::MediatorEnded(viewer.id.clone()),
        _ => CaseScope::Mediator(viewer.id.clone()),
    })
}

fn awaiting_review_by(conn: &mut DbConn, user: &str) -> diesel::QueryResult<Vec<String>> {
    let headed = committees::headed_by(conn, user)?;
    let candidates = cases::review_candidates(conn, user, &headed, &REVIEW)?;
    let leads: Vec<String> = candidates.iter().filter_map(|c| c.lead_mediator_id.clone()).collect();
    let trainees = users::trainees_among(conn, &leads)?;
    Ok(candidates
        .into_iter()
        .filter(|c| reviewer_may_sign(c, user, &headed, &trainees))
        .map(|c| c.id)
        .collect())
}

fn reviewer_may_sign(case: &ReviewCandidate, user: &str, headed: &[String], trainees: &[String]) -> bool {
    let state = case.state;
    let mut roles = Vec::new();
    if case.mentor_id.as_deref() == Some(user) {
        roles.push(ActorRole::Mentor);
    }
    if headed.contains(&case.committee_id) {
        roles.push(ActorRole::CommitteeHead);
    }
    if case.lead_mediator_id.as_deref() == Some(user) {
        roles.push(ActorRole::LeadMediator);
    }
    let lead_is_trainee = case.lead_mediator_id.as_ref().is_some_and(|l| trainees.contains(l));
    may_fire(state, &ActorContext::new(&roles, lead_is_trainee))
}

/// The number of cases in each of the viewer's queues, in [`queues`] order
/// (`None` for a tab without a count); the acting queues' counts come from
/// `known`. Every count here costs the same at any size of the district's
/// history: "全部" reads the counter kept by registration; the others hold
/// only cases still in hand (the backlog), found through the (street,
/// state), (state, deadline) and team indexes.
pub fn counts(conn: &mut DbConn, viewer: &Viewer, now: i64, known: &Waiting) -> diesel::QueryResult<Vec<Option<i64>>> {
    queues(viewer.role)
        .iter()
        .map(|q| {
            if !q.counted {
                return Ok(None);
            }
            if let Some(n) = known.count(q.code) {
                return Ok(Some(n));
            }
            let scope = scope(conn, viewer, q.code, known)?;
            let n = match (q.code, &scope) {
                ("all", CaseScope::All) => queue_index::total(conn, queue_index::DISTRICT)?,
                ("all", CaseScope::Street(street)) => queue_index::total(conn, &queue_index::street_key(street))?,
                _ => waiting_in(conn, viewer, q.code, &scope, now)?,
            };
            Ok(Some(n))
        })
        .collect()
}

/// The items in one queue: its cases, plus (in a mentor's review queue)
/// the oral agreements waiting for review. The tab and the badge both count
/// through here, so they cannot disagree.
fn waiting_in(
    conn: &mut DbConn,
    viewer: &Viewer,
    queue: &str,
    scope: &CaseScope,
    now: i64,
) -> diesel::QueryResult<i64> {
    let filter = filter(queue, now);
    let cases = match scope {
        // A mediator's cases in hand are counted from their team rows alone.
        CaseScope::Mediator(user) => queue_index::count_in_hand(conn, user, &filter.states, filter.period_ended_at)?,
        // The review set was chosen from the review states already.
        CaseScope::Ids(ids) if queue == "review" => ids.len() as i64,
        _ => cases::count_filtered(conn, scope, &filter)?,
    };
    Ok(cases + oral_reviews_waiting(conn, viewer, queue)?)
}

/// A 小马's oral agreements waiting for this mentor's after-the-fact
/// review (事后审查) are items of their review queue too: counted from one
/// range of the (mentor, reviewed_at) index, so the badge stays cheap.
fn oral_reviews_waiting(conn: &mut DbConn, viewer: &Viewer, queue: &str) -> diesel::QueryResult<i64> {
    if queue != "review" || viewer.role != Role::Mediator {
        return Ok(0);
    }
    mentorship_records::count_pending_oral(conn, &viewer.id)
}

/// What waits for this viewer's action: each acting queue's count (the
/// navigation badge is their sum) and, for a mediator, the review set.
pub fn waiting(conn: &mut DbConn, viewer: &Viewer, now: i64) -> diesel::QueryResult<Waiting> {
    let mut found = Waiting::default();
    for q in queues(viewer.role).iter().filter(|q| q.needs_action) {
        let scope = scope(conn, viewer, q.code, &found)?;
        if let CaseScope::Ids(ids) = &scope {
            found.review_ids = Some(ids.clone());
        }
        let n = waiting_in(conn, viewer, q.code, &scope, now)?;
        found.by_queue.push((q.code, n));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(lead: &str, mentor: Option<&str>, committee: &str, state: &str) -> ReviewCandidate {
        ReviewCandidate {
            id: "c".into(),
            state: CaseState::parse(state).expect("a known state"),
            lead_mediator_id: Some(lead.into()),
            mentor_id: mentor.map(Into::into),
            committee_id: committee.into(),
        }
    }

    #[test]
    fn the_mentor_signs_a_trainees_case_and_the_head_does_not() {
        let case = candidate("xiaoma", Some("laoma"), "wld", "AGREEMENT_REVIEW");
        let trainees = vec!["xiaoma".to_string()];
        assert!(reviewer_may_sign(&case, "laoma", &[], &trainees));
        assert!(!reviewer_may_sign(&case, "head", &["wld".into()], &trainees));
    }

    #[test]
    fn the_head_signs_a_seniors_case_but_never_their_own() {
        let case = candidate("senior", None, "wld", "CLOSURE_REVIEW");
        assert!(reviewer_may_sign(&case, "head", &["wld".into()], &[]));
        assert!(!reviewer_may_sign(&case, "head", &["other".into()], &[]));
        let own = candidate("head", None, "wld", "CLOSURE_REVIEW");
        assert!(!reviewer_may_sign(&own, "head", &["wld".into()], &[]));
    }

    #[test]
    fn only_review_states_are_signed() {
        let case = candidate("senior", None, "wld", "MEDIATING");
        assert!(!reviewer_may_sign(&case, "head", &["wld".into()], &[]));
    }

    #[test]
    fn each_role_has_queues_and_mediators_count_review_and_overdue() {
        let acting: Vec<&str> = queues(Role::Mediator)
            .iter()
            .filter(|q| q.needs_action)
            .map(|q| q.code)
            .collect();
        assert_eq!(acting, ["review", "overdue"]);
        assert_eq!(queues(Role::Coordinator)[0].code, "registered");
        assert!(queues(Role::Admin).iter().all(|q| !q.needs_action));
    }
}
