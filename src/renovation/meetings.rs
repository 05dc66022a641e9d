//! Meetings (院坝会 / 座谈会) of a project: date, place, attendee count and
//! minutes. Opinions gathered there are linked to them when entered.

use super::projects::{FieldProblems, scoped};
use super::{RenovationError, Scope};
use crate::db::audit::{self, AuditActor};
use crate::db::meetings::{self, NewMeeting};
use crate::db::{DbConn, write_tx};
use crate::domain::renovation::MeetingKind;
use crate::domain::renovation::{self, MAX_DESCRIPTION_CHARS, MAX_PLACE_NAME_CHARS};

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub minutes: String,
}

pub fn create(
    conn: &mut DbConn,
    scope: &Scope,
    project_id: &str,
    form: &MeetingForm,
    actor: &AuditActor,
) -> Result<Result<String, FieldProblems>, RenovationError> {
    let project = scoped(conn, scope, project_id)?;
    let mut problems = Vec::new();
    let kind = MeetingKind::parse(form.kind.trim());
    if kind.is_none() {
        problems.push(("kind", "form.error.choose"));
    }
    let held_at = crate::dates::parse_day_start(&form.date);
    if held_at.is_none() {
        problems.push(("date", "form.error.date"));
    }
    let place =
        renovation::required_text(&form.place, MAX_PLACE_NAME_CHARS * 2).map_err(|k| problems.push(("place", k)));
    let attendees = form
        .attendees
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (0..=10_000).contains(n));
    if attendees.is_none() {
        problems.push(("attendees", "meeting.err_attendees"));
    }
    let minutes =
        renovation::required_text(&form.minutes, MAX_DESCRIPTION_CHARS).map_err(|k| problems.push(("minutes", k)));
    // An unknown kind is refused here: before, it reached the table's
    // CHECK constraint and answered 500.
    let (Some(kind), Some(held_at), Ok(place), Some(attendees), Ok(minutes)) =
        (kind, held_at, place, attendees, minutes)
    else {
        return Ok(Err(problems));
    };
    let id = write_tx(conn, |conn| {
        let new = NewMeeting {
            project_id: &project.id,
            kind,
            held_at,
            place: &place,
            attendees,
            minutes: &minutes,
            created_by: actor.user_id.as_deref(),
        };
        let id = meetings::insert(conn, &new)?;
        audit::record(
            conn,
            actor,
            "meeting.create",
            Some(("project", &project.id)),
            kind.code(),
        )?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(Ok(id))
}
