//! The demand-intention form (需求意向表, DESIGN.md §4.2 / §4.4). With a
//! valid household code the answers are appended to the ballot log as that
//! household's vote; without one they are kept as an opinion only.

use diesel::result::DatabaseErrorKind;
use diesel::result::Error::DatabaseError;

use super::RenovationError;
use crate::db::opinions::{self, Contact, NewOpinion};
use crate::db::projects::Project;
use crate::db::{DbConn, ballots, form_tokens, household_codes, opinion_evidence, places, write_tx};
use crate::domain::consensus::Choice;
use crate::domain::household_code;
use crate::domain::renovation::Channel;

/// A checked form: per project item (id, answer as a consensus choice code, priority).
pub struct Submission<'a> {
    pub project: &'a Project,
    pub building: &'a str,
    pub entrance: &'a str,
    pub unit: &'a str,
    /// The household code as typed; empty when none was given. With a code
    /// the typed building, entrance and unit are not used: the code alone
    /// identifies the household (DESIGN.md §4.4).
    pub code: &'a str,
    /// The unit the resident confirmed as theirs after the code was looked
    /// up; a vote is stored only when it is still the code's unit.
    pub confirmed_unit: Option<&'a str>,
    /// The server secret that keys stored household-code hashes.
    pub secret: &'a [u8],
    pub answers: Vec<(String, Choice, i32)>,
    pub free_text: &'a str,
    pub form_token: &'a str,
    /// Checked already: details only with consent.
    pub contact: Contact<'a>,
    /// Set when staff enter an offline opinion on the household's behalf.
    pub staff: Option<StaffEntry<'a>>,
    /// The logged-in resident who answered online, if any.
    pub resident: Option<&'a str>,
}

/// An offline opinion entered by staff: its channel and evidence (a scanned
/// form, the meeting's sign-in sheet). Staff vouch for the household, so it
/// counts without a code; the audit log records who entered it.
pub struct StaffEntry<'a> {
    pub channel: Channel,
    pub meeting_id: Option<&'a str>,
    pub evidence: &'a str,
    /// The scanned form or sign-in sheet, already written to disk.
    pub file: Option<&'a crate::uploads::StoredFile>,
    pub actor: &'a crate::db::audit::AuditActor,
}

/// The household a code belongs to, for the resident to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    pub unit_id: String,
    /// "塔坪小区 3栋 1单元 101".
    pub address: String,
    /// Whether the household belongs to the project's deciding population.
    pub in_population: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored; `counted` says whether it is a vote; `household` is the
    /// unit's address as stored.
    Stored { counted: bool, household: String },
    /// A valid code of a household outside the project's deciding
    /// population: stored as an opinion only, and the resident is told so.
    OutsidePopulation { household: String },
    /// The code is valid but the resident has not confirmed its household
    /// yet (or confirmed another one): nothing was stored.
    Confirm(Household),
    /// The form token was used before: nothing new was stored.
    Duplicate,
    /// Field errors `(field, key)`; nothing was stored.
    Refused(Vec<(&'static str, &'static str)>),
    /// A code was given and is wrong, revoked or for another unit.
    BadCode,
}

enum TxError {
    Db(diesel::result::Error),
    Stop(Outcome),
}

impl From<diesel::result::Error> for TxError {
    fn from(e: diesel::result::Error) -> Self {
        TxError::Db(e)
    }
}

/// The unit whose live code `code` is, if any.
fn code_unit(conn: &mut DbConn, secret: &[u8], code: &str) -> diesel::QueryResult<Option<String>> {
    let Some(canonical) = household_code::normalise(code) else {
        return Ok(None);
    };
    let found = household_codes::find_live(conn, secret, &canonical)?;
    Ok(found.filter(|c| c.revoked_at.is_none()).map(|c| c.unit_id))
}

fn household_of_unit(conn: &mut DbConn, unit_id: String, project: &Project) -> diesel::QueryResult<Household> {
    Ok(Household {
        address: super::places::household_address(conn, &unit_id)?,
        in_population: in_population(conn, &unit_id, &project.population_id)?,
        unit_id,
    })
}

