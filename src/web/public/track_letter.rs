//! What a receipt code shows of a letter: its status and the public part of
//! its timeline. Never contact details, assignments or internal notes.

use crate::dates::{date, datetime};
use crate::db::{DbConn, letter_categories, letter_events, letters, projects};
use crate::domain::public_text::mask_personal_numbers;
use crate::i18n::Lang;

pub struct LetterPublic {
    pub category: String,
    pub status_key: &'static str,
    pub submitted_on: String,
    pub steps: Vec<PublicStep>,
    /// The project an adopted letter went into: (id, title).
    pub project: Option<(String, String)>,
}

pub struct PublicStep {
    pub at: String,
    pub label_key: &'static str,
    pub body: String,
}

pub fn letter_public(conn: &mut DbConn, lang: Lang, hash: &str) -> diesel::QueryResult<Option<LetterPublic>> {
    let Some(letter) = letters::find_by_receipt(conn, hash)? else {
        return Ok(None);
    };
    let category = letter_categories::find(conn, &letter.category)?
        .map(|c| c.name(lang).to_owned())
        .unwrap_or_default();
    let steps = letter_events::public_for_letter(conn, &letter.id)?
        .into_iter()
        .filter_map(|e| {
            // Belt and braces: only these two kinds are ever public.
            if !e.kind.may_be_public() {
                return None;
            }
            let label_key = e.kind.timeline_key(e.to_status);
            // Staff wrote these for the public: numbers masked all the same.
            Some(PublicStep {
                at: datetime(e.at),
                label_key,
                body: mask_personal_numbers(&e.body),
            })
        })
        .collect();
    let project = match &letter.project_id {
        Some(id) => projects::find(conn, id)?.map(|p| (p.id, p.title)),
        None => None,
    };
    Ok(Some(LetterPublic {
        project,
        category,
        status_key: letter.status().label_key(),
        submitted_on: date(letter.created_at),
        steps,
    }))
}
