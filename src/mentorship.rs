//! 老马带小马 use cases (DESIGN.md §6): pairing, ending, the plan, the
//! training ledger, criminal-escalation marks and graduation (出师). Each
//! change is one write transaction with its audit row; a rule's refusal
//! writes nothing.
//!
//! The lead wires the case side to [`active_mentor_of`] (the default mentor
//! at ASSIGNED) and [`mentees_of`].

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::audit::{self, AuditActor};
use crate::db::mentorship::{self as store, Graduation, Incident, Pairing, TrainingEntry};
use crate::db::{self, DbConn, DbError, mentorship_counts, new_id, now_ts, users};
use crate::domain::mentorship::{self as rules, Account, Criterion, PairingRefusal};
use crate::domain::role::MediatorLevel;

/// The 老马 who mentors `mentee_id` now, if any.
pub fn active_mentor_of(conn: &mut DbConn, mentee_id: &str) -> Result<Option<String>, DbError> {
    Ok(store::active_of_mentee(conn, mentee_id)?.map(|p| p.mentor_id))
}

/// The mentees `mentor_id` mentors now, oldest pairing first.
pub fn mentees_of(conn: &mut DbConn, mentor_id: &str) -> Result<Vec<String>, DbError> {
    Ok(store::active_of_mentor(conn, mentor_id)?
        .into_iter()
        .map(|p| p.mentee_id)
        .collect())
}

fn account(user: &users::User) -> Account {
    Account {
        role: user.role,
        level: user.mediator_level,
        disabled: user.disabled,
    }
}

/// A new pairing as the admin entered it.
pub struct NewPairing {
    pub mentor_id: String,
    pub mentee_id: String,
    pub program: String,
    pub starts_on: String,
    pub ends_on: String,
    pub items: Vec<String>,
    pub created_by: String,
}

enum PairError {
    Refused(PairingRefusal),
    Db(DieselError),
}

impl From<DieselError> for PairError {
    fn from(e: DieselError) -> Self {
        match e {
            // The partial unique index: another pairing of this mentee won.
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                PairError::Refused(PairingRefusal::MenteeAlreadyPaired)
            }
            e => PairError::Db(e),
        }
    }
}

/// Pairs a mentor with a mentee. The mentor's row is locked first, so the
/// count of their mentees and the insert happen with no other pairing of
/// theirs in between: of many concurrent requests exactly `cap` succeed.
pub fn pair(conn: &mut DbConn, new: NewPairing, actor: &AuditActor) -> Result<Result<String, PairingRefusal>, DbError> {
    let result = db::write_tx(conn, |conn| {
        let mentor = store::lock_user(conn, &new.mentor_id)?;
        let mentee = users::find(conn, &new.mentee_id)?;
        let (Some(mentor), Some(mentee)) = (mentor, mentee) else {
            return Err(PairError::Refused(PairingRefusal::MentorNotSenior));
        };
        let cap = store::settings(conn)?.mentee_cap;
        let has_active = store::active_of_mentee(conn, &mentee.id)?.is_some();
        let count = store::active_count_of_mentor(conn, &mentor.id)?;
        rules::check_pairing(account(&mentor), account(&mentee), has_active, count, cap).map_err(PairError::Refused)?;
        let row = Pairing {
            id: new_id(),
            mentor_id: mentor.id.clone(),
            mentee_id: mentee.id.clone(),
            program: new.program.clone(),
            starts_on: new.starts_on.clone(),
            ends_on: new.ends_on.clone(),
            active: true,
            ended_on: String::new(),
            end_reason: String::new(),
            created_by: new.created_by.clone(),
            created_at: now_ts(),
        };
        store::insert_pairing(conn, &row, &new.items)?;
        // Display names: the log is read by people, not by login.
        let detail = format!("{} → {} {}", mentor.display_name, mentee.display_name, row.program);
        audit::record(conn, actor, "mentoring.pair", Some(("pairing", &row.id)), &detail)?;
        Ok(row.id)
    });
    match result {
        Ok(id) => Ok(Ok(id)),
        Err(PairError::Refused(r)) => Ok(Err(r)),
        Err(PairError::Db(e)) => Err(e.into()),
    }
}

