//! The case side of 老马带小马 (DESIGN.md §6): the co-mediators set at
//! ASSIGNED, the reviewer's decision kept with its comment, the mentor's
//! after-the-fact review of a 小马's oral agreement, and the debriefs.
//! Every write here runs inside the transaction of the change it belongs to.

use diesel::prelude::*;

use super::actions::{ChangeContext, apply};
use super::transitions::TransitionInput;
use super::{ChangeOutcome, MediationError};
use crate::db::audit::{self, AuditActor};
use crate::db::cases::Case;
use crate::db::mentorship_records::{self as records, Debrief, OralReview, ReviewComment};
use crate::db::schema::case_co_mediators;
use crate::db::users::User;
use crate::db::{self, DbConn, agreements, case_records, method_tags, users};
use crate::domain::agreement::AgreementKind;
use crate::domain::case_review::{self as rules, DebriefInput};
use crate::domain::mediation::{CaseEventKind, RecordKind};
use crate::domain::mediation_workflow::CaseState;
use crate::domain::role::{MediatorLevel, Role};
use crate::domain::viewer::Viewer;

/// The co-mediators asked for at ASSIGNED, checked: each an active
/// mediator, none the lead or the mentor (they are on the team already),
/// each once. The catalogue key of the refusal otherwise.
pub fn check_co_mediators(
    conn: &mut DbConn,
    ids: &[String],
    lead: Option<&str>,
    mentor: Option<&str>,
) -> Result<Result<Vec<String>, &'static str>, MediationError> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if out.contains(id) {
            continue;
        }
        if Some(id.as_str()) == lead || Some(id.as_str()) == mentor {
            return Ok(Err("case.error.bad_co_mediator"));
        }
        match users::find(conn, id)? {
            Some(u) if u.role() == Role::Mediator && !u.disabled => out.push(id.clone()),
            _ => return Ok(Err("case.error.bad_co_mediator")),
        }
    }
    Ok(Ok(out))
}

/// Replaces the case's co-mediators (before `queue_index::sync_case`, so
/// their team rows and queues follow in the same transaction).
pub fn store_co_mediators(conn: &mut DbConn, case_id: &str, ids: &[String]) -> Result<(), MediationError> {
    diesel::delete(case_co_mediators::table.filter(case_co_mediators::case_id.eq(case_id))).execute(conn)?;
    for id in ids {
        diesel::insert_into(case_co_mediators::table)
            .values((
                case_co_mediators::case_id.eq(case_id),
                case_co_mediators::user_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The lead and mentor after this transition (only ASSIGNED sets them).
pub struct Team {
    pub lead: Option<String>,
    pub mentor: Option<String>,
    /// Checked co-mediators (only ASSIGNED sets them; empty otherwise).
    pub co_mediators: Vec<String>,
    pub lead_is_trainee: bool,
}

pub fn team_for(
    conn: &mut DbConn,
    case: &Case,
    to: CaseState,
    input: &TransitionInput,
) -> Result<Result<Team, &'static str>, MediationError> {
    let (lead, mut mentor) = if to == CaseState::Assigned {
        (input.lead_mediator_id.clone(), input.mentor_id.clone())
    } else {
        (case.lead_mediator_id.clone(), case.mentor_id.clone())
    };
    let lead_user = match &lead {
        Some(id) => match lead_standing(users::find(conn, id)?.as_ref()) {
            Ok(u) => Some(u.clone()),
            Err(key) => return Ok(Err(key)),
        },
        None => None,
    };
    // A 小马 in a pairing is mentored on their cases by their own 老马
    // (DESIGN.md §6): left empty, the mentor is that 老马; another 老马 is
    // refused, so the pairing's cap also bounds whose cases a 老马 guides.
    if to == CaseState::Assigned
        && let Some(trainee) = lead_user.as_ref().filter(|u| u.level() == Some(MediatorLevel::Trainee))
        && let Some(pairing) = crate::db::mentorship::active_of_mentee(conn, &trainee.id)?
    {
        match &mentor {
            None => mentor = Some(pairing.mentor_id),
            Some(chosen) if *chosen != pairing.mentor_id => return Ok(Err("case.error.not_paired_mentor")),
            Some(_) => {}
        }
    }
    if let Some(id) = &mentor
        && let Err(key) = mentor_standing(id, users::find(conn, id)?.as_ref(), lead.as_deref())
    {
        return Ok(Err(key));
    }
    let lead_is_trainee = lead_user.and_then(|u| u.level()) == Some(MediatorLevel::Trainee);
    let co_mediators = if to == CaseState::Assigned {
        match check_co_mediators(conn, &input.co_mediator_ids, lead.as_deref(), mentor.as_deref())? {
            Ok(ids) => ids,
            Err(key) => return Ok(Err(key)),
        }
    } else {
        Vec::new()
    };
    Ok(Ok(Team {
        lead,
        mentor,
        co_mediators,
        lead_is_trainee,
    }))
}

/// A case's lead must be an active mediator.
pub fn lead_standing(user: Option<&User>) -> Result<&User, &'static str> {
    user.filter(|u| u.role() == Role::Mediator && !u.disabled)
        .ok_or("case.error.bad_lead")
}

/// A case's mentor must be an active 老马 other than the lead.
pub fn mentor_standing(id: &str, user: Option<&User>, lead: Option<&str>) -> Result<(), &'static str> {
    let is_senior = user.is_some_and(|u| u.level() == Some(MediatorLevel::Senior) && !u.disabled);
    if !is_senior || Some(id) == lead {
        return Err("case.error.bad_mentor");
    }
    Ok(())
}

/// The team of a case past ASSIGNED, from its lead's and mentor's
/// accounts read beforehand (a page checks many cases at once); the same
/// rules as [`team_for`] applies to a step out of such a case.
pub fn standing_team(case: &Case, lead: Option<&User>, mentor: Option<&User>) -> Result<Team, &'static str> {
    let lead_user = match &case.lead_mediator_id {
        Some(_) => Some(lead_standing(lead)?),
        None => None,
    };
    if let Some(id) = &case.mentor_id {
        mentor_standing(id, mentor, case.lead_mediator_id.as_deref())?;
    }
    Ok(Team {
        lead: case.lead_mediator_id.clone(),
        mentor: case.mentor_id.clone(),
        co_mediators: Vec::new(),
        lead_is_trainee: lead_user.and_then(|u| u.level()) == Some(MediatorLevel::Trainee),
    })
}

