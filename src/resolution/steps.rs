//! A step on a referral: the organisation's answers (accept, return,
//! outcome), recorded by the centre on its behalf with the evidence, and
//! the centre's own acts (close, escalate). The rules are
//! `domain::resolution::referral`; this writes the result.

use super::case_move::{self, Move};
use super::{Change, ResolutionError, case_timeline, centre_may_act};
use crate::dates;
use crate::db::audit::{self, AuditActor};
use crate::db::referral_events::{self, ReferralEvent};
use crate::db::referrals::{self, Referral, ReferralChange};
use crate::db::{self, DbConn, cases, holidays, resolution_orgs};
use crate::domain::legal_period::end_instant;
use crate::domain::resolution::deadline;
use crate::domain::resolution::referral::{self, ReferralActor, ReferralFacts};
use crate::domain::resolution::{Outcome, ReferralAction, ReferralError, ReferralState};
use crate::domain::viewer::Viewer;
use crate::notify::Outbox;

/// The longest reason, note or evidence text.
pub const NOTE_MAX: usize = 1000;

#[derive(Debug, Clone)]
pub struct StepInput {
    pub action: ReferralAction,
    /// The version of the referral the user saw.
    pub seen_version: i32,
    pub reason: String,
    pub outcome: Option<Outcome>,
    pub note: String,
}

/// Who takes the step: the centre's staff, or a receiving organisation's
/// own staff member (by the organisation's id).
#[derive(Debug, Clone, Copy)]
pub enum Acting<'a> {
    Centre,
    Org(&'a str),
}

/// A step taken by the centre (on the organisation's behalf or its own).
pub fn act(
    conn: &mut DbConn,
    referral_id: &str,
    viewer: &Viewer,
    input: &StepInput,
    actor: &AuditActor,
    outbox: &Outbox,
) -> Result<Change<ReferralState>, ResolutionError> {
    act_as(conn, referral_id, viewer, Acting::Centre, input, actor, outbox)
}

/// A step taken by `acting`. Another organisation's referral is not found
/// (its existence is nobody else's business); the centre outside its street
/// is forbidden, as on every case page.
pub fn act_as(
    conn: &mut DbConn,
    referral_id: &str,
    viewer: &Viewer,
    acting: Acting<'_>,
    input: &StepInput,
    actor: &AuditActor,
    outbox: &Outbox,
) -> Result<Change<ReferralState>, ResolutionError> {
    db::change_tx(conn, |conn| {
        let current = referrals::find(conn, referral_id)?.ok_or(ResolutionError::NotFound)?;
        // The case is locked before the referral is written, in the order
        // sending takes them, since acceptance moves the case too.
        let case = cases::find_for_change(conn, &current.case_id)?.ok_or(ResolutionError::NotFound)?;
        let who = match acting {
            Acting::Centre if centre_may_act(viewer, &case) => ReferralActor::Centre,
            Acting::Centre => return Err(ResolutionError::Forbidden),
            Acting::Org(org) if org == current.org_id => ReferralActor::ReceivingOrg,
            Acting::Org(_) => return Err(ResolutionError::NotFound),
        };
        if current.version != input.seen_version {
            return Ok(Change::Conflict);
        }
        let now = db::now_ts();
        let facts = ReferralFacts {
            reason: input.reason.clone(),
            outcome: input.outcome,
            note: input.note.clone(),
            overdue: deadline::is_overdue(current.state, current.accept_by, current.report_by, now),
        };
        let to = match referral::check(current.state, input.action, who, &facts) {
            Ok(to) => to,
            Err(ReferralError::Forbidden) => return Err(ResolutionError::Forbidden),
            Err(e) => return Ok(Change::Refused(e.message_key())),
        };
        if [&input.reason, &input.note]
            .iter()
            .any(|t| t.chars().count() > NOTE_MAX)
        {
            return Ok(Change::Refused("referral.error.too_long"));
        }
        let change = change_for(conn, &current, input, to, now)?;
        // The version in the WHERE clause decides a race: the loser matches
        // no row and its transaction is rolled back.
        if !referrals::update_versioned(conn, referral_id, input.seen_version, &change, now)? {
            return Ok(Change::Conflict);
        }
        let note = event_note(input);
        let mut event = ReferralEvent::new(referral_id, input.action.event(), to, now, &note);
        event.from_state = Some(current.state);
        event.actor_id = Some(viewer.id.clone());
        event.actor_label = actor.label.clone();
        referral_events::append(conn, &event)?;
        let org = resolution_orgs::find(conn, &current.org_id)?;
        if let Some(org) = &org {
            super::counts::stepped(conn, &case, org.channel, &current, to, input.outcome, now)?;
        }
        let org = org.map(|o| o.name).unwrap_or_default();
        let hand_off = Move {
            action: input.action,
            org_name: &org,
            viewer,
            actor_label: &actor.label,
            now,
        };
        if !case_move::apply(conn, &case, &hand_off, outbox)? {
            return Ok(Change::Conflict);
        }
        let line = format!("{} [{}] {note}", org, input.action.event().code());
        case_timeline(conn, &case.id, viewer, &actor.label, now, line.trim_end())?;
        let action = format!("referral.{}", input.action.event().code());
        audit::record(
            conn,
            actor,
            &action,
            Some(("referral", referral_id)),
            &format!("{} -> {}", current.state.code(), to.code()),
        )?;
        Ok(Change::Done(to))
    })
}

/// The columns the step writes.
fn change_for(
    conn: &mut DbConn,
    current: &Referral,
    input: &StepInput,
    to: ReferralState,
    now: i64,
) -> diesel::QueryResult<ReferralChange> {
    let mut change = ReferralChange {
        state: Some(to),
        ..Default::default()
    };
    match input.action {
        ReferralAction::Accept => {
            // The report period starts at acceptance, on the calendar of now.
            let calendar = holidays::calendar(conn)?;
            let days = u32::try_from(current.report_days).unwrap_or(deadline::REPORT_DAYS);
            let last = deadline::report_last_day(dates::china_day(now), days, &calendar);
            change.accepted_at = Some(now);
            change.report_by = Some(end_instant(last));
        }
        ReferralAction::Return => change.returned_reason = Some(input.reason.trim().to_owned()),
        ReferralAction::ReportOutcome => {
            change.outcome = input.outcome;
            change.outcome_at = Some(now);
        }
        ReferralAction::Close => change.closed_at = Some(now),
        ReferralAction::Escalate => {
            change.escalations = Some(current.escalations + 1);
            change.last_escalated_at = Some(now);
        }
    }
    Ok(change)
}

/// What the timeline keeps of the request: the reason, the outcome code and
/// the evidence or note, as given.
fn event_note(input: &StepInput) -> String {
    let parts = [
        input.reason.trim(),
        input.outcome.map(|o| o.code()).unwrap_or(""),
        input.note.trim(),
    ];
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}
