//! The mailbox figures of the dashboard (群众信箱, issue 13): letters by
//! category and by compound, time to first response and to resolution
//! (median, p90) and the shares within target, for the dashboard's filter.
//! Everything is summed from the letter counters (`letter_index`), so the
//! cost does not grow with the number of letters; what each figure means is
//! in `domain::statistics::letters`.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;

use super::dashboard::{StatsFilter, Sums, grouped};
use crate::db::DbConn;
use crate::db::letter_categories::{self, Category};
use crate::db::schema::places;
use crate::db::stat_counts::{self, CellFilter, GroupBy};
use crate::domain::statistics::figures;
use crate::domain::statistics::{Dim, Metric};

/// The compounds listed by name; the rest are summed as "other".
pub const TOP_COMPOUNDS: usize = 20;

/// The counts of one category (or of all letters), with the shares.
#[derive(Debug, Clone, Default)]
pub struct LetterCounts {
    pub received: i64,
    pub acknowledged: i64,
    pub ack_in_target: i64,
    /// ‰ of `acknowledged` within its target.
    pub ack_share: Option<i64>,
    pub resolved: i64,
    pub resolved_in_target: i64,
    /// ‰ of `resolved` within its target.
    pub resolve_share: Option<i64>,
}

impl LetterCounts {
    fn of(s: &Sums) -> Self {
        let (acknowledged, ack_in_target) = (s.get(Metric::Acknowledged), s.get(Metric::AckInTarget));
        let (resolved, resolved_in_target) = (s.get(Metric::Resolved), s.get(Metric::ResolvedInTarget));
        LetterCounts {
            received: s.get(Metric::Letters),
            acknowledged,
            ack_in_target,
            ack_share: figures::rate(ack_in_target, acknowledged),
            resolved,
            resolved_in_target,
            resolve_share: figures::rate(resolved_in_target, resolved),
        }
    }

    /// Letters not yet responded to.
    pub fn waiting(&self) -> i64 {
        self.received - self.acknowledged
    }

    /// Letters not yet resolved.
    pub fn open(&self) -> i64 {
        self.received - self.resolved
    }
}

/// One category: its code, names and targets as configured now.
#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub code: String,
    /// None for a code no longer in the catalogue.
    pub category: Option<Category>,
    pub counts: LetterCounts,
}

/// One compound (`id` "" for letters that named none).
#[derive(Debug, Clone)]
pub struct CompoundRow {
    pub id: String,
    pub name: String,
    pub received: i64,
}

/// Days from receipt, as the dashboard states them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

fn clock(days: &BTreeMap<String, Sums>) -> Clock {
    let histogram: Vec<(i64, i64)> = days
        .iter()
        .filter_map(|(d, s)| Some((d.parse().ok()?, s.get(Metric::Letters))))
        .collect();
    Clock {
        median: figures::median(&histogram),
        p90: figures::p90(&histogram),
    }
}

#[derive(Debug, Clone)]
pub struct Mailbox {
    pub all: LetterCounts,
    pub response: Clock,
    pub resolution: Clock,
    /// Every category with letters, in the catalogue's order.
    pub by_category: Vec<CategoryRow>,
    /// The compounds with most letters, most first.
    pub by_compound: Vec<CompoundRow>,
    /// Letters of every compound not listed.
    pub other_compounds: i64,
}

fn cells(filter: &StatsFilter) -> CellFilter {
    CellFilter {
        from: filter.from,
        to: filter.to,
        street_id: filter.street_id.clone(),
        community_id: filter.community_id.clone(),
        value: None,
    }
}

fn by_category(conn: &mut DbConn, groups: BTreeMap<String, Sums>) -> QueryResult<Vec<CategoryRow>> {
    let catalogue = letter_categories::all(conn)?;
    let order: HashMap<&str, usize> = catalogue
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let mut rows: Vec<CategoryRow> = groups
        .iter()
        .map(|(code, s)| CategoryRow {
            code: code.clone(),
            category: catalogue.iter().find(|c| &c.code == code).cloned(),
            counts: LetterCounts::of(s),
        })
        .filter(|r| r.counts.received > 0)
        .collect();
    rows.sort_by_key(|r| {
        (
            order.get(r.code.as_str()).copied().unwrap_or(usize::MAX),
            r.code.clone(),
        )
    });
    Ok(rows)
}

/// The top compounds by letters (ties by id, so the list is stable) and
/// the sum of the rest. The grouped rows are one per compound with letters
/// in the scope: bounded by the places, not by the letters.
fn by_compound(conn: &mut DbConn, groups: BTreeMap<String, Sums>) -> QueryResult<(Vec<CompoundRow>, i64)> {
    let mut counted: Vec<(String, i64)> = groups
        .into_iter()
        .map(|(id, s)| (id, s.get(Metric::Letters)))
        .filter(|(_, n)| *n > 0)
        .collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rest: i64 = counted.iter().skip(TOP_COMPOUNDS).map(|(_, n)| n).sum();
    counted.truncate(TOP_COMPOUNDS);
    let ids: Vec<&String> = counted.iter().map(|(id, _)| id).filter(|id| !id.is_empty()).collect();
    let names: HashMap<String, String> = places::table
        .filter(places::id.eq_any(ids))
        .select((places::id, places::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let rows = counted
        .into_iter()
        .map(|(id, received)| CompoundRow {
            name: names.get(&id).cloned().unwrap_or_default(),
            id,
            received,
        })
        .collect();
    Ok((rows, rest))
}

pub fn load(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<Mailbox> {
    let cells = cells(filter);
    let mut sums = |dim: Dim| -> QueryResult<BTreeMap<String, Sums>> {
        Ok(grouped(stat_counts::sums(conn, dim, &cells, GroupBy::Value)?))
    };
    let categories = sums(Dim::LetterCategory)?;
    let compounds = sums(Dim::LetterCompound)?;
    let response = clock(&sums(Dim::LetterAckDays)?);
    let resolution = clock(&sums(Dim::LetterResolveDays)?);
    let mut total = Sums::default();
    for s in categories.values() {
        total.add_all(s);
    }
    let (by_compound, other_compounds) = by_compound(conn, compounds)?;
    Ok(Mailbox {
        all: LetterCounts::of(&total),
        response,
        resolution,
        by_category: by_category(conn, categories)?,
        by_compound,
        other_compounds,
    })
}
