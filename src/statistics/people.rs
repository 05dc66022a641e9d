//! The people tables of the dashboard: per-mediator figures (DESIGN.md §7)
//! from the counters, and the mentorship figures (老马带小马) from the
//! pairings and graduations.

use std::collections::{BTreeMap, HashMap};

use diesel::QueryResult;

use super::dashboard::{StatsFilter, Sums, grouped};
use crate::db::stat_counts::{self, CellFilter, GroupBy};
use crate::db::{DbConn, mentorship_counts, users};
use crate::domain::role::MediatorLevel;
use crate::domain::statistics::figures::{self, Month};
use crate::domain::statistics::{Dim, Metric};

/// One mediator's figures for the cases they led (and guided as mentor).
#[derive(Debug, Clone)]
pub struct MediatorRow {
    pub id: String,
    pub name: String,
    pub trainee: bool,
    pub led: i64,
    pub closed: i64,
    /// ‰ of `led`.
    pub closure_rate: Option<i64>,
    pub ended: i64,
    pub success: i64,
    /// ‰ of `ended`.
    pub success_rate: Option<i64>,
    /// Tenths of a day, acceptance to closure.
    pub mean_days: Option<i64>,
    /// Tenths of a point (1–5), latest follow-up visit per case.
    pub satisfaction: Option<i64>,
    /// ‰ of `success` with an oral agreement.
    pub oral_share: Option<i64>,
    /// Cases of a 小马 this mediator guided as mentor.
    pub guided: i64,
}

fn row(id: String, name: String, trainee: bool, led: &Sums, guided: i64) -> MediatorRow {
    let n = |m| led.get(m);
    MediatorRow {
        id,
        name,
        trainee,
        led: n(Metric::Accepted),
        closed: n(Metric::Closed),
        closure_rate: figures::rate(n(Metric::Closed), n(Metric::Accepted)),
        ended: n(Metric::Ended),
        success: n(Metric::Success),
        success_rate: figures::rate(n(Metric::Success), n(Metric::Ended)),
        mean_days: figures::mean_tenths(n(Metric::ClosedDays), n(Metric::Closed)),
        satisfaction: figures::mean_tenths(n(Metric::Satisfaction), n(Metric::SatisfactionVisits)),
        oral_share: figures::rate(n(Metric::Oral), n(Metric::Success)),
        guided,
    }
}

/// (name, is 小马) of each of `ids` that is a staff account.
fn names_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, (String, bool)>> {
    Ok(users::find_many(conn, ids)?
        .into_iter()
        .map(|u| {
            let trainee = u.level() == Some(MediatorLevel::Trainee);
            (u.id, (u.display_name, trainee))
        })
        .collect())
}

fn cells(filter: &StatsFilter, value: Option<&str>) -> CellFilter {
    CellFilter {
        from: filter.from,
        to: filter.to,
        street_id: filter.street_id.clone(),
        community_id: filter.community_id.clone(),
        value: value.map(str::to_owned),
    }
}

/// The per-mediator table: the rows shown and how many mediators have
/// figures in the filter's area.
#[derive(Debug, Clone, Default)]
pub struct MediatorTable {
    pub rows: Vec<MediatorRow>,
    pub total: usize,
}

