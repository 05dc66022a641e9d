//! Firing a workflow transition: gather the guard facts from the case's
//! records, let `domain::mediation_workflow` decide, then write the new
//! state, the timeline event and the audit row in one transaction.

use super::access::{Viewer, access};
use super::guard_reads::{FileReads, facts_from, signatures_of};
use super::mentorship::{self, Team, team_for};
use super::{ChangeOutcome, MediationError};
use crate::dates;
use crate::db::audit::{self, AuditActor};
use crate::db::case_events::{self, CaseEvent};
use crate::db::cases::{self, Case, CaseChanges};
use crate::db::{self, DbConn, agreements, case_ending_notices, case_parties, case_records, committees, judicial};
use crate::domain::agreement as rules;
use crate::domain::agreement::AgreementKind;
use crate::domain::case_review as mentorship_rules;
use crate::domain::date_bounds;
use crate::domain::ending_notice::Notice;
use crate::domain::legal_period;
use crate::domain::mediation::CaseEventKind;
use crate::domain::mediation::case_number;
use crate::domain::mediation_workflow::{self as workflow, CaseState, GuardFacts, Transition};
use crate::domain::transition_form::{StepForm, is_return, step_form};

/// What the transition form sends besides the target state.
#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    pub to: Option<CaseState>,
    pub seen_version: i32,
    pub seen_event: String,
    pub note: String,
    pub reason_code: Option<String>,
    pub notification_method: Option<String>,
    pub destination: Option<String>,
    pub lead_mediator_id: Option<String>,
    pub mentor_id: Option<String>,
    /// Co-mediators set at ASSIGNED (0..n).
    pub co_mediator_ids: Vec<String>,
    pub performed: bool,
    pub agreement_disputed: bool,
    pub both_parties_consent: bool,
    pub return_reason: Option<String>,
    /// Archive items staff confirm by hand (identity proof, back cover…).
    pub archive_items: Vec<String>,
    pub volume_number: Option<String>,
    pub retention_period: Option<String>,
    /// Ending without agreement: the parties told of their other remedies.
    pub ending_notice: Option<Notice>,
}

/// Loads and locks the case and checks the version the user saw. Shared by
/// every change; must run inside the change's transaction.
pub fn load_for_change(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
    seen_version: i32,
    seen_event: &str,
) -> Result<Result<(Case, workflow::ActorContext), Vec<CaseEvent>>, MediationError> {
    let case = cases::find_for_change(conn, case_id)?.ok_or(MediationError::NotFound)?;
    let access = access(conn, viewer, &case)?;
    if !access.can_view {
        return Err(MediationError::Forbidden);
    }
    if case.version != seen_version {
        return Ok(Err(case_events::since(conn, case_id, seen_event)?));
    }
    Ok(Ok((case, access.actor)))
}