/// The unit the submission speaks for: the code's unit (confirmed by the
/// resident) or, without a code, the unit typed as building / entrance /
/// unit.
fn submission_unit(conn: &mut DbConn, s: &Submission<'_>, coded: bool) -> Result<String, TxError> {
    if !coded {
        let unit = super::places::find_unit(conn, &s.project.compound_id, s.building, s.entrance, s.unit)?;
        return unit.ok_or(TxError::Stop(Outcome::Refused(vec![("unit", "respond.err_unit")])));
    }
    let Some(unit) = code_unit(conn, s.secret, s.code)? else {
        return Err(TxError::Stop(Outcome::BadCode));
    };
    if s.confirmed_unit != Some(unit.as_str()) {
        return Err(TxError::Stop(Outcome::Confirm(household_of_unit(
            conn, unit, s.project,
        )?)));
    }
    Ok(unit)
}

pub fn submit(conn: &mut DbConn, s: &Submission<'_>) -> Result<Outcome, RenovationError> {
    let result = write_tx(conn, |conn| {
        if form_tokens::claim(conn, s.form_token, &s.project.id)?.is_some() {
            return Err(TxError::Stop(Outcome::Duplicate));
        }
        let coded = s.staff.is_none() && !s.code.trim().is_empty();
        let counted = coded || s.staff.is_some();
        let unit = submission_unit(conn, s, coded)?;
        let household = super::places::household_address(conn, &unit)?;
        // Art. 278 counts the owners of the deciding population only (the
        // compound, building or entrance the project was set up for).
        if counted && !in_population(conn, &unit, &s.project.population_id)? {
            if s.staff.is_some() {
                return Err(TxError::Stop(Outcome::Refused(vec![("unit", "respond.err_outside")])));
            }
            record(conn, s, &unit, false)?;
            return Ok(Outcome::OutsidePopulation { household });
        }
        record(conn, s, &unit, counted)?;
        Ok(Outcome::Stored { counted, household })
    });
    match result {
        Ok(outcome) => Ok(outcome),
        Err(TxError::Stop(outcome)) => Ok(outcome),
        // A concurrent twin committed the same token first (PostgreSQL
        // waits on the UNIQUE index, then refuses): the same as a re-post.
        Err(TxError::Db(DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => Ok(Outcome::Duplicate),
        Err(TxError::Db(e)) => Err(e.into()),
    }
}

/// Whether `unit` lies within the place `population_id`.
fn in_population(conn: &mut DbConn, unit: &str, population_id: &str) -> diesel::QueryResult<bool> {
    Ok(places::lineage(conn, unit)?.iter().any(|p| p.id == population_id))
}

fn record(conn: &mut DbConn, s: &Submission<'_>, unit: &str, counted: bool) -> diesel::QueryResult<()> {
    let channel = s.staff.as_ref().map_or(Channel::Online, |e| e.channel);
    let new = NewOpinion {
        project_id: &s.project.id,
        unit_id: Some(unit),
        channel,
        counted,
        free_text: s.free_text.trim(),
        form_token: s.form_token,
        recorded_by: s.staff.as_ref().and_then(|e| e.actor.user_id.as_deref()),
        meeting_id: s.staff.as_ref().and_then(|e| e.meeting_id),
        evidence: s.staff.as_ref().map_or("", |e| e.evidence),
        contact: s.contact,
        submitted_by: s.resident,
    };
    let opinion = opinions::insert(conn, &new, &s.answers)?;
    if let Some(file) = s.staff.as_ref().and_then(|e| e.file) {
        let row = opinion_evidence::Evidence {
            opinion_id: opinion.clone(),
            stored_name: file.stored_name.clone(),
            mime: file.mime.clone(),
            size_bytes: file.size_bytes,
            created_at: crate::db::now_ts(),
        };
        opinion_evidence::insert(conn, &row)?;
    }
    if let Some(entry) = &s.staff {
        let detail = format!("channel={channel} unit={unit}");
        crate::db::audit::record(
            conn,
            entry.actor,
            "opinion.staff_record",
            Some(("opinion", &opinion)),
            &detail,
        )?;
    }
    if !counted {
        return Ok(());
    }
    for (item, choice, _) in &s.answers {
        let ballot = ballots::NewBallot {
            project_item_id: item,
            unit_id: unit,
            opinion_id: &opinion,
            choice: *choice,
            channel,
        };
        ballots::append(conn, &ballot)?;
    }
    // The portal's headline moves with the ballots, in this transaction.
    super::headline::refresh(conn, &s.project.id)
}
