//! The centre's referrals (issue 16) as rows, newest first in keyset-paged
//! chunks, for a street or the district. Masked: no party is named, and
//! the staff's reason has personal numbers (phones, identity numbers)
//! masked like any free text that leaves the system.

use std::collections::HashMap;

use super::{CHUNK, Cell, Column, Kind, Row, RowSource, column};
use crate::db::dispute_types::DisputeTypes;
use crate::db::referrals::{self, ExportLine};
use crate::db::{DbConn, places, resolution_orgs};
use crate::domain::public_text::mask_personal_numbers;
use crate::domain::resolution::ChannelType;
use crate::domain::resolution::deadline::is_overdue;
use crate::i18n::{Lang, t};

const COLUMNS: [Column; 14] = [
    column("export.referral.case", Kind::Text, 24),
    column("export.referral.street", Kind::Text, 14),
    column("export.referral.type", Kind::Text, 14),
    column("export.referral.org", Kind::Text, 28),
    column("export.referral.channel", Kind::Text, 18),
    column("export.referral.state", Kind::Text, 12),
    column("export.referral.sent", Kind::Date, 12),
    column("export.referral.accept_by", Kind::Date, 12),
    column("export.referral.report_by", Kind::Date, 12),
    column("export.referral.outcome", Kind::Text, 12),
    column("export.referral.outcome_on", Kind::Date, 12),
    column("export.referral.escalations", Kind::Number, 8),
    column("export.referral.overdue", Kind::Text, 8),
    column("export.referral.reason", Kind::Text, 40),
];

/// What every line looks up: organisations, street names, type labels.
struct Lookups {
    orgs: HashMap<String, (String, ChannelType)>,
    streets: HashMap<String, String>,
    types: DisputeTypes,
}

pub struct ReferralRows {
    street_id: Option<String>,
    now: i64,
    before_id: Option<String>,
    lookups: Option<Lookups>,
    done: bool,
}

impl ReferralRows {
    /// The referrals of `street_id` (the caller's scope), or all with `None`.
    pub fn new(street_id: Option<String>, now: i64) -> Self {
        ReferralRows {
            street_id,
            now,
            before_id: None,
            lookups: None,
            done: false,
        }
    }

    fn row(&self, line: &ExportLine, lang: Lang) -> Row {
        let (r, case_number, street_id, type_code) = line;
        let Some(l) = &self.lookups else {
            return Vec::new();
        };
        let (org, channel) = l
            .orgs
            .get(&r.org_id)
            .map(|(name, c)| (name.clone(), t(lang, c.label_key())))
            .unwrap_or_default();
        let flag = if is_overdue(r.state, r.accept_by, r.report_by, self.now) {
            "export.flag_yes"
        } else {
            "export.flag_no"
        };
        // A deadline is the instant its last day ends: show that day.
        let deadline_day = |end: Option<i64>| Cell::day(end.map(|e| e - 1));
        vec![
            Cell::Text(
                case_number
                    .clone()
                    .unwrap_or_else(|| r.case_id.chars().take(8).collect()),
            ),
            Cell::Text(l.streets.get(street_id).cloned().unwrap_or_default()),
            Cell::Text(l.types.label_of_code(lang, type_code)),
            Cell::Text(org),
            Cell::Text(channel),
            Cell::Text(t(lang, r.state.label_key())),
            Cell::day(Some(r.sent_at)),
            deadline_day(Some(r.accept_by)),
            deadline_day(r.report_by),
            Cell::Text(r.outcome.map(|o| t(lang, o.label_key())).unwrap_or_default()),
            Cell::day(r.outcome_at),
            Cell::Number(i64::from(r.escalations)),
            Cell::Text(t(lang, flag)),
            Cell::Text(mask_personal_numbers(&r.reason)),
        ]
    }
}

impl RowSource for ReferralRows {
    fn columns(&self) -> &'static [Column] {
        &COLUMNS
    }

    fn next_chunk(&mut self, conn: &mut DbConn, lang: Lang) -> diesel::QueryResult<Vec<Row>> {
        if self.done {
            return Ok(Vec::new());
        }
        if self.lookups.is_none() {
            self.lookups = Some(Lookups {
                orgs: resolution_orgs::all(conn)?
                    .into_iter()
                    .map(|o| (o.id, (o.name, o.channel)))
                    .collect(),
                streets: places::streets_and_towns(conn)?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                types: DisputeTypes::load(conn)?,
            });
        }
        let found = referrals::export_page(conn, self.street_id.as_deref(), self.before_id.as_deref(), CHUNK)?;
        self.done = (found.len() as i64) < CHUNK;
        self.before_id = found.last().map(|l| l.0.id.clone());
        Ok(found.iter().map(|l| self.row(l, lang)).collect())
    }
}
