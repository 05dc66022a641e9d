//! The public board of a compound (DESIGN.md §11): handled letters without
//! any personal details (their text only in the version staff approved,
//! numbers masked), their official reply, the project an adopted letter
//! went into, and the "我也是" count. A street's or community's address
//! lists that area's compound boards; a building's leads to its compound's.

use crate::domain::place::PlaceKind;
use serde::Serialize;

use super::{CategoryName, ProjectLink, linked_project};
use crate::dates::date;
use crate::db::letters::Letter;
use crate::db::{DbConn, letter_categories, letter_events, letters, places};
use crate::domain::letters::{LetterStatus, excerpt};
use crate::domain::public_text::mask_personal_numbers;

const BOARD_SIZE: i64 = 50;
/// Long letters are cut on the board; the whole text is for staff.
const BOARD_EXCERPT: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct BoardEntry {
    pub id: String,
    pub date: String,
    pub category: CategoryName,
    pub status: LetterStatus,
    /// The approved public text, cut and with numbers masked; empty when
    /// staff approved none.
    pub text: String,
    /// The latest official reply, numbers masked.
    pub reply: String,
    pub supports: i32,
    pub project: Option<ProjectLink>,
}

/// A compound linked from an area's board index: (id, name).
#[derive(Debug, Clone, Serialize)]
pub struct CompoundLink {
    pub id: String,
    pub name: String,
}

/// What a board address leads to.
#[derive(Debug, Clone, Serialize)]
pub enum Board {
    Compound {
        name: String,
        entries: Vec<BoardEntry>,
    },
    Index {
        name: String,
        compounds: Vec<CompoundLink>,
    },
    /// A building (or below): its compound's board.
    Moved {
        compound_id: String,
    },
}

/// The board at a place's address; `None` for no such place.
pub fn board_of(conn: &mut DbConn, id: &str) -> diesel::QueryResult<Option<Board>> {
    let lineage = places::lineage(conn, id)?;
    let Some(place) = lineage.first() else {
        return Ok(None);
    };
    Ok(match place.kind {
        PlaceKind::Compound => Some(Board::Compound {
            name: place.name.clone(),
            entries: entries(conn, id)?,
        }),
        PlaceKind::Building | PlaceKind::Entrance | PlaceKind::Unit => lineage
            .iter()
            .find(|p| p.kind == PlaceKind::Compound)
            .map(|c| Board::Moved {
                compound_id: c.id.clone(),
            }),
        _ => {
            // A retired compound's board stays readable at its address but
            // is no longer listed.
            let hidden = crate::db::place_admin::hidden(conn)?;
            let compounds = places::compounds_with_area(conn)?
                .into_iter()
                .filter(|c| !hidden.contains(&c.id))
                .filter(|c| {
                    place.kind == PlaceKind::District || c.street_id == id || c.community_id.as_deref() == Some(id)
                })
                .map(|c| CompoundLink { id: c.id, name: c.name })
                .collect();
            Some(Board::Index {
                name: place.name.clone(),
                compounds,
            })
        }
    })
}

fn entries(conn: &mut DbConn, compound_id: &str) -> diesel::QueryResult<Vec<BoardEntry>> {
    let cats = letter_categories::all(conn)?;
    let mut entries = Vec::new();
    for l in letters::public_for_compound(conn, compound_id, BOARD_SIZE)? {
        let reply = letter_events::latest_reply(conn, &l.id)?
            .map(|e| mask_personal_numbers(&e.body))
            .unwrap_or_default();
        let project = linked_project(conn, l.project_id.as_deref())?;
        let category = CategoryName::find(&cats, &l.category);
        entries.push(BoardEntry::of(l, category, reply, project));
    }
    Ok(entries)
}

impl BoardEntry {
    fn of(l: Letter, category: CategoryName, reply: String, project: Option<ProjectLink>) -> Self {
        BoardEntry {
            category,
            status: l.status(),
            text: public_text(l.public_body.as_deref()),
            date: date(l.created_at),
            supports: l.support_count,
            id: l.id,
            reply,
            project,
        }
    }
}

/// Only a version staff approved, never the letter as sent; and phone and
/// identity numbers masked in all public text.
fn public_text(approved: Option<&str>) -> String {
    approved
        .map(|t| excerpt(&mask_personal_numbers(t), BOARD_EXCERPT))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_shows_only_approved_text_with_numbers_masked() {
        assert_eq!(public_text(None), "");
        assert_eq!(
            public_text(Some("路灯坏了，电话13812345678")),
            "路灯坏了，电话***********"
        );
        let long = "灯".repeat(BOARD_EXCERPT + 10);
        assert_eq!(public_text(Some(&long)), excerpt(&long, BOARD_EXCERPT));
    }
}