/// Mediators ranked by cases led, then cases guided (ties by id, so the
/// cut is stable), with their counts of each.
fn ranking(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<Vec<(String, i64, i64)>> {
    let area = cells(filter, None);
    let led: HashMap<String, i64> = stat_counts::value_totals(conn, Dim::Lead, &area, Metric::Accepted)?
        .into_iter()
        .collect();
    let guided: HashMap<String, i64> = stat_counts::value_totals(conn, Dim::Mentor, &area, Metric::Accepted)?
        .into_iter()
        .collect();
    let mut ids: Vec<&String> = led.keys().chain(guided.keys()).collect();
    ids.sort();
    ids.dedup();
    let count = |m: &HashMap<String, i64>, id: &String| m.get(id).copied().unwrap_or(0);
    let mut ranked: Vec<(String, i64, i64)> = ids
        .into_iter()
        .map(|id| (id.clone(), count(&led, id), count(&guided, id)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then_with(|| a.0.cmp(&b.0)));
    Ok(ranked)
}

/// Per-mediator figures in the filter's area, the most cases first: the
/// first `shown` mediators (all of them with `None`, as an export wants).
/// A district has thousands of mediators, so only the ranking reads every
/// mediator's count (one metric); the other figures are read for the rows
/// shown.
pub fn mediator_table(conn: &mut DbConn, filter: &StatsFilter, shown: Option<usize>) -> QueryResult<MediatorTable> {
    let mut ranked = ranking(conn, filter)?;
    let total = ranked.len();
    ranked.truncate(shown.unwrap_or(total));
    let mut rows = Vec::with_capacity(ranked.len());
    let empty = Sums::default();
    // Bounded IN lists: an export of every mediator reads them in chunks.
    for chunk in ranked.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|(id, _, _)| id.clone()).collect();
        let led = grouped(stat_counts::sums_of_values(
            conn,
            Dim::Lead,
            &cells(filter, None),
            &ids,
        )?);
        let names = names_of(conn, &ids)?;
        for (id, _, guided) in chunk {
            let (name, trainee) = names.get(id).cloned().unwrap_or_else(|| ("—".to_owned(), false));
            rows.push(row(id.clone(), name, trainee, led.get(id).unwrap_or(&empty), *guided));
        }
    }
    rows.sort_by(|a, b| b.led.cmp(&a.led).then_with(|| a.name.cmp(&b.name)));
    Ok(MediatorTable { rows, total })
}

/// One mediator's own figures (the `/staff/stats/me` page), district-wide.
pub fn one_mediator(conn: &mut DbConn, filter: &StatsFilter, user_id: &str) -> QueryResult<MediatorRow> {
    let total = |rows: Vec<(String, String, i64)>| grouped(rows).remove(user_id).unwrap_or_default();
    let led = total(stat_counts::sums(
        conn,
        Dim::Lead,
        &cells(filter, Some(user_id)),
        GroupBy::Value,
    )?);
    let guided = total(stat_counts::sums(
        conn,
        Dim::Mentor,
        &cells(filter, Some(user_id)),
        GroupBy::Value,
    )?);
    let names = names_of(conn, &[user_id.to_owned()])?;
    let (name, trainee) = names.get(user_id).cloned().unwrap_or_default();
    Ok(row(
        user_id.to_owned(),
        name,
        trainee,
        &led,
        guided.get(Metric::Accepted),
    ))
}

/// The mentorship figures (district-wide: pairings are not per street).
#[derive(Debug, Clone)]
pub struct Mentorship {
    pub trainees: i64,
    pub seniors: i64,
    /// (mentor name, active mentees), the busiest first.
    pub loads: Vec<(String, i64)>,
    /// (month, graduations approved).
    pub graduations: Vec<(Month, i64)>,
}

/// Mentors listed in the load table.
const LOADS_SHOWN: i64 = 10;

pub fn mentorship(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<Mentorship> {
    let trainees = users::count_mediators_at_level(conn, MediatorLevel::Trainee)?;
    let seniors = users::count_mediators_at_level(conn, MediatorLevel::Senior)?;
    let busiest = mentorship_counts::mentor_loads(conn, LOADS_SHOWN)?;
    let ids: Vec<String> = busiest.iter().map(|(id, _)| id.clone()).collect();
    let names = names_of(conn, &ids)?;
    let loads = busiest
        .into_iter()
        .map(|(id, n)| (names.get(&id).map_or_else(|| "—".to_owned(), |x| x.0.clone()), n))
        .collect();
    let since = crate::dates::month_start(filter.from);
    let mut per_month = BTreeMap::<Month, i64>::new();
    for at in mentorship_counts::approvals_since(conn, since)? {
        let month = crate::dates::china_month(at);
        if month <= filter.to {
            *per_month.entry(month).or_default() += 1;
        }
    }
    Ok(Mentorship {
        trainees,
        seniors,
        loads,
        graduations: figures::months(filter.from, filter.to, super::dashboard::MAX_MONTHS)
            .into_iter()
            .map(|m| (m, per_month.get(&m).copied().unwrap_or(0)))
            .collect(),
    })
}
