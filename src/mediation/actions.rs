//! Changes to a case other than state transitions: parties, records,
//! agreements and flags. Each is versioned, on the timeline and audited.

use super::access::Viewer;
use super::transitions::load_for_change;
use super::{ChangeOutcome, MediationError};
use crate::db::agreements::{self, Agreement};
use crate::db::audit::{self, AuditActor};
use crate::db::case_events::{self, CaseEvent};
use crate::db::case_parties::{self, Party};
use crate::db::case_records::{self, CaseRecord};
use crate::db::cases::{self, Case, CaseChanges};
use crate::db::{self, DbConn};
use crate::domain::agreement::AgreementKind;
use crate::domain::case_file;
use crate::domain::date_bounds;
use crate::domain::legal_period::{Period, end_instant, last_day, last_day_of};
use crate::domain::mediation::{CaseEventKind, Consent, Escalation, RiskLevel};
use crate::domain::mediation_workflow::{ActorContext, CaseState};

const DAY: i64 = 86_400;

/// The case, as the user saw it, and who is acting.
pub struct ChangeContext<'a> {
    pub case_id: &'a str,
    pub viewer: &'a Viewer,
    pub seen_version: i32,
    pub seen_event: &'a str,
    pub actor: &'a AuditActor,
}

pub(crate) use crate::domain::case_file::{may_edit, may_record};

/// A record's date (`YYYY-MM-DD`) checked against the case: between its
/// registration day and today (`domain::date_bounds`). The catalogue key
/// of the refusal, if any.
pub(crate) fn record_date(text: &str, case: &Case, now: i64) -> Result<i64, &'static str> {
    use crate::dates::{china_day, parse_day};
    let day = parse_day(text).ok_or("form.error.date")?;
    date_bounds::record_day(day, china_day(case.created_at), china_day(now)).map_err(|e| e.message_key())?;
    Ok(day)
}

pub(crate) type Edit<'e> =
    dyn FnOnce(&mut DbConn, &Case, i64) -> Result<Result<(CaseChanges, String), &'static str>, MediationError> + 'e;

/// Runs one edit: version check, permission, the edit, the version bump, the
/// timeline event and the audit row, all in one transaction, which is
/// rolled back whole unless the edit is done (see `db::change_tx`).
pub(crate) fn apply(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    kind: CaseEventKind,
    allowed: fn(&ActorContext) -> bool,
    edit: Box<Edit<'_>>,
) -> Result<ChangeOutcome<()>, MediationError> {
    db::change_tx(conn, |conn| {
        let (case, actor) = match load_for_change(conn, ctx.case_id, ctx.viewer, ctx.seen_version, ctx.seen_event)? {
            Ok(loaded) => loaded,
            Err(events) => return Ok(ChangeOutcome::Conflict(events)),
        };
        if !allowed(&actor) {
            return Err(MediationError::Forbidden);
        }
        if !case_file::is_editable(case.state()) {
            return Ok(ChangeOutcome::Refused("case.error.closed"));
        }
        let now = db::now_ts();
        // The figures the case counts in before the edit (issue 13).
        let counted = crate::statistics::index::facts_of(conn, ctx.case_id)?;
        let (changes, note) = match edit(conn, &case, now)? {
            Ok(done) => done,
            Err(key) => return Ok(ChangeOutcome::Refused(key)),
        };
        if !cases::update_versioned(conn, ctx.case_id, ctx.seen_version, &changes, now)? {
            return Ok(ChangeOutcome::Conflict(case_events::since(
                conn,
                ctx.case_id,
                ctx.seen_event,
            )?));
        }
        case_events::append(
            conn,
            &CaseEvent::new(ctx.case_id, kind, Some(&ctx.viewer.id), &ctx.actor.label, now, &note),
        )?;
        crate::statistics::index::record_change(conn, ctx.case_id, counted.as_ref())?;
        // A hold or an extension moves what the mediators' queues count.
        super::queue_index::sync_case(conn, ctx.case_id)?;
        audit::record(
            conn,
            ctx.actor,
            &format!("case.{}", kind.code()),
            Some(("case", ctx.case_id)),
            "",
        )?;
        Ok(ChangeOutcome::Done(()))
    })
}

