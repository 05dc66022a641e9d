//! The dashboard's read model: every figure of `/admin/stats` for one
//! filter, summed from the counters (`stat_counts`) with a few grouped
//! queries, whatever the number of cases. Exports and the API read the
//! same structs, so the figures cannot disagree.

use crate::db::dispute_types::DisputeTypes;
use std::collections::{BTreeMap, HashMap};

use diesel::QueryResult;

use crate::db::cases::CaseScope;
use crate::db::stat_counts::{self, CellFilter, GroupBy};
use crate::db::{DbConn, places};
use crate::domain::mediation::CaseSource;
use crate::domain::statistics::figures::{self, Month};
use crate::domain::statistics::{Dim, Metric, SourceGroup, source_group};

/// What the dashboard shows: months `from..=to` (acceptance months), in
/// the whole district or one street, optionally one community.
#[derive(Debug, Clone)]
pub struct StatsFilter {
    pub from: Month,
    pub to: Month,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
}

impl StatsFilter {
    fn cells(&self, from: Month) -> CellFilter {
        CellFilter {
            from,
            to: self.to,
            street_id: self.street_id.clone(),
            community_id: self.community_id.clone(),
            value: None,
        }
    }
}

/// Sums per metric code.
#[derive(Debug, Clone, Default)]
pub struct Sums(HashMap<String, i64>);

impl Sums {
    pub fn get(&self, metric: Metric) -> i64 {
        self.0.get(metric.code()).copied().unwrap_or(0)
    }

    /// Adds every metric of `other` (the total of several groups).
    pub fn add_all(&mut self, other: &Sums) {
        for (metric, n) in &other.0 {
            *self.0.entry(metric.clone()).or_default() += n;
        }
    }
}

/// Sums grouped by the group column, then metric.
pub(super) fn grouped(rows: Vec<(String, String, i64)>) -> BTreeMap<String, Sums> {
    let mut out = BTreeMap::<String, Sums>::new();
    for (group, metric, n) in rows {
        *out.entry(group).or_default().0.entry(metric).or_default() += n;
    }
    out
}

/// One prevention flag: cases and persons.
#[derive(Debug, Clone)]
pub struct PreventionRow {
    pub label_key: &'static str,
    pub cases: i64,
    pub persons: i64,
}

/// A statutory source group, its total and the intake sources in it.
pub type GroupCount = (SourceGroup, i64, Vec<(CaseSource, i64)>);

/// The headline figures (DESIGN.md §7).
#[derive(Debug, Clone)]
pub struct Headline {
    pub accepted: i64,
    /// 主动调解 / 申请调解 / 接受委托移送, with the intake sources in each.
    pub by_group: Vec<GroupCount>,
    pub ended: i64,
    pub success: i64,
    /// ‰ of `ended`.
    pub success_rate: Option<i64>,
    pub amount_cents: i64,
    pub performed: i64,
    /// ‰ of `success`.
    pub performance_rate: Option<i64>,
    pub judicial: i64,
    pub prevention: Vec<PreventionRow>,
    pub difficult: i64,
    pub closed: i64,
    /// Tenths of a day.
    pub mean_days: Option<i64>,
    pub p90_days: Option<i64>,
    pub overdue: i64,
}

fn headline(all: &Sums, sources: &BTreeMap<String, Sums>, days: &BTreeMap<String, Sums>, overdue: i64) -> Headline {
    let by_group = SourceGroup::ALL
        .iter()
        .map(|group| {
            let members: Vec<(CaseSource, i64)> = CaseSource::ALL
                .iter()
                .filter(|s| source_group(**s) == *group)
                .map(|s| (*s, sources.get(s.code()).map_or(0, |x| x.get(Metric::Accepted))))
                .collect();
            (*group, members.iter().map(|(_, n)| n).sum(), members)
        })
        .collect();
    let histogram: Vec<(i64, i64)> = days
        .iter()
        .filter_map(|(d, s)| Some((d.parse().ok()?, s.get(Metric::Closed))))
        .collect();
    let prevention = [
        (
            "stats.prevent.criminal",
            Metric::PreventCriminal,
            Metric::PreventCriminalPersons,
        ),
        (
            "stats.prevent.petition",
            Metric::PreventPetition,
            Metric::PreventPetitionPersons,
        ),
        ("stats.prevent.fight", Metric::PreventFight, Metric::PreventFightPersons),
        (
            "stats.prevent.suicide",
            Metric::PreventSuicide,
            Metric::PreventSuicidePersons,
        ),
    ]
    .into_iter()
    .map(|(label_key, cases, persons)| PreventionRow {
        label_key,
        cases: all.get(cases),
        persons: all.get(persons),
    })
    .collect();
    Headline {
        accepted: all.get(Metric::Accepted),
        by_group,
        ended: all.get(Metric::Ended),
        success: all.get(Metric::Success),
        success_rate: figures::rate(all.get(Metric::Success), all.get(Metric::Ended)),
        amount_cents: all.get(Metric::AmountCents),
        performed: all.get(Metric::Performed),
        performance_rate: figures::rate(all.get(Metric::Performed), all.get(Metric::Success)),
        judicial: all.get(Metric::Judicial),
        prevention,
        difficult: all.get(Metric::Difficult),
        closed: all.get(Metric::Closed),
        mean_days: figures::mean_tenths(all.get(Metric::ClosedDays), all.get(Metric::Closed)),
        p90_days: figures::p90(&histogram),
        overdue,
    }
}

