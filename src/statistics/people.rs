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

/// Every active mediator's (id → (name, is 小马)).
fn mediators(conn: &mut DbConn) -> QueryResult<HashMap<String, (String, bool)>> {
    let mut out = HashMap::new();
    for level in [MediatorLevel::Senior, MediatorLevel::Trainee] {
        for u in users::mediators_at_level(conn, level)? {
            out.insert(u.id, (u.display_name, level == MediatorLevel::Trainee));
        }
    }
    Ok(out)
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

/// Per-mediator figures in the filter's area, the most cases first.
pub fn mediator_table(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<Vec<MediatorRow>> {
    let led = grouped(stat_counts::sums(
        conn,
        Dim::Lead,
        &cells(filter, None),
        GroupBy::Value,
    )?);
    let guided = grouped(stat_counts::sums(
        conn,
        Dim::Mentor,
        &cells(filter, None),
        GroupBy::Value,
    )?);
    let names = mediators(conn)?;
    let mut ids: Vec<&String> = led.keys().chain(guided.keys()).collect();
    ids.sort();
    ids.dedup();
    let empty = Sums::default();
    let mut rows: Vec<MediatorRow> = ids
        .into_iter()
        .map(|id| {
            let (name, trainee) = names.get(id).cloned().unwrap_or_else(|| ("—".to_owned(), false));
            let guided = guided.get(id).map_or(0, |s| s.get(Metric::Accepted));
            row(id.clone(), name, trainee, led.get(id).unwrap_or(&empty), guided)
        })
        .collect();
    rows.sort_by(|a, b| b.led.cmp(&a.led).then_with(|| a.name.cmp(&b.name)));
    Ok(rows)
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
    let names = mediators(conn)?;
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
    let names = mediators(conn)?;
    let trainees = names.values().filter(|(_, t)| *t).count() as i64;
    let loads = mentorship_counts::mentor_loads(conn, LOADS_SHOWN)?
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
        seniors: names.len() as i64 - trainees,
        loads,
        graduations: figures::months(filter.from, filter.to, super::dashboard::MAX_MONTHS)
            .into_iter()
            .map(|m| (m, per_month.get(&m).copied().unwrap_or(0)))
            .collect(),
    })
}