pub fn fire(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
    input: &TransitionInput,
    actor: &AuditActor,
    outbox: &crate::notify::Outbox,
) -> Result<ChangeOutcome<CaseState>, MediationError> {
    db::change_tx(conn, |conn| {
        let (case, mut actor_ctx) = match load_for_change(conn, case_id, viewer, input.seen_version, &input.seen_event)?
        {
            Ok(loaded) => loaded,
            Err(events) => return Ok(ChangeOutcome::Conflict(events)),
        };
        // The figures the case counts in before the change (issue 13).
        let counted = crate::statistics::index::facts_of(conn, case_id)?;
        let Some(to) = input.to else {
            return Ok(ChangeOutcome::Refused("case.error.no_target"));
        };
        let from = case.state();
        // A case in another organisation's hands is not this committee's to
        // accept or refuse until that referral is returned (issue 16).
        if from == CaseState::Registered && db::referrals::current_for_case(conn, case_id)?.is_some() {
            return Ok(ChangeOutcome::Refused("referral.error.case_referred"));
        }
        let now = db::now_ts();
        let team = match team_for(conn, &case, to, input)? {
            Ok(team) => team,
            Err(key) => return Ok(ChangeOutcome::Refused(key)),
        };
        // At assignment the team being set decides whether the lead is a trainee.
        actor_ctx.lead_is_trainee = team.lead_is_trainee;
        let facts = guard_facts(conn, &case, input, &team, viewer, now)?;
        match workflow::check(from, &Transition { to, facts }, &actor_ctx) {
            Err(e @ workflow::TransitionError::Forbidden) => return Ok(ChangeOutcome::NotPermitted(e.message_key())),
            Err(e) => return Ok(ChangeOutcome::Refused(e.message_key())),
            Ok(()) => {}
        }
        let notice = ending_notice(&case, to, input);
        let registered = dates::china_day(case.created_at);
        let bounds = notice.map(|n| date_bounds::record_day(n.told_on, registered, dates::china_day(now)));
        if let Some(Err(e)) = bounds {
            return Ok(ChangeOutcome::Refused(e.message_key()));
        }
        let changes = changes_for(conn, &case, to, input, &team, viewer, now)?;
        if !cases::update_versioned(conn, case_id, input.seen_version, &changes, now)? {
            return Ok(ChangeOutcome::Conflict(case_events::since(
                conn,
                case_id,
                &input.seen_event,
            )?));
        }
        if to == CaseState::Assigned {
            mentorship::store_co_mediators(conn, case_id, &team.co_mediators)?;
        }
        // The team (set at ASSIGNED) and whether the case is still in hand
        // feed the mediators' queues.
        super::queue_index::sync_case(conn, case_id)?;
        after_transition(conn, &case, to, now)?;
        // A return's reason is the reviewer's comment: kept on the
        // timeline and in the lead's training record, never dropped.
        let reason = is_return(from, to).then_some(input.return_reason.as_deref()).flatten();
        let comment = mentorship_rules::review_comment(reason, &input.note);
        let mut event = CaseEvent::new(
            case_id,
            CaseEventKind::Transition,
            Some(&viewer.id),
            &actor.label,
            now,
            &comment,
        );
        event.from_state = Some(from);
        event.to_state = Some(to);
        event.seconds_in_previous = Some(now - case.state_entered_at);
        case_events::append(conn, &event)?;
        let step = mentorship::StepRecord {
            case: &case,
            from,
            to,
            event_id: &event.id,
            reviewer_id: &viewer.id,
            comment: &comment,
            lead_is_trainee: actor_ctx.lead_is_trainee,
            now,
        };
        mentorship::record_step(conn, &step)?;
        if let Some(notice) = notice {
            let row = case_ending_notices::EndingNotice::new(&event.id, case_id, to, notice, now);
            case_ending_notices::insert(conn, &row)?;
        }
        audit::record(
            conn,
            actor,
            "case.transition",
            Some(("case", case_id)),
            &format!("{} -> {}", from.code(), to.code()),
        )?;
        // The applicant hears of the public steps, in this same transaction.
        if let Some(template) = crate::domain::notification::case_template(to) {
            crate::notify::recipients::case_step(conn, outbox, case_id, template, now)?;
        }
        // Last, once the event the figures read (closure, performance at once) is on file.
        crate::statistics::index::record_change(conn, case_id, counted.as_ref())?;
        Ok(ChangeOutcome::Done(to))
    })
}

/// The notice of other remedies this step records: only an ending without
/// agreement asks for one (a return from the closure review was told already).
fn ending_notice<'i>(case: &Case, to: CaseState, input: &'i TransitionInput) -> Option<&'i Notice> {
    (step_form(case.state(), to) == StepForm::Ending)
        .then_some(input.ending_notice.as_ref())
        .flatten()
}

pub(super) fn guard_facts(
    conn: &mut DbConn,
    case: &Case,
    input: &TransitionInput,
    team: &Team,
    viewer: &Viewer,
    now: i64,
) -> Result<GuardFacts, MediationError> {
    let reads = FileReads::load(conn, case)?;
    let mut facts = facts_from(case, &reads, input, team, viewer, now);
    facts.archive_items = archive_items_on_file(conn, case, input, &reads.parties)?;
    Ok(facts)
}

/// Archive items staff confirm by hand at the closure: nothing in the
/// system records the papers themselves.
pub const HAND_FILED_ITEMS: [&str; 4] = ["identity_proof", "evidence", "note", "back_cover"];

