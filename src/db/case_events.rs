//! The `case_events` table: the immutable case timeline.

use crate::domain::mediation::CaseEventKind;
use crate::domain::mediation_workflow::CaseState;
use diesel::prelude::*;

use super::schema::case_events;
use super::{DbConn, new_id};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_events)]
pub struct CaseEvent {
    pub id: String,
    pub case_id: String,
    pub kind: CaseEventKind,
    pub from_state: Option<CaseState>,
    pub to_state: Option<CaseState>,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub at: i64,
    pub note: String,
    pub seconds_in_previous: Option<i64>,
}

impl CaseEvent {
    pub fn new(
        case_id: &str,
        kind: CaseEventKind,
        actor_id: Option<&str>,
        actor_label: &str,
        at: i64,
        note: &str,
    ) -> Self {
        CaseEvent {
            id: new_id(),
            case_id: case_id.to_owned(),
            kind,
            from_state: None,
            to_state: None,
            actor_id: actor_id.map(str::to_owned),
            actor_label: actor_label.to_owned(),
            at,
            note: note.to_owned(),
            seconds_in_previous: None,
        }
    }
}

pub fn append(conn: &mut DbConn, event: &CaseEvent) -> QueryResult<()> {
    diesel::insert_into(case_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<CaseEvent>> {
    case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select(CaseEvent::as_select())
        .load(conn)
}

/// What happened after the event a user last saw: the conflict page's list.
pub fn since(conn: &mut DbConn, case_id: &str, after_id: &str) -> QueryResult<Vec<CaseEvent>> {
    case_events::table
        .filter(case_events::case_id.eq(case_id))
        .filter(case_events::id.gt(after_id))
        .order(case_events::id.asc())
        .select(CaseEvent::as_select())
        .load(conn)
}