/// Ends an active pairing with a day and a reason; the row stays as
/// history. `false` when it had already ended.
pub fn end(conn: &mut DbConn, pairing_id: &str, day: &str, reason: &str, actor: &AuditActor) -> Result<bool, DbError> {
    db::write_tx(conn, |conn| {
        if !store::end_pairing(conn, pairing_id, day, reason)? {
            return Ok(false);
        }
        let detail = format!("{day} {reason}");
        audit::record(conn, actor, "mentoring.end", Some(("pairing", pairing_id)), &detail)?;
        Ok(true)
    })
}

/// The mentor ticks a plan item off with the day and a comment.
pub fn tick(
    conn: &mut DbConn,
    pairing_id: &str,
    position: i32,
    day: &str,
    comment: &str,
    actor: &AuditActor,
) -> Result<bool, DbError> {
    db::write_tx(conn, |conn| {
        if !store::tick_item(conn, pairing_id, position, day, comment)? {
            return Ok(false);
        }
        let detail = format!("#{position} {day}");
        audit::record(
            conn,
            actor,
            "mentoring.plan_done",
            Some(("pairing", pairing_id)),
            &detail,
        )?;
        Ok(true)
    })
}

/// Adds hours to a mediator's training ledger.
pub fn add_training(conn: &mut DbConn, row: &TrainingEntry, actor: &AuditActor) -> Result<(), DbError> {
    db::write_tx(conn, |conn| {
        store::insert_training(conn, row)?;
        let detail = format!(
            "{} {} {}h {}",
            row.day,
            row.category.code(),
            rules::tenths_text(row.tenths.into()),
            row.topic
        );
        audit::record(
            conn,
            actor,
            "mentoring.training",
            Some(("user", &row.mediator_id)),
            &detail,
        )?;
        Ok(())
    })
}

/// Records that a case escalated to a criminal matter through the
/// mediator's poor handling. It is a finding, not a fact the case data can
/// show (an escalation may be no one's fault), so an admin records it after
/// review, with the case's number and a note; it blocks graduation.
pub fn record_incident(conn: &mut DbConn, row: &Incident, actor: &AuditActor) -> Result<(), DbError> {
    db::write_tx(conn, |conn| {
        store::insert_incident(conn, row)?;
        let detail = format!("{} {}", row.case_ref, row.note);
        audit::record(
            conn,
            actor,
            "mentoring.incident",
            Some(("user", &row.mediator_id)),
            &detail,
        )?;
        Ok(())
    })
}

/// Why a graduation step was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum GraduationRefusal {
    /// The pairing is not active (ended, or a graduation already approved).
    NotActive,
    /// A proposal exists already (propose) or none does (approve).
    WrongStep,
    Unmet(Vec<Criterion>),
}

/// The mentor proposes graduation: refused while any criterion other than
/// the recommendation (which the proposal is) is unmet, listing them.
pub fn propose(
    conn: &mut DbConn,
    pairing: &Pairing,
    actor: &AuditActor,
) -> Result<Result<(), GraduationRefusal>, DbError> {
    db::write_tx(conn, |conn| {
        let Some(current) = store::find_pairing(conn, &pairing.id)?.filter(|p| p.active) else {
            return Ok(Err(GraduationRefusal::NotActive));
        };
        if store::graduation_of(conn, &current.id)?.is_some() {
            return Ok(Err(GraduationRefusal::WrongStep));
        }
        let settings = store::settings(conn)?;
        let record = mentorship_counts::record(conn, &current.mentee_id, true)?;
        let unmet = rules::unmet(&settings.criteria, &record);
        if !unmet.is_empty() {
            return Ok(Err(GraduationRefusal::Unmet(unmet)));
        }
        let row = Graduation {
            pairing_id: current.id.clone(),
            mentee_id: current.mentee_id.clone(),
            proposed_by: current.mentor_id.clone(),
            proposed_at: now_ts(),
            approved_by: None,
            approved_at: None,
        };
        store::insert_graduation(conn, &row)?;
        audit::record(conn, actor, "mentoring.propose", Some(("pairing", &current.id)), "")?;
        Ok(Ok(()))
    })
}

