//! The filtered mailbox queue as rows (`db::letters::list`), newest first
//! in keyset-paged chunks.

use std::collections::HashMap;

use super::{CHUNK, Cell, Column, Kind, Row, RowSource, column};
use crate::db::letter_categories::{self, Category};
use crate::db::letters::{self, Letter, LetterFilter};
use crate::db::{DbConn, places};
use crate::domain::letters::excerpt;
use crate::domain::masking::{mask_address, mask_name, mask_phone};
use crate::domain::public_text::mask_personal_numbers;
use crate::i18n::{Lang, t};

/// How much of each letter's text an export carries.
const TEXT_LENGTH: usize = 200;

const COLUMNS: [Column; 15] = [
    column("export.letter.id", Kind::Text, 36),
    column("export.letter.received", Kind::Date, 12),
    column("export.letter.category", Kind::Text, 14),
    column("export.letter.status", Kind::Text, 10),
    column("export.letter.street", Kind::Text, 14),
    column("export.letter.community", Kind::Text, 16),
    column("export.letter.compound", Kind::Text, 18),
    column("export.letter.place", Kind::Text, 24),
    column("export.letter.contact", Kind::Text, 12),
    column("export.letter.phone", Kind::Text, 14),
    column("export.letter.text", Kind::Text, 60),
    column("export.letter.supports", Kind::Number, 8),
    column("export.letter.acknowledged", Kind::Date, 12),
    column("export.letter.resolved", Kind::Date, 12),
    column("export.letter.overdue", Kind::Text, 8),
];

pub struct LetterRows {
    filter: LetterFilter,
    unmasked: bool,
    now: i64,
    /// Categories and place names, read with the first chunk.
    lookups: Option<(Vec<Category>, HashMap<String, String>)>,
    done: bool,
}

impl LetterRows {
    /// The letters `filter` selects (its street is the caller's scope);
    /// personal data masked unless `unmasked` (checked and audited by the caller).
    pub fn new(filter: LetterFilter, unmasked: bool, now: i64) -> Self {
        LetterRows {
            filter,
            unmasked,
            now,
            lookups: None,
            done: false,
        }
    }

    fn row(&self, l: &Letter, lang: Lang) -> Row {
        let (cats, names) = self
            .lookups
            .as_ref()
            .map(|(c, n)| (c.as_slice(), Some(n)))
            .unwrap_or_default();
        let place = |id: Option<&String>| {
            Cell::Text(
                id.and_then(|id| names.and_then(|n| n.get(id)))
                    .cloned()
                    .unwrap_or_default(),
            )
        };
        let category = cats
            .iter()
            .find(|c| c.code == l.category)
            .map(|c| c.name(lang).to_owned())
            .unwrap_or_else(|| l.category.clone());
        let text = excerpt(&l.body, TEXT_LENGTH);
        let overdue = if l.is_overdue(self.now) {
            "export.flag_yes"
        } else {
            "export.flag_no"
        };
        let (contact, phone, address, text) = if self.unmasked {
            (
                l.contact_name.clone(),
                l.contact_phone.clone(),
                l.place_detail.clone(),
                text,
            )
        } else {
            (
                mask_name(&l.contact_name),
                mask_phone(&l.contact_phone),
                mask_address(&l.place_detail),
                mask_personal_numbers(&text),
            )
        };
        vec![
            Cell::Text(l.id.clone()),
            Cell::day(Some(l.created_at)),
            Cell::Text(category),
            Cell::Text(t(lang, l.status().label_key())),
            place(Some(&l.street_id)),
            place(l.community_id.as_ref()),
            place(l.compound_id.as_ref()),
            Cell::Text(address),
            Cell::Text(contact),
            Cell::Text(phone),
            Cell::Text(text),
            Cell::Number(i64::from(l.support_count)),
            Cell::day(l.acknowledged_at),
            Cell::day(l.resolved_at),
            Cell::Text(t(lang, overdue)),
        ]
    }
}

impl RowSource for LetterRows {
    fn columns(&self) -> &'static [Column] {
        &COLUMNS
    }

    fn next_chunk(&mut self, conn: &mut DbConn, lang: Lang) -> diesel::QueryResult<Vec<Row>> {
        if self.done {
            return Ok(Vec::new());
        }
        if self.lookups.is_none() {
            self.lookups = Some((letter_categories::all(conn)?, place_names(conn)?));
        }
        let found = letters::list(conn, &self.filter, CHUNK)?;
        self.done = (found.len() as i64) < CHUNK;
        self.filter.before_id = found.last().map(|l| l.id.clone());
        Ok(found.iter().map(|l| self.row(l, lang)).collect())
    }
}

/// Streets, communities and compounds by id.
fn place_names(conn: &mut DbConn) -> diesel::QueryResult<HashMap<String, String>> {
    let mut names = HashMap::new();
    for c in places::compounds_with_area(conn)? {
        names.insert(c.street_id, c.street_name);
        if let Some(community) = c.community_id {
            names.insert(community, c.community_name);
        }
        names.insert(c.id, c.name);
    }
    for street in places::streets_and_towns(conn)? {
        names.insert(street.id, street.name);
    }
    for (community, _) in places::communities_with_street(conn)? {
        names.insert(community.id, community.name);
    }
    Ok(names)
}
