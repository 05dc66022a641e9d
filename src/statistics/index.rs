//! The statistics counters (`stat_counts`) kept with the cases: each change
//! of a case moves them by the difference of the case's figures before and
//! after it, in the change's own transaction (the case row is locked, or the
//! SQLite write lock held, so "before" is what the change started from).
//! `rebuild` recounts everything from the cases and letters (after a bulk load or a
//! restore) and `differences` is the recount check of `yuanba check-stats`.
//! What each figure means is decided in `domain::statistics`, not here.

use std::collections::{BTreeMap, HashMap};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::dates;
use crate::db::DbConn;
use crate::db::schema::{agreements, case_events, case_follow_ups, case_performance, cases, judicial_confirmations};
use crate::db::stat_counts;
use crate::domain::agreement::AgreementKind;
use crate::domain::follow_up::Performance;
use crate::domain::mediation::{CaseSource, JudicialResult};
use crate::domain::mediation_workflow::CaseState;
use crate::domain::statistics::{self as rules, CaseFacts, CounterKey, Prevention};

/// The case columns the figures read.
type CaseRow = (
    (String, Option<i64>, String, Option<String>, String, String),
    (Option<String>, Option<String>, String, Option<String>, Option<String>),
    (i32, i32, i32, i32),
);

/// The case's other records the figures read, gathered per case.
#[derive(Default)]
struct Related {
    /// (version, kind, amount) of each agreement in force.
    in_force: Vec<(i32, String, i64)>,
    judicial: bool,
    /// (time, id, finding) of performance updates and follow-up visits.
    findings: Vec<(i64, String, String)>,
    /// (time, id, satisfaction) of follow-up visits.
    visits: Vec<(i64, String, i32)>,
    performed_at_once: bool,
    closed_at: Option<i64>,
}

fn load_cases(conn: &mut DbConn, lo: &str, hi: &str) -> QueryResult<Vec<CaseRow>> {
    cases::table
        .filter(cases::id.between(lo, hi))
        .order(cases::id.asc())
        .select((
            (
                cases::id,
                cases::accepted_at,
                cases::street_id,
                cases::community_id,
                cases::dispute_type,
                cases::source,
            ),
            (
                cases::lead_mediator_id,
                cases::mentor_id,
                cases::state,
                cases::escalation,
                cases::grid_id,
            ),
            (
                cases::prevent_criminal,
                cases::prevent_petition,
                cases::prevent_fight,
                cases::prevent_suicide,
            ),
        ))
        .load(conn)
}

/// The other records of the cases with ids in `lo..=hi` (each table's
/// case index, one range each: no IN-lists).
fn load_related(conn: &mut DbConn, lo: &str, hi: &str) -> QueryResult<HashMap<String, Related>> {
    let mut by_case = HashMap::<String, Related>::new();
    let rows: Vec<(String, i32, String, i64)> = agreements::table
        .filter(agreements::case_id.between(lo, hi))
        .filter(agreements::effective_on.ne(""))
        .select((
            agreements::case_id,
            agreements::version,
            agreements::kind,
            agreements::amount_cents,
        ))
        .load(conn)?;
    for (case, version, kind, amount) in rows {
        by_case.entry(case).or_default().in_force.push((version, kind, amount));
    }
    let rows: Vec<String> = judicial_confirmations::table
        .filter(judicial_confirmations::case_id.between(lo, hi))
        .filter(judicial_confirmations::result.eq(JudicialResult::Confirmed.code()))
        .select(judicial_confirmations::case_id)
        .load(conn)?;
    for case in rows {
        by_case.entry(case).or_default().judicial = true;
    }
    let rows: Vec<(String, i64, String, String)> = case_performance::table
        .filter(case_performance::case_id.between(lo, hi))
        .select((
            case_performance::case_id,
            case_performance::recorded_at,
            case_performance::id,
            case_performance::status,
        ))
        .load(conn)?;
    for (case, at, id, status) in rows {
        by_case.entry(case).or_default().findings.push((at, id, status));
    }
    let rows: Vec<(String, i64, String, String, i32)> = case_follow_ups::table
        .filter(case_follow_ups::case_id.between(lo, hi))
        .select((
            case_follow_ups::case_id,
            case_follow_ups::created_at,
            case_follow_ups::id,
            case_follow_ups::performance,
            case_follow_ups::satisfaction,
        ))
        .load(conn)?;
    for (case, at, id, finding, satisfaction) in rows {
        let entry = by_case.entry(case).or_default();
        entry.findings.push((at, id.clone(), finding));
        entry.visits.push((at, id, satisfaction));
    }
    let rows: Vec<(String, Option<String>, Option<String>, i64)> = case_events::table
        .filter(case_events::case_id.between(lo, hi))
        .filter(
            case_events::to_state
                .eq(CaseState::Closed.code())
                .or(case_events::to_state.eq(CaseState::FollowUp.code())),
        )
        .select((
            case_events::case_id,
            case_events::from_state,
            case_events::to_state,
            case_events::at,
        ))
        .load(conn)?;
    for (case, from, to, at) in rows {
        let entry = by_case.entry(case).or_default();
        if to.as_deref() == Some(CaseState::Closed.code()) {
            entry.closed_at = entry.closed_at.max(Some(at));
        } else if from.as_deref() == Some(CaseState::AgreementEffective.code()) {
            entry.performed_at_once = true;
        }
    }
    Ok(by_case)
}