/// An admin approves a proposal: the criteria are checked again (the
/// record may have changed since), the mediator becomes a 老马 and the
/// pairing ends as graduated, all in one transaction.
pub fn approve(
    conn: &mut DbConn,
    pairing_id: &str,
    admin_id: &str,
    day: &str,
    actor: &AuditActor,
) -> Result<Result<(), GraduationRefusal>, DbError> {
    db::change_tx(conn, |conn| {
        let Some(pairing) = store::find_pairing(conn, pairing_id)?.filter(|p| p.active) else {
            return Ok(Err(GraduationRefusal::NotActive));
        };
        if store::graduation_of(conn, pairing_id)?.is_none() {
            return Ok(Err(GraduationRefusal::WrongStep));
        }
        let Some(mentee) = store::lock_user(conn, &pairing.mentee_id)? else {
            return Ok(Err(GraduationRefusal::NotActive));
        };
        let settings = store::settings(conn)?;
        let record = mentorship_counts::record(conn, &mentee.id, true)?;
        let unmet = rules::unmet(&settings.criteria, &record);
        if !unmet.is_empty() {
            return Ok(Err(GraduationRefusal::Unmet(unmet)));
        }
        if !store::approve_graduation(conn, pairing_id, admin_id, now_ts())? {
            return Ok(Err(GraduationRefusal::WrongStep));
        }
        users::set_role(
            conn,
            &mentee.id,
            mentee.role,
            Some(MediatorLevel::Senior),
            mentee.area_id.as_deref(),
            mentee.org_id.as_deref(),
        )?;
        store::end_pairing(conn, pairing_id, day, "graduated")?;
        let detail = mentee.display_name.clone();
        audit::record(conn, actor, "mentoring.graduate", Some(("user", &mentee.id)), &detail)?;
        Ok(Ok(()))
    })
}

/// `change_tx` commits only an approval; a refusal rolls back.
impl db::TxVerdict for Result<(), GraduationRefusal> {
    fn commits(&self) -> bool {
        self.is_ok()
    }
}

/// Who is looking at a mediator's training record.
pub struct Viewer<'a> {
    pub id: &'a str,
    pub role: crate::domain::role::Role,
    pub level: Option<MediatorLevel>,
}

impl Viewer<'_> {
    fn is_admin(&self) -> bool {
        self.role == crate::domain::role::Role::Admin
    }

    fn is_senior(&self) -> bool {
        self.role == crate::domain::role::Role::Mediator && self.level == Some(MediatorLevel::Senior)
    }
}

/// Whether `viewer` is a 老马 of the same studio as `mediator_id`.
fn same_studio_senior(conn: &mut DbConn, viewer: &Viewer<'_>, mediator_id: &str) -> Result<bool, DbError> {
    if !viewer.is_senior() {
        return Ok(false);
    }
    let theirs = store::studio_of(conn, mediator_id)?;
    Ok(theirs.is_some() && theirs == store::studio_of(conn, viewer.id)?)
}

/// A mediator's training record is seen by themselves, admins, anyone who
/// mentors or has mentored them, and the 老马 of their studio; another
/// mentor does not see it (the record holds a trainee's mistakes).
pub fn may_view_record(conn: &mut DbConn, viewer: &Viewer<'_>, mediator_id: &str) -> Result<bool, DbError> {
    if viewer.is_admin() || viewer.id == mediator_id {
        return Ok(true);
    }
    if viewer.is_senior() && store::ever_mentored(conn, viewer.id, mediator_id)? {
        return Ok(true);
    }
    same_studio_senior(conn, viewer, mediator_id)
}

/// Training hours are entered by admins, the 老马 of the mediator's studio
/// and the mediator's active mentor, never by the mediator themselves.
pub fn may_enter_training(conn: &mut DbConn, viewer: &Viewer<'_>, mediator_id: &str) -> Result<bool, DbError> {
    if viewer.is_admin() {
        return Ok(true);
    }
    if viewer.id == mediator_id || !viewer.is_senior() {
        return Ok(false);
    }
    if active_mentor_of(conn, mediator_id)?.as_deref() == Some(viewer.id) {
        return Ok(true);
    }
    same_studio_senior(conn, viewer, mediator_id)
}