/// Items the system can see for itself, plus those staff confirm.
pub fn archive_items_on_file(
    conn: &mut DbConn,
    case: &Case,
    input: &TransitionInput,
    parties: &[case_parties::Party],
) -> Result<Vec<String>, MediationError> {
    let mut items: Vec<String> = vec!["application_form".into()];
    if !parties.is_empty() && parties.iter().all(|p| p.rights_notice_served) {
        items.push("rights_notice".into());
    }
    if case_records::exists_since(conn, &case.id, "session", 0)? {
        items.push("session_record".into());
    }
    if agreements::latest(conn, &case.id)?.is_some() {
        items.push("agreement".into());
    }
    // The withdrawal or termination record is the ending's event with its
    // notice of other remedies; it stands in for a session never held.
    for notice in case_ending_notices::for_case(conn, &case.id)? {
        let record = match notice.ending {
            CaseState::Withdrawn => "withdrawal_record",
            CaseState::Terminated => "termination_record",
            _ => continue,
        };
        items.push(record.into());
    }
    // As-needed items: listed on the cover, never required. A party acting
    // through an entrusted agent files the power of attorney (授权委托书).
    if parties
        .iter()
        .any(|p| p.agent_kind == "entrusted" && !p.agent.is_empty())
    {
        items.push("power_of_attorney".into());
    }
    if case_records::exists_since(conn, &case.id, "investigation", 0)? {
        items.push("investigation_record".into());
    }
    if !db::case_proofs::for_case(conn, &case.id)?.is_empty() {
        items.push("performance_proof".into());
    }
    if db::case_follow_ups::exists_since(conn, &case.id, 0)?
        || case_records::exists_since(conn, &case.id, "follow_up", 0)?
    {
        items.push("follow_up_record".into());
    }
    if !judicial::for_case(conn, &case.id)?.is_empty() {
        items.push("judicial_papers".into());
    }
    for manual in HAND_FILED_ITEMS {
        if input.archive_items.iter().any(|i| i == manual) {
            items.push(manual.into());
        }
    }
    Ok(items)
}

fn changes_for(
    conn: &mut DbConn,
    case: &Case,
    to: CaseState,
    input: &TransitionInput,
    team: &Team,
    viewer: &Viewer,
    now: i64,
) -> Result<CaseChanges, MediationError> {
    let mut changes = CaseChanges {
        state: Some(to),
        state_entered_at: Some(now),
        ..Default::default()
    };
    match to {
        CaseState::Accepted => {
            let committee = committees::find(conn, &case.committee_id)?.ok_or(MediationError::NotFound)?;
            let year = dates::china_year(now);
            let seq = committees::next_case_seq(conn, &committee.id, year)?;
            changes.case_year = Some(Some(year));
            changes.case_seq = Some(Some(seq));
            changes.case_number = Some(Some(case_number(year, &committee.short_name, i64::from(seq))));
            changes.accepted_at = Some(Some(now));
            // One month from the acceptance day, as the Civil Code counts
            // it (Arts. 201–203), with the admins' holiday calendar.
            let calendar = db::holidays::calendar(conn)?;
            let last = legal_period::mediation_last_day(dates::china_day(now), &calendar);
            changes.deadline_at = Some(Some(legal_period::end_instant(last)));
        }
        CaseState::NotAccepted => {
            let reason = input.reason_code.clone().unwrap_or_default();
            let method = input.notification_method.clone().unwrap_or_default();
            changes.outcome_note = Some(format!("{reason}|{method}"));
        }
        CaseState::Referred => changes.outcome_note = input.destination.clone(),
        CaseState::Assigned => {
            changes.lead_mediator_id = Some(team.lead.clone());
            changes.mentor_id = Some(team.mentor.clone());
        }
        CaseState::ClosureReview => changes.previous_state = Some(Some(case.state())),
        CaseState::Archived => {
            changes.archive_volume = input.volume_number.clone();
            changes.archive_retention = input.retention_period.clone();
            changes.archived_by = Some(Some(viewer.id.clone()));
        }
        _ => {}
    }
    Ok(changes)
}

/// Taking effect fixes the agreement's effective day: the agreed day of an
/// oral agreement, the last signature of a written one (computed from the
/// records, never typed). The two flags mirror the records for old readers.
fn after_transition(conn: &mut DbConn, case: &Case, to: CaseState, now: i64) -> Result<(), MediationError> {
    if to != CaseState::AgreementEffective {
        return Ok(());
    }
    let Some(agreement) = agreements::latest(conn, &case.id)? else {
        return Ok(());
    };
    if agreement.kind == AgreementKind::Oral {
        let day = Some(agreement.agreed_on.clone()).filter(|d| !d.is_empty());
        let day = day.unwrap_or_else(|| dates::date(now));
        agreements::mark_signed(conn, &agreement.id, true, false, &day)?;
        return Ok(());
    }
    let parties = case_parties::for_case(conn, &case.id)?;
    let party_ids: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
    let signatures = signatures_of(conn, &agreement.id)?;
    // The guard already required complete signatures, so the day exists.
    let day = rules::written_effective_day(&party_ids, &signatures)
        .map_or_else(|| dates::date(now), |d| dates::date(d * 86_400));
    agreements::mark_signed(conn, &agreement.id, true, true, &day)?;
    Ok(())
}