/// What a step writes for the training record, after its event.
pub struct StepRecord<'a> {
    pub case: &'a Case,
    pub from: CaseState,
    pub to: CaseState,
    pub event_id: &'a str,
    pub reviewer_id: &'a str,
    pub comment: &'a str,
    pub lead_is_trainee: bool,
    pub now: i64,
}

/// Keeps the reviewer's decision (a step out of a review state) with its
/// comment, and queues a 小马's oral agreement for the mentor's review.
pub fn record_step(conn: &mut DbConn, s: &StepRecord<'_>) -> Result<(), MediationError> {
    if let Some((stage, decision)) = rules::review_of(s.from, s.to) {
        records::insert_review(
            conn,
            &ReviewComment {
                id: db::new_id(),
                case_id: s.case.id.clone(),
                event_id: s.event_id.to_owned(),
                reviewer_id: s.reviewer_id.to_owned(),
                lead_id: s.case.lead_mediator_id.clone(),
                stage,
                decision,
                comment: s.comment.to_owned(),
                created_at: s.now,
            },
        )?;
    }
    let (Some(mentor), Some(lead)) = (&s.case.mentor_id, &s.case.lead_mediator_id) else {
        return Ok(());
    };
    if !rules::needs_oral_review(s.from, s.to, s.lead_is_trainee, true) {
        return Ok(());
    }
    let Some(agreement) = agreements::latest(conn, &s.case.id)?.filter(|a| a.kind == AgreementKind::Oral) else {
        return Ok(());
    };
    records::insert_oral_review(
        conn,
        &OralReview {
            agreement_id: agreement.id,
            case_id: s.case.id.clone(),
            mentor_id: mentor.clone(),
            lead_id: lead.clone(),
            entered_at: s.now,
            reviewed_at: None,
        },
    )?;
    Ok(())
}

