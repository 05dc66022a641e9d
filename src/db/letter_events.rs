//! The `letter_events` table: a letter's append-only timeline. Rows marked
//! public are what the resident sees on the tracking page.

use diesel::prelude::*;

use super::schema::letter_events;
use super::{DbConn, new_id};
use crate::domain::letters::{LetterEventKind, LetterStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = letter_events)]
pub struct LetterEvent {
    pub id: String,
    pub letter_id: String,
    pub kind: LetterEventKind,
    pub from_status: Option<LetterStatus>,
    pub to_status: Option<LetterStatus>,
    pub body: String,
    pub public: bool,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub at: i64,
}

impl LetterEvent {
    pub fn new(letter_id: &str, kind: LetterEventKind, public: bool, actor: (Option<&str>, &str), at: i64) -> Self {
        LetterEvent {
            id: new_id(),
            letter_id: letter_id.to_owned(),
            kind,
            from_status: None,
            to_status: None,
            body: String::new(),
            public,
            actor_id: actor.0.map(str::to_owned),
            actor_label: actor.1.to_owned(),
            at,
        }
    }
}

pub fn append(conn: &mut DbConn, event: &LetterEvent) -> QueryResult<()> {
    diesel::insert_into(letter_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// The whole timeline, oldest first (staff).
pub fn for_letter(conn: &mut DbConn, letter_id: &str) -> QueryResult<Vec<LetterEvent>> {
    letter_events::table
        .filter(letter_events::letter_id.eq(letter_id))
        .order(letter_events::id.asc())
        .select(LetterEvent::as_select())
        .load(conn)
}

/// Only the public part, filtered in SQL so internal notes never leave the
/// database on a resident's request.
pub fn public_for_letter(conn: &mut DbConn, letter_id: &str) -> QueryResult<Vec<LetterEvent>> {
    letter_events::table
        .filter(letter_events::letter_id.eq(letter_id))
        .filter(letter_events::public.eq(true))
        .order(letter_events::id.asc())
        .select(LetterEvent::as_select())
        .load(conn)
}

/// The newest official reply to a letter, for the public board.
pub fn latest_reply(conn: &mut DbConn, letter_id: &str) -> QueryResult<Option<LetterEvent>> {
    letter_events::table
        .filter(letter_events::letter_id.eq(letter_id))
        .filter(letter_events::kind.eq(LetterEventKind::Reply))
        .filter(letter_events::public.eq(true))
        .order(letter_events::id.desc())
        .select(LetterEvent::as_select())
        .first(conn)
        .optional()
}

/// The latest public official reply of each of `letter_ids` (one query for
/// a page of letters), as (letter id, reply text).
pub fn latest_replies(conn: &mut DbConn, letter_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if letter_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String)> = letter_events::table
        .filter(letter_events::letter_id.eq_any(letter_ids))
        .filter(letter_events::kind.eq(LetterEventKind::Reply))
        .filter(letter_events::public.eq(true))
        .order((letter_events::letter_id.asc(), letter_events::id.desc()))
        .select((letter_events::letter_id, letter_events::body))
        .load(conn)?;
    let mut latest: Vec<(String, String)> = Vec::new();
    for (letter, body) in rows {
        if latest.last().is_none_or(|(l, _)| *l != letter) {
            latest.push((letter, body));
        }
    }
    Ok(latest)
}
