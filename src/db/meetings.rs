//! The `meetings` table: 院坝会 and 座谈会 held for a project.

use crate::domain::renovation::MeetingKind;
use diesel::prelude::*;

use super::schema::meetings;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    pub id: String,
    pub project_id: String,
    pub kind: MeetingKind,
    pub held_at: i64,
    pub place: String,
    pub attendees: i32,
    pub minutes: String,
    pub created_by: Option<String>,
    pub created_at: i64,
}

pub struct NewMeeting<'a> {
    pub project_id: &'a str,
    pub kind: MeetingKind,
    pub held_at: i64,
    pub place: &'a str,
    pub attendees: i32,
    pub minutes: &'a str,
    pub created_by: Option<&'a str>,
}

pub fn insert(conn: &mut DbConn, m: &NewMeeting<'_>) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(meetings::table)
        .values((
            meetings::id.eq(&id),
            meetings::project_id.eq(m.project_id),
            meetings::kind.eq(m.kind),
            meetings::held_at.eq(m.held_at),
            meetings::place.eq(m.place),
            meetings::attendees.eq(m.attendees),
            meetings::minutes.eq(m.minutes),
            meetings::created_by.eq(m.created_by),
            meetings::created_at.eq(now_ts()),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn for_project(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<Meeting>> {
    meetings::table
        .filter(meetings::project_id.eq(project_id))
        .order(meetings::held_at.desc())
        .select(Meeting::as_select())
        .load(conn)
}