/// One row of a breakdown (dispute type, street or community).
#[derive(Debug, Clone)]
pub struct BreakdownRow {
    /// A dispute-type code or a place id.
    pub key: String,
    /// A place's name ("" for dispute types: the page names them).
    pub name: String,
    pub accepted: i64,
    pub ended: i64,
    pub success: i64,
    pub success_rate: Option<i64>,
    pub amount_cents: i64,
}

pub(super) fn breakdown(groups: BTreeMap<String, Sums>, names: &HashMap<String, String>) -> Vec<BreakdownRow> {
    let mut rows: Vec<BreakdownRow> = groups
        .into_iter()
        .map(|(key, s)| BreakdownRow {
            name: names.get(&key).cloned().unwrap_or_default(),
            key,
            accepted: s.get(Metric::Accepted),
            ended: s.get(Metric::Ended),
            success: s.get(Metric::Success),
            success_rate: figures::rate(s.get(Metric::Success), s.get(Metric::Ended)),
            amount_cents: s.get(Metric::AmountCents),
        })
        .filter(|r| r.accepted > 0)
        .collect();
    rows.sort_by(|a, b| b.accepted.cmp(&a.accepted).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// One month with its 同比 (the same month a year before) and 环比 (the
/// month before), on accepted cases.
#[derive(Debug, Clone)]
pub struct MonthRow {
    pub month: Month,
    pub accepted: i64,
    pub success: i64,
    pub success_rate: Option<i64>,
    pub year_on_year: Option<i64>,
    pub month_on_month: Option<i64>,
}

/// At most this many months are listed (the latest of a longer range).
pub const MAX_MONTHS: usize = 36;

pub(super) fn by_month(filter: &StatsFilter, sums: &BTreeMap<String, Sums>) -> Vec<MonthRow> {
    let accepted = |m: Month| sums.get(&m.to_string()).map_or(0, |s| s.get(Metric::Accepted));
    figures::months(filter.from, filter.to, MAX_MONTHS)
        .into_iter()
        .map(|m| {
            let success = sums.get(&m.to_string()).map_or(0, |s| s.get(Metric::Success));
            let ended = sums.get(&m.to_string()).map_or(0, |s| s.get(Metric::Ended));
            MonthRow {
                month: m,
                accepted: accepted(m),
                success,
                success_rate: figures::rate(success, ended),
                year_on_year: figures::change(accepted(m), accepted(figures::year_before(m))),
                month_on_month: figures::change(accepted(m), accepted(figures::previous_month(m))),
            }
        })
        .collect()
}

/// Every figure of the dashboard but the people tables.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub headline: Headline,
    pub by_type: Vec<BreakdownRow>,
    /// By street (district view) or by community (one street).
    pub by_area: Vec<BreakdownRow>,
    pub area_is_community: bool,
    pub by_month: Vec<MonthRow>,
    /// Successful cases led by a 小马 (guided by a mentor).
    pub trainee_success: i64,
    /// How the dispute types are named now (`by_type` holds their codes).
    pub type_labels: DisputeTypes,
}

fn place_names(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<HashMap<String, String>> {
    let places = match &filter.street_id {
        None => places::streets_and_towns(conn)?,
        Some(street) => places::children(conn, street)?,
    };
    Ok(places.into_iter().map(|p| (p.id, p.name)).collect())
}

pub fn load(conn: &mut DbConn, filter: &StatsFilter, now: i64) -> QueryResult<Dashboard> {
    let cells = filter.cells(filter.from);
    let all = grouped(stat_counts::sums(conn, Dim::All, &cells, GroupBy::Value)?)
        .remove("")
        .unwrap_or_default();
    let sources = grouped(stat_counts::sums(conn, Dim::Source, &cells, GroupBy::Value)?);
    let days = grouped(stat_counts::sums(conn, Dim::Days, &cells, GroupBy::Value)?);
    let overdue = overdue(conn, filter, now)?;
    let by_type = breakdown(
        grouped(stat_counts::sums(conn, Dim::DisputeType, &cells, GroupBy::Value)?),
        &HashMap::new(),
    );
    let area_is_community = filter.street_id.is_some();
    let by = if area_is_community {
        GroupBy::Community
    } else {
        GroupBy::Street
    };
    let names = place_names(conn, filter)?;
    let by_area = breakdown(grouped(stat_counts::sums(conn, Dim::All, &cells, by)?), &names);
    // A year before the range too, for the first months' 同比 and 环比.
    let earlier = filter.cells(figures::year_before(figures::previous_month(filter.from)));
    let months = grouped(stat_counts::sums(conn, Dim::All, &earlier, GroupBy::Month)?);
    Ok(Dashboard {
        trainee_success: all.get(Metric::TraineeSuccess),
        headline: headline(&all, &sources, &days, overdue),
        by_type,
        by_area,
        area_is_community,
        by_month: by_month(filter, &months),
        type_labels: DisputeTypes::load(conn)?,
    })
}

/// Cases overdue now, as the overdue queue counts them (its own filter).
fn overdue(conn: &mut DbConn, filter: &StatsFilter, now: i64) -> QueryResult<i64> {
    let scope = filter.street_id.clone().map_or(CaseScope::All, CaseScope::Street);
    let mut cases = crate::mediation::queues::filter("overdue", now);
    cases.community_id = filter.community_id.clone();
    crate::db::cases::count_filtered(conn, &scope, &cases)
}