/// The figures' facts of one case; `None` until it is accepted (a case not
/// accepted, or referred elsewhere, counts nowhere).
fn assemble(row: CaseRow, related: Option<&Related>) -> Option<CaseFacts> {
    let ((_, accepted_at, street_id, community_id, dispute_type, source), team, prevent) = row;
    let (lead_id, mentor_id, state, escalation, grid_id) = team;
    let accepted_at = accepted_at?;
    let state = CaseState::parse(&state)?;
    let empty = Related::default();
    let related = related.unwrap_or(&empty);
    let in_force = related.in_force.iter().max_by_key(|(version, _, _)| *version);
    let latest_finding = related
        .findings
        .iter()
        .max_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)))
        .and_then(|(_, _, code)| Performance::parse(code));
    let satisfaction = related
        .visits
        .iter()
        .max_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)))
        .map(|(_, _, s)| i64::from(*s));
    let closed = matches!(state, CaseState::Closed | CaseState::Archived);
    let closed_days = related
        .closed_at
        .filter(|_| closed)
        .map(|at| rules::days_to_close(dates::china_day(accepted_at), dates::china_day(at)));
    Some(CaseFacts {
        month: dates::china_month(accepted_at),
        street_id,
        community_id: community_id.unwrap_or_default(),
        grid_id,
        dispute_type,
        source: CaseSource::parse(&source).unwrap_or(CaseSource::Application),
        lead_id,
        mentor_id,
        outcome: rules::outcome(in_force.is_some(), state),
        oral: in_force.is_some_and(|(_, kind, _)| kind == AgreementKind::Oral.code()),
        amount_cents: in_force.map_or(0, |(_, _, amount)| *amount),
        performed: rules::performed(related.performed_at_once, latest_finding),
        judicial: related.judicial,
        prevention: Prevention {
            criminal: i64::from(prevent.0),
            petition: i64::from(prevent.1),
            fight: i64::from(prevent.2),
            suicide: i64::from(prevent.3),
        },
        difficult: escalation.is_some(),
        closed_days,
        satisfaction,
    })
}

/// The facts of the cases with ids in `lo..=hi`.
fn facts_in(conn: &mut DbConn, lo: &str, hi: &str) -> QueryResult<Vec<CaseFacts>> {
    let rows = load_cases(conn, lo, hi)?;
    let related = load_related(conn, lo, hi)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.0.0.clone();
            assemble(row, related.get(&id))
        })
        .collect())
}

