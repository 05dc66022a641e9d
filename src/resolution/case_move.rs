//! The case side of a referral step: when the receiving organisation
//! accepts, the dispute leaves the door and the case becomes REFERRED
//! (the rule is `domain::resolution::case_state`). Written like any
//! workflow transition, in the step's own transaction: the versioned case
//! row, the queues, the timeline event, the applicant's notice and the
//! statistics.

use crate::db::DbConn;
use crate::db::case_events::{self, CaseEvent};
use crate::db::cases::{self, Case, CaseChanges};
use crate::domain::mediation::CaseEventKind;
use crate::domain::resolution::ReferralAction;
use crate::domain::resolution::case_state::case_after;
use crate::domain::viewer::Viewer;

/// Who took the step and where the dispute went.
pub struct Move<'a> {
    pub action: ReferralAction,
    pub org_name: &'a str,
    pub viewer: &'a Viewer,
    pub actor_label: &'a str,
    pub now: i64,
}

/// Moves `case` (locked by the caller) if the step says so. `false` when
/// the case changed under us: the caller rolls the whole step back.
pub fn apply(
    conn: &mut DbConn,
    case: &Case,
    step: &Move<'_>,
    outbox: &crate::notify::Outbox,
) -> diesel::QueryResult<bool> {
    let from = case.state();
    let Some(to) = case_after(from, step.action) else {
        return Ok(true);
    };
    let counted = crate::statistics::index::facts_of(conn, &case.id)?;
    let changes = CaseChanges {
        state: Some(to),
        state_entered_at: Some(step.now),
        // The destination §5.2 asks of REFERRED: the organisation's name.
        outcome_note: Some(step.org_name.to_owned()),
        ..Default::default()
    };
    if !cases::update_versioned(conn, &case.id, case.version, &changes, step.now)? {
        return Ok(false);
    }
    crate::mediation::queue_index::sync_case(conn, &case.id)?;
    let mut event = CaseEvent::new(
        &case.id,
        CaseEventKind::Transition,
        Some(&step.viewer.id),
        step.actor_label,
        step.now,
        step.org_name,
    );
    event.from_state = Some(from);
    event.to_state = Some(to);
    event.seconds_in_previous = Some(step.now - case.state_entered_at);
    case_events::append(conn, &event)?;
    if let Some(template) = crate::domain::notification::case_template(to) {
        crate::notify::recipients::case_step(conn, outbox, &case.id, template, step.now)?;
    }
    crate::statistics::index::record_change(conn, &case.id, counted.as_ref())?;
    Ok(true)
}