pub fn record_notice_and_consent(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    party_id: &str,
    served: bool,
    consent: &str,
) -> Result<ChangeOutcome<()>, MediationError> {
    let Some(consent) = Consent::parse(consent) else {
        return Ok(ChangeOutcome::Refused("form.error.choose"));
    };
    let party_id = party_id.to_owned();
    apply(
        conn,
        ctx,
        CaseEventKind::PartyConsent,
        may_edit,
        Box::new(move |conn, case, _| {
            if !case_parties::set_notice_and_consent(conn, &case.id, &party_id, served, consent)? {
                return Err(MediationError::NotFound);
            }
            Ok(Ok((
                CaseChanges::default(),
                format!("notice={served} consent={consent}"),
            )))
        }),
    )
}

pub fn add_party(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    party: Party,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::PartyAdded,
        may_edit,
        Box::new(move |conn, case, _| {
            let mut party = party;
            party.case_id = case.id.clone();
            party.sort_order = case_parties::for_case(conn, &case.id)?.len() as i32;
            let note = party.party_role.code().to_owned();
            case_parties::insert(conn, &party)?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

pub fn add_record(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    record: CaseRecord,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        record.kind.event(),
        may_record,
        Box::new(move |conn, case, now| {
            let allowed_now = case_file::record_allowed(record.kind, case.state());
            if !allowed_now {
                return Ok(Err("case.error.record_state"));
            }
            if let Err(key) = record_date(&record.held_on, case, now) {
                return Ok(Err(key));
            }
            let mut record = record;
            record.case_id = case.id.clone();
            record.created_at = now;
            case_records::insert(conn, &record)?;
            Ok(Ok((CaseChanges::default(), record.held_on.clone())))
        }),
    )
}

/// A new agreement version; only while mediating.
pub fn add_agreement(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    agreement: Agreement,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::AgreementDrafted,
        may_record,
        Box::new(move |conn, case, now| {
            if case.state() != CaseState::Mediating {
                return Ok(Err("case.error.record_state"));
            }
            let mut agreement = agreement;
            if let Err(key) = settle_agreed_on(&mut agreement, case, now) {
                return Ok(Err(key));
            }
            agreement.case_id = case.id.clone();
            agreement.version = agreements::next_version(conn, &case.id)?;
            agreement.created_at = now;
            let note = format!("v{} {}", agreement.version, agreement.kind);
            agreements::insert(conn, &agreement)?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

/// An oral agreement takes effect on the day agreed (today when left
/// blank), which lies between the case's acceptance and today
/// (`date_bounds::agreement_effective_day`); a written one on its last
/// signature, so `agreed_on` stays empty for it.
fn settle_agreed_on(agreement: &mut Agreement, case: &Case, now: i64) -> Result<(), &'static str> {
    use crate::dates::{china_day, date, parse_day};
    if agreement.kind != AgreementKind::Oral {
        agreement.agreed_on.clear();
        return Ok(());
    }
    if agreement.agreed_on.trim().is_empty() {
        agreement.agreed_on = date(now);
    }
    let day = parse_day(&agreement.agreed_on).ok_or("form.error.date")?;
    let accepted = case.accepted_at.map(china_day);
    date_bounds::agreement_effective_day(day, accepted, china_day(case.created_at), china_day(now)).map_err(
        |e| match e {
            date_bounds::DateError::InFuture => "agreement.error.date_in_future",
            other => other.message_key(),
        },
    )?;
    agreement.agreed_on = agreement.agreed_on.trim().to_owned();
    Ok(())
}

/// Risk, escalation, prevention counters and the police report.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub risk_level: Option<RiskLevel>,
    pub escalation: Option<Escalation>,
    pub prevent: [i32; 4],
    pub police_report: String,
}

pub fn set_flags(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    flags: Flags,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::Flags,
        may_edit,
        Box::new(move |_, _, _| {
            let changes = CaseChanges {
                risk_level: Some(flags.risk_level),
                escalation: Some(flags.escalation),
                prevent_criminal: Some(flags.prevent[0]),
                prevent_petition: Some(flags.prevent[1]),
                prevent_fight: Some(flags.prevent[2]),
                prevent_suicide: Some(flags.prevent[3]),
                police_report: Some(flags.police_report.clone()),
                ..Default::default()
            };
            let note = format!(
                "risk={} escalation={}",
                flags.risk_level.map_or("-", RiskLevel::code),
                flags.escalation.map_or("-", Escalation::code)
            );
            Ok(Ok((changes, note)))
        }),
    )
}

/// Putting a case on hold pauses its clock; resuming moves the period's
/// last day by the whole days spent on hold, and the Civil Code rest-day
/// rule (Art. 203) is applied again to the new last day.
pub fn set_hold(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    on_hold: bool,
    reason: String,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        if on_hold {
            CaseEventKind::Hold
        } else {
            CaseEventKind::Resume
        },
        may_edit,
        Box::new(move |conn, case, now| {
            if case.on_hold == on_hold {
                return Ok(Err("case.error.hold_unchanged"));
            }
            if on_hold && reason.trim().is_empty() {
                return Ok(Err("case.error.hold_reason"));
            }
            let mut changes = CaseChanges {
                on_hold: Some(on_hold),
                ..Default::default()
            };
            if on_hold {
                changes.hold_reason = Some(reason.trim().to_owned());
                changes.hold_started_at = Some(Some(now));
            } else {
                let held = case.hold_started_at.map_or(0, |start| (now - start + DAY - 1) / DAY) as i32;
                changes.hold_days = Some(case.hold_days + held);
                changes.hold_started_at = Some(None);
                if let Some(end) = case.deadline_at {
                    let calendar = crate::db::holidays::calendar(conn)?;
                    let last = last_day(last_day_of(end), Period::Days(held.max(0) as u32), &calendar);
                    changes.deadline_at = Some(Some(end_instant(last)));
                }
            }
            Ok(Ok((changes, reason.trim().to_owned())))
        }),
    )
}

/// Records an application for judicial confirmation of the agreement in
/// force. It must be made within 30 days of the agreement taking effect.
pub fn record_judicial_confirmation(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    row: crate::db::judicial::JudicialConfirmation,
) -> Result<ChangeOutcome<()>, MediationError> {
    use crate::dates::parse_day;
    use crate::domain::mediation_workflow::judicial_confirmation_allowed;
    apply(
        conn,
        ctx,
        CaseEventKind::JudicialConfirmation,
        may_edit,
        Box::new(move |conn, case, now| {
            let in_force = matches!(
                case.state(),
                CaseState::AgreementEffective | CaseState::Performing | CaseState::FollowUp
            );
            let agreement = agreements::latest(conn, &case.id)?;
            let Some(agreement) = agreement.filter(|a| in_force && !a.effective_on.is_empty()) else {
                return Ok(Err("case.error.record_state"));
            };
            let Some(effective) = parse_day(&agreement.effective_on) else {
                return Ok(Err("form.error.date"));
            };
            let applied = match record_date(&row.applied_on, case, now) {
                Ok(day) => day,
                Err(key) => return Ok(Err(key)),
            };
            if let Err(e) = judicial_confirmation_allowed(effective, applied) {
                return Ok(Err(e.message_key()));
            }
            if let Err(key) = judicial_result(&row, applied, case, now) {
                return Ok(Err(key));
            }
            let mut row = row;
            row.case_id = case.id.clone();
            row.agreement_id = agreement.id.clone();
            row.created_at = now;
            let note = format!("{} {}", row.court, row.result);
            crate::db::judicial::insert(conn, &row)?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

/// The court's result, when dated, follows the application and lies within
/// the case's dates; the application itself is the parties' joint one
/// (人民调解法 Art. 33: "双方当事人……共同向人民法院申请司法确认").
fn judicial_result(
    row: &crate::db::judicial::JudicialConfirmation,
    applied: i64,
    case: &Case,
    now: i64,
) -> Result<(), &'static str> {
    use crate::dates::{china_day, parse_day};
    if !row.joint_application {
        return Err("judicial.error.joint");
    }
    if row.result_on.trim().is_empty() {
        return Ok(());
    }
    let result = parse_day(&row.result_on).ok_or("judicial.error.result_date")?;
    let (registered, today) = (china_day(case.created_at), china_day(now));
    date_bounds::judicial_result_day(result, applied, registered, today).map_err(|e| match e {
        date_bounds::DateError::BeforeApplication => "judicial.error.result_before_application",
        _ => "judicial.error.result_date",
    })
}