/// One case's facts as they are now (inside the change's transaction).
pub fn facts_of(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<CaseFacts>> {
    Ok(facts_in(conn, case_id, case_id)?.pop())
}

/// Moves the counters from the case's facts `before` the change to its
/// facts now. Called last in the change's transaction, so a rollback takes
/// the counts back with the change.
pub fn record_change(conn: &mut DbConn, case_id: &str, before: Option<&CaseFacts>) -> QueryResult<()> {
    let after = facts_of(conn, case_id)?;
    for (key, delta) in rules::difference(before, after.as_ref()) {
        stat_counts::add(conn, &key, delta)?;
    }
    Ok(())
}

/// Cases read per step of a recount.
const CHUNK: i64 = 2_000;

/// The counters every case and letter should give.
fn recount(conn: &mut DbConn) -> QueryResult<BTreeMap<CounterKey, i64>> {
    let mut cells = BTreeMap::new();
    recount_cases(conn, &mut cells)?;
    super::letter_index::recount(conn, &mut cells)?;
    Ok(cells)
}

/// The counters every case should give, read a chunk of cases at a time.
fn recount_cases(conn: &mut DbConn, cells: &mut BTreeMap<CounterKey, i64>) -> QueryResult<()> {
    let mut after = String::new();
    loop {
        let ids: Vec<String> = cases::table
            .filter(cases::id.gt(&after))
            .order(cases::id.asc())
            .select(cases::id)
            .limit(CHUNK)
            .load(conn)?;
        let (Some(lo), Some(hi)) = (ids.first(), ids.last()) else {
            return Ok(());
        };
        for (key, n) in rules::totals(&facts_in(conn, lo, hi)?) {
            *cells.entry(key).or_default() += n;
        }
        after = hi.clone();
    }
}

/// Recomputes every counter from the cases and letters, in one transaction.
pub fn rebuild(conn: &mut DbConn) -> QueryResult<()> {
    crate::db::write_tx(conn, |conn| {
        // On PostgreSQL a writer may commit a case between the recount and
        // the insert of the new counters, and its increment would then meet
        // a deleted row and be lost. Locking the counters first makes every
        // writer either finish before the recount (and be counted by it) or
        // wait and increment the new rows; it also makes two rebuilds, from
        // two instances or timers, run one after the other. SQLite's
        // `BEGIN IMMEDIATE` already holds the only write lock.
        if matches!(conn, DbConn::Pg(_)) {
            conn.batch_execute("LOCK TABLE stat_counts IN SHARE ROW EXCLUSIVE MODE")?;
        }
        let cells = recount(conn)?;
        stat_counts::delete_all(conn)?;
        for (key, n) in &cells {
            stat_counts::insert(conn, key, *n)?;
        }
        Ok(())
    })
}

/// Rebuilds the counters when there are accepted cases or letters but no counter at all
/// (a database from before the counters existed). Runs at every start, so
/// both tests are EXISTS: loading the rows to keep the first read every
/// accepted case id, 2.4 G instructions and most of the start-up peak RSS
/// at 1M cases (BENCHMARKS.md, issue 13).
pub fn rebuild_if_missing(conn: &mut DbConn) -> QueryResult<bool> {
    use crate::db::schema::stat_counts as t;
    use diesel::dsl::exists;
    let counted: bool = diesel::select(exists(t::table.select(t::n))).get_result(conn)?;
    let accepted: bool = diesel::select(exists(
        cases::table.filter(cases::accepted_at.is_not_null()).select(cases::id),
    ))
    .get_result(conn)?;
    if counted || !(accepted || super::letter_index::any(conn)?) {
        return Ok(false);
    }
    rebuild(conn)?;
    Ok(true)
}

/// The recount check: every cell whose stored count differs from the
/// recount, as readable lines (empty when they agree). Reads every case
/// and letter (`letter_index`).
pub fn differences(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let expected = recount(conn)?;
    let mut stored = BTreeMap::<String, i64>::new();
    for (dim, month, street, community, value, metric, n) in stat_counts::all_nonzero(conn)? {
        stored.insert(format!("{dim}/{month}/{street}/{community}/{value}/{metric}"), n);
    }
    let mut found = Vec::new();
    for (key, n) in expected {
        let name = format!(
            "{}/{}/{}/{}/{}/{}",
            key.dim.code(),
            key.month,
            key.street_id,
            key.community_id,
            key.value,
            key.metric.code()
        );
        let have = stored.remove(&name).unwrap_or(0);
        if have != n {
            found.push(format!("{name}: stored {have}, recounted {n}"));
        }
    }
    for (name, have) in stored {
        found.push(format!("{name}: stored {have}, recounted 0"));
    }
    Ok(found)
}
