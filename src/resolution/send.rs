//! Sending a case in triage to an organisation (转办/交办): the referral
//! row with its acceptance deadline, its first timeline line, a line on the
//! case's timeline and the audit row, in one transaction.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::{Change, ResolutionError, case_timeline, centre_may_act};
use crate::dates;
use crate::db::audit::{self, AuditActor};
use crate::db::referral_events::{self, ReferralEvent};
use crate::db::referrals::{self, Referral};
use crate::db::{self, DbConn, cases, holidays, resolution_orgs};
use crate::domain::legal_period::end_instant;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::resolution::deadline::{self, ACCEPT_WORKING_DAYS, REPORT_DAYS, REPORT_DAYS_MAX};
use crate::domain::resolution::{ReferralEventKind, ReferralState};
use crate::domain::viewer::Viewer;

/// The longest reason staff may give (a paragraph).
pub const REASON_MAX: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct SendInput {
    pub org_id: String,
    pub reason: String,
    pub amount: Option<i64>,
    /// Days from acceptance to report; `None` for the default.
    pub report_days: Option<u32>,
}

/// Refers `case_id` to the chosen organisation. The case must be in triage
/// (REGISTERED) with no referral still open; the case row is locked first,
/// so two staff referring at once are answered one after the other.
pub fn send(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
    input: &SendInput,
    actor: &AuditActor,
) -> Result<Change<String>, ResolutionError> {
    db::change_tx(conn, |conn| {
        let case = cases::find_for_change(conn, case_id)?.ok_or(ResolutionError::NotFound)?;
        if !centre_may_act(viewer, &case) {
            return Err(ResolutionError::Forbidden);
        }
        if case.state() != CaseState::Registered {
            return Ok(Change::Refused("referral.error.not_in_triage"));
        }
        if referrals::current_for_case(conn, case_id)?.is_some() {
            return Ok(Change::Refused("referral.error.already_referred"));
        }
        let Some(org) = resolution_orgs::find(conn, &input.org_id)?.filter(|o| o.active) else {
            return Ok(Change::Refused("referral.error.choose_org"));
        };
        let reason = input.reason.trim();
        if reason.is_empty() || reason.chars().count() > REASON_MAX {
            return Ok(Change::Refused("referral.error.reason_required"));
        }
        let report_days = input.report_days.unwrap_or(REPORT_DAYS);
        if report_days == 0 || report_days > REPORT_DAYS_MAX {
            return Ok(Change::Refused("referral.error.report_days"));
        }
        let now = db::now_ts();
        let calendar = holidays::calendar(conn)?;
        let last = deadline::accept_last_day(dates::china_day(now), ACCEPT_WORKING_DAYS, &calendar);
        let row = Referral {
            id: db::new_id(),
            case_id: case_id.to_owned(),
            org_id: org.id.clone(),
            state: ReferralState::Sent,
            version: 1,
            reason: reason.to_owned(),
            amount: input.amount,
            sent_by: Some(viewer.id.clone()),
            sent_at: now,
            accept_by: end_instant(last),
            report_days: report_days as i32,
            accepted_at: None,
            report_by: None,
            returned_reason: String::new(),
            outcome: None,
            outcome_at: None,
            closed_at: None,
            escalations: 0,
            last_escalated_at: None,
            updated_at: now,
        };
        match referrals::insert(conn, &row) {
            Ok(()) => {}
            // Another open referral slipped in (the partial unique index).
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => return Ok(Change::Conflict),
            Err(e) => return Err(e.into()),
        }
        super::counts::sent(conn, &case, org.channel, &row)?;
        let mut event = ReferralEvent::new(&row.id, ReferralEventKind::Sent, ReferralState::Sent, now, reason);
        event.actor_id = Some(viewer.id.clone());
        event.actor_label = actor.label.clone();
        referral_events::append(conn, &event)?;
        case_timeline(
            conn,
            case_id,
            viewer,
            &actor.label,
            now,
            &format!("→ {}: {reason}", org.name),
        )?;
        audit::record(conn, actor, "referral.send", Some(("case", case_id)), &org.name)?;
        Ok(Change::Done(row.id))
    })
}