/// The mentor reviews a 小马's oral agreement after the fact. It changes
/// no state, so it works on a case at any stage (even closed), outside the
/// versioned pipeline: the conditional update of the pending item is what
/// makes a second review lose.
pub fn review_oral(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
    decision: &str,
    comment: &str,
    actor: &AuditActor,
) -> Result<ChangeOutcome<()>, MediationError> {
    let opened = super::case_file_view::open(conn, viewer, case_id)?;
    if !rules::may_review_oral(&opened.access.actor) {
        return Err(MediationError::Forbidden);
    }
    let (decision, comment) = match rules::check_oral_review(decision, comment) {
        Ok(checked) => checked,
        Err(key) => return Ok(ChangeOutcome::Refused(key)),
    };
    db::change_tx(conn, |conn| {
        let Some(pending) = records::pending_oral_for_case(conn, case_id)? else {
            return Ok(ChangeOutcome::Refused("review.error.nothing_pending"));
        };
        let now = db::now_ts();
        if !records::mark_oral_reviewed(conn, &pending.agreement_id, &viewer.id, now)? {
            return Ok(ChangeOutcome::Refused("review.error.nothing_pending"));
        }
        records::insert_review(
            conn,
            &ReviewComment {
                id: db::new_id(),
                case_id: case_id.to_owned(),
                event_id: String::new(),
                reviewer_id: viewer.id.clone(),
                lead_id: Some(pending.lead_id),
                stage: rules::ReviewStage::OralAgreement,
                decision,
                comment,
                created_at: now,
            },
        )?;
        audit::record(
            conn,
            actor,
            "case.oral_review",
            Some(("case", case_id)),
            decision.code(),
        )?;
        Ok(ChangeOutcome::Done(()))
    })
}

/// The lead writes the debrief of one session record of their case.
pub fn write_debrief(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    record_id: &str,
    input: DebriefInput,
    tag_ids: Vec<String>,
) -> Result<ChangeOutcome<()>, MediationError> {
    let record_id = record_id.to_owned();
    let author = ctx.viewer.id.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::Debrief,
        rules::may_write_debrief,
        Box::new(move |conn, case, now| {
            let record = case_records::for_case(conn, &case.id)?
                .into_iter()
                .find(|r| r.id == record_id && r.kind == RecordKind::Session);
            let Some(record) = record else {
                return Ok(Err("debrief.error.no_session"));
            };
            if records::debrief_of_record(conn, &record.id)?.is_some() {
                return Ok(Err("debrief.error.exists"));
            }
            let row = Debrief {
                id: db::new_id(),
                case_id: case.id.clone(),
                record_id: record.id.clone(),
                author_id: author,
                went_well: input.went_well,
                missing: input.missing,
                next_steps: input.next_steps,
                created_at: now,
                mentor_comment: String::new(),
                commented_by: None,
                commented_at: None,
            };
            records::insert_debrief(conn, &row)?;
            let tags = method_tags::offered_among(conn, &tag_ids)?;
            method_tags::set_for_debrief(conn, &row.id, &tags)?;
            Ok(Ok((Default::default(), format!("debrief {}", record.held_on))))
        }),
    )
}

/// The working methods of a case, from those still offered; the team
/// (lead and co-mediators) tags its own case.
pub fn tag_case(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    tag_ids: Vec<String>,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::MethodTags,
        super::actions::may_record,
        Box::new(move |conn, case, _| {
            let tags = method_tags::offered_among(conn, &tag_ids)?;
            method_tags::set_for_case(conn, &case.id, &tags)?;
            Ok(Ok((Default::default(), format!("method tags: {}", tags.join(",")))))
        }),
    )
}

/// The mentor's comment on a debrief, once; like the oral review it
/// teaches and changes nothing in the case, so it needs no version check.
pub fn comment_debrief(
    conn: &mut DbConn,
    case_id: &str,
    debrief_id: &str,
    viewer: &Viewer,
    comment: &str,
    actor: &AuditActor,
) -> Result<ChangeOutcome<()>, MediationError> {
    let opened = super::case_file_view::open(conn, viewer, case_id)?;
    if !rules::may_comment_debrief(&opened.access.actor) {
        return Err(MediationError::Forbidden);
    }
    let comment = comment.trim();
    if comment.is_empty() {
        return Ok(ChangeOutcome::Refused("review.error.comment_required"));
    }
    if comment.chars().count() > rules::MAX_COMMENT {
        return Ok(ChangeOutcome::Refused("review.error.too_long"));
    }
    db::change_tx(conn, |conn| {
        let now = db::now_ts();
        if !records::comment_debrief(conn, case_id, debrief_id, &viewer.id, comment, now)? {
            return Ok(ChangeOutcome::Refused("debrief.error.commented"));
        }
        audit::record(conn, actor, "case.debrief_comment", Some(("case", case_id)), "")?;
        Ok(ChangeOutcome::Done(()))
    })
}
