//! The filtered case list as rows: the queue's scope and the list's own
//! filters (`db::cases::list`), read newest first in keyset-paged chunks.

use crate::db::dispute_types::DisputeTypes;
use std::collections::HashMap;

use super::{CHUNK, Cell, Column, Kind, Row, RowSource, column};
use crate::auth::field_crypto::FieldCipher;
use crate::db::case_parties::{self, Party};
use crate::db::cases::{self, Case, CaseFilter, CaseScope};
use crate::db::{DbConn, places};
use crate::domain::id_number::mask_id_number;
use crate::domain::masking::{mask_address, mask_name, mask_phone};
use crate::domain::mediation::PartyRole;
use crate::i18n::{Lang, t};

const COLUMNS: [Column; 16] = [
    column("export.case.number", Kind::Text, 34),
    column("export.case.registered", Kind::Date, 12),
    column("export.case.accepted", Kind::Date, 12),
    column("export.case.deadline", Kind::Date, 12),
    column("export.case.state", Kind::Text, 12),
    column("export.case.type", Kind::Text, 14),
    column("export.case.source", Kind::Text, 14),
    column("export.case.street", Kind::Text, 14),
    column("export.case.community", Kind::Text, 16),
    column("export.case.risk", Kind::Text, 8),
    column("export.case.overdue", Kind::Text, 8),
    column("export.case.applicant", Kind::Text, 12),
    column("export.case.phone", Kind::Text, 14),
    column("export.case.id_number", Kind::Text, 20),
    column("export.case.address", Kind::Text, 30),
    column("export.case.parties", Kind::Number, 8),
];

pub struct CaseRows {
    scope: CaseScope,
    filter: CaseFilter,
    unmasked: bool,
    cipher: FieldCipher,
    now: i64,
    /// Street and community names by id, read with the first chunk.
    place_names: Option<HashMap<String, String>>,
    /// The dispute types' labels, read with the first chunk (one export is
    /// one request: a rename during it does not mix labels).
    types: DisputeTypes,
    done: bool,
}

impl CaseRows {
    /// The cases `scope` and `filter` select; personal data masked unless
    /// `unmasked` (the caller has checked the right and written the audit row).
    pub fn new(scope: CaseScope, filter: CaseFilter, unmasked: bool, secret: &[u8], now: i64) -> Self {
        CaseRows {
            scope,
            filter,
            unmasked,
            cipher: FieldCipher::from_secret(secret),
            now,
            place_names: None,
            types: DisputeTypes::default(),
            done: false,
        }
    }

    fn row(&self, case: &Case, parties: &[Party], lang: Lang) -> Row {
        let names = self.place_names.as_ref();
        let place = |id: Option<&String>| {
            Cell::Text(
                id.and_then(|id| names.and_then(|n| n.get(id)))
                    .cloned()
                    .unwrap_or_default(),
            )
        };
        let own: Vec<&Party> = parties.iter().filter(|p| p.case_id == case.id).collect();
        let applicant = own.iter().find(|p| p.party_role == PartyRole::Applicant);
        let text = |f: &dyn Fn(&Party) -> String| Cell::Text(applicant.map(|p| f(p)).unwrap_or_default());
        let yes_no = if case.is_overdue(self.now) {
            "export.flag_yes"
        } else {
            "export.flag_no"
        };
        vec![
            Cell::Text(case.case_number.clone().unwrap_or_default()),
            Cell::day(Some(case.created_at)),
            Cell::day(case.accepted_at),
            Cell::day(case.deadline_day().map(crate::dates::day_start)),
            Cell::Text(t(lang, case.state().label_key())),
            Cell::Text(
                self.types
                    .case_label(lang, case.dispute_type, case.local_type.as_deref()),
            ),
            Cell::Text(t(lang, case.source.label_key())),
            place(Some(&case.street_id)),
            place(case.community_id.as_ref()),
            Cell::Text(case.risk_level.map(|r| t(lang, r.label_key())).unwrap_or_default()),
            Cell::Text(t(lang, yes_no)),
            text(&|p| self.shown(&p.name, mask_name)),
            text(&|p| self.shown(&p.phone, mask_phone)),
            text(&|p| {
                let id = self.cipher.open(&p.id_number_enc).unwrap_or_default();
                self.shown(&id, mask_id_number)
            }),
            text(&|p| self.shown(&p.address, mask_address)),
            Cell::Number(own.len() as i64),
        ]
    }

    fn shown(&self, value: &str, mask: fn(&str) -> String) -> String {
        if self.unmasked { value.to_owned() } else { mask(value) }
    }
}

impl RowSource for CaseRows {
    fn columns(&self) -> &'static [Column] {
        &COLUMNS
    }

    fn next_chunk(&mut self, conn: &mut DbConn, lang: Lang) -> diesel::QueryResult<Vec<Row>> {
        if self.done {
            return Ok(Vec::new());
        }
        if self.place_names.is_none() {
            self.place_names = Some(place_names(conn)?);
            self.types = DisputeTypes::load(conn)?;
        }
        let found = cases::list(conn, &self.scope, &self.filter, CHUNK)?;
        self.done = (found.len() as i64) < CHUNK;
        self.filter.before_id = found.last().map(|c| c.id.clone());
        let ids: Vec<String> = found.iter().map(|c| c.id.clone()).collect();
        let parties = case_parties::for_cases(conn, &ids)?;
        Ok(found.iter().map(|c| self.row(c, &parties, lang)).collect())
    }
}

/// Streets, towns and communities by id.
fn place_names(conn: &mut DbConn) -> diesel::QueryResult<HashMap<String, String>> {
    let mut names: HashMap<String, String> = places::streets_and_towns(conn)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    names.extend(
        places::communities_with_street(conn)?
            .into_iter()
            .map(|(c, _)| (c.id, c.name)),
    );
    Ok(names)
}
