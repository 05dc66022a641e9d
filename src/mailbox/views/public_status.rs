//! What a receipt code shows of a letter: its status and the public part of
//! its timeline. Never contact details, assignments or internal notes.

use serde::Serialize;

use super::{CategoryName, ProjectLink, linked_project};
use crate::dates::{date, datetime};
use crate::db::letter_events::LetterEvent;
use crate::db::{DbConn, letter_categories, letter_events, letter_photos, letters, places};
use crate::domain::letters::{LetterEventKind, LetterStatus};
use crate::domain::public_text::mask_personal_numbers;

#[derive(Debug, Clone, Serialize)]
pub struct LetterStatusView {
    pub category: CategoryName,
    pub status: LetterStatus,
    pub submitted_on: String,
    pub steps: Vec<PublicStep>,
    /// The project an adopted letter went into.
    pub project: Option<ProjectLink>,
    /// What to expect (issue 14 item 3): the days the category's clocks
    /// give to acknowledge and to answer, counted from the submission.
    pub ack_by: String,
    pub resolve_by: String,
    /// What was sent, so a resident with several codes tells them apart:
    /// the place, the text (personal numbers masked: the link may be
    /// shared) and how many photos.
    pub place: String,
    pub body: String,
    pub photos: usize,
}

/// One public event of the timeline: a status change or a reply.
#[derive(Debug, Clone, Serialize)]
pub struct PublicStep {
    pub at: String,
    pub kind: LetterEventKind,
    pub to_status: Option<LetterStatus>,
    /// Written by staff for the public, with personal numbers masked.
    pub body: String,
}

impl PublicStep {
    /// The catalogue key of the step's title.
    pub fn label_key(&self) -> &'static str {
        self.kind.timeline_key(self.to_status)
    }

    /// The public form of an event; `None` for any kind that is never public.
    pub fn of(event: &LetterEvent) -> Option<Self> {
        // Belt and braces: the query asks for public events already.
        if !event.kind.may_be_public() {
            return None;
        }
        Some(PublicStep {
            at: datetime(event.at),
            kind: event.kind,
            to_status: event.to_status,
            // Staff wrote these for the public: numbers masked all the same.
            body: mask_personal_numbers(&event.body),
        })
    }
}

/// The letter a receipt code (already hashed) opens.
pub fn by_receipt(conn: &mut DbConn, receipt_hash: &str) -> diesel::QueryResult<Option<LetterStatusView>> {
    let Some(letter) = letters::find_by_receipt(conn, receipt_hash)? else {
        return Ok(None);
    };
    view_of(conn, letter).map(Some)
}

/// The letter `letter_id` for the resident account that sent it (or
/// attached it); None for anyone else's, so `/me` never opens another's.
pub fn for_submitter(
    conn: &mut DbConn,
    letter_id: &str,
    user_id: &str,
) -> diesel::QueryResult<Option<LetterStatusView>> {
    match letters::find(conn, letter_id)? {
        Some(letter) if letter.submitted_by.as_deref() == Some(user_id) => view_of(conn, letter).map(Some),
        _ => Ok(None),
    }
}

fn view_of(conn: &mut DbConn, letter: letters::Letter) -> diesel::QueryResult<LetterStatusView> {
    let category = CategoryName::find(&letter_categories::all(conn)?, &letter.category);
    let steps = letter_events::public_for_letter(conn, &letter.id)?
        .iter()
        .filter_map(PublicStep::of)
        .collect();
    let place_id = letter.place_id.as_deref().or(letter.compound_id.as_deref());
    let place = match place_id {
        Some(id) => places::find(conn, id)?.map(|p| p.name).unwrap_or_default(),
        None => String::new(),
    };
    Ok(LetterStatusView {
        ack_by: date(letter.ack_due_at),
        resolve_by: date(letter.resolve_due_at),
        place,
        body: mask_personal_numbers(&letter.body),
        photos: letter_photos::for_letter(conn, &letter.id)?.len(),
        project: linked_project(conn, letter.project_id.as_deref())?,
        category,
        status: letter.status(),
        submitted_on: date(letter.created_at),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: LetterEventKind, body: &str) -> LetterEvent {
        let mut e = LetterEvent::new("l1", kind, true, (None, "staff"), 0);
        e.body = body.to_owned();
        e
    }

    #[test]
    fn public_steps_mask_numbers_and_drop_internal_kinds() {
        let reply = PublicStep::of(&event(LetterEventKind::Reply, "请拨13812345678")).unwrap();
        assert_eq!(reply.body, "请拨***********");
        assert_eq!(reply.label_key(), LetterEventKind::Reply.timeline_key(None));
        assert!(PublicStep::of(&event(LetterEventKind::Note, "内部")).is_none());
        assert!(PublicStep::of(&event(LetterEventKind::Assign, "u1")).is_none());
    }
}
