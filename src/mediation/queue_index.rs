//! Derived data that keeps the queues and their counts independent of the
//! district's history (issue 10): the case team as rows, flagged open while
//! the case is in hand, and the exact totals shown on the "全部" tabs. Both
//! are written in the same transaction as the change that moves them;
//! `rebuild` recomputes them from the cases (after a bulk load or a
//! restore) and `differences` is the recount check.

use crate::domain::mediation::TeamRole;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::db::DbConn;
use crate::db::schema::{case_co_mediators, case_counters, case_team, cases};
use crate::domain::mediation_workflow::CaseState;

/// The counter of every case in the district.
pub const DISTRICT: &str = "district";

/// The counter of the cases registered in one street or town.
pub fn street_key(street_id: &str) -> String {
    format!("street:{street_id}")
}

/// One registered case more in the district and in its street. Called by
/// the transaction that inserts the case, so a rollback takes it back.
pub fn count_registered(conn: &mut DbConn, street_id: &str) -> QueryResult<()> {
    bump(conn, DISTRICT)?;
    bump(conn, &street_key(street_id))
}

/// An atomic increment (concurrent PostgreSQL transactions queue on the
/// row); the first case of a scope inserts its row inside a savepoint and
/// retries the UPDATE when a concurrent first insert won.
fn bump(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    for _ in 0..3 {
        let changed = diesel::update(case_counters::table.find(key))
            .set(case_counters::n.eq(case_counters::n + 1))
            .execute(conn)?;
        if changed == 1 {
            return Ok(());
        }
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(case_counters::table)
                .values((case_counters::counter_key.eq(key), case_counters::n.eq(1_i64)))
                .execute(conn)
        });
        match inserted {
            Ok(_) => return Ok(()),
            Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(diesel::result::Error::RollbackTransaction)
}

/// The value of one counter (0 when no case was ever counted there).
pub fn total(conn: &mut DbConn, key: &str) -> QueryResult<i64> {
    let query = case_counters::table.find(key).select(case_counters::n);
    Ok(crate::db::inline_limit::single(query, conn)?.unwrap_or(0))
}

/// One row of the case team.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_team)]
pub struct TeamRow {
    pub case_id: String,
    pub user_id: String,
    pub team_role: TeamRole,
    pub open: bool,
    /// The case's state, deadline and hold, copied so that a mediator's
    /// queue counts read their team rows only.
    pub state: CaseState,
    pub deadline_at: Option<i64>,
    pub on_hold: bool,
}

/// What a case's team rows copy from the case.
#[derive(Debug, Clone, Copy)]
struct Copied {
    state: CaseState,
    deadline_at: Option<i64>,
    on_hold: bool,
}

/// The team rows one case should have, from its lead, mentor,
/// co-mediators and state.
fn expected_rows(
    case_id: &str,
    lead: Option<&str>,
    mentor: Option<&str>,
    co: &[String],
    copied: Copied,
) -> Vec<TeamRow> {
    let row = |user: &str, team_role: TeamRole| TeamRow {
        case_id: case_id.to_owned(),
        user_id: user.to_owned(),
        team_role,
        open: copied.state.is_open(),
        state: copied.state,
        deadline_at: copied.deadline_at,
        on_hold: copied.on_hold,
    };
    let mut rows: Vec<TeamRow> = lead.map(|u| row(u, TeamRole::Lead)).into_iter().collect();
    rows.extend(mentor.map(|u| row(u, TeamRole::Mentor)));
    rows.extend(co.iter().map(|u| row(u, TeamRole::CoMediator)));
    rows.sort();
    rows
}

type TeamSource = (String, Option<String>, Option<String>, CaseState, Option<i64>, bool);

fn team_columns() -> (
    cases::id,
    cases::lead_mediator_id,
    cases::mentor_id,
    cases::state,
    cases::deadline_at,
    cases::on_hold,
) {
    (
        cases::id,
        cases::lead_mediator_id,
        cases::mentor_id,
        cases::state,
        cases::deadline_at,
        cases::on_hold,
    )
}

fn copied(state: CaseState, deadline_at: Option<i64>, on_hold: bool) -> Copied {
    Copied {
        state,
        deadline_at,
        on_hold,
    }
}

fn team_source(conn: &mut DbConn, case_id: &str) -> QueryResult<(TeamSource, Vec<String>)> {
    let case: TeamSource = cases::table.find(case_id).select(team_columns()).first(conn)?;
    let co = case_co_mediators::table
        .filter(case_co_mediators::case_id.eq(case_id))
        .select(case_co_mediators::user_id)
        .load(conn)?;
    Ok((case, co))
}

/// Rewrites one case's team rows from the case as it is now. Called in the
/// transaction of every change of a case (transitions, and edits such as a
/// hold or an extension that move the deadline); a case has a handful of
/// rows, so this costs the same at any size.
pub fn sync_case(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    let ((id, lead, mentor, state, deadline_at, on_hold), co) = team_source(conn, case_id)?;
    diesel::delete(case_team::table.filter(case_team::case_id.eq(case_id))).execute(conn)?;
    let copied = copied(state, deadline_at, on_hold);
    for row in expected_rows(&id, lead.as_deref(), mentor.as_deref(), &co, copied) {
        diesel::insert_into(case_team::table).values(&row).execute(conn)?;
    }
    Ok(())
}

/// The states whose cases are no longer in hand, as SQL literals.
fn closed_states_sql() -> String {
    CaseState::all()
        .filter(|s| !s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Recomputes every team row and counter from the cases, in set-based SQL
/// (a million cases take seconds, not a row-by-row loop).
pub fn rebuild(conn: &mut DbConn) -> QueryResult<()> {
    let closed = closed_states_sql();
    let statements = [
        "DELETE FROM case_team".to_owned(),
        "DELETE FROM case_counters".to_owned(),
        format!(
            "INSERT INTO case_team (case_id, user_id, team_role, open, state, deadline_at, on_hold) \
             SELECT id, lead_mediator_id, 'lead', state NOT IN ({closed}), state, deadline_at, on_hold \
             FROM cases WHERE lead_mediator_id IS NOT NULL"
        ),
        format!(
            "INSERT INTO case_team (case_id, user_id, team_role, open, state, deadline_at, on_hold) \
             SELECT id, mentor_id, 'mentor', state NOT IN ({closed}), state, deadline_at, on_hold \
             FROM cases WHERE mentor_id IS NOT NULL"
        ),
        format!(
            "INSERT INTO case_team (case_id, user_id, team_role, open, state, deadline_at, on_hold) \
             SELECT m.case_id, m.user_id, 'co_mediator', c.state NOT IN ({closed}), c.state, c.deadline_at, c.on_hold \
             FROM case_co_mediators m JOIN cases c ON c.id = m.case_id"
        ),
        format!("INSERT INTO case_counters (counter_key, n) SELECT '{DISTRICT}', COUNT(*) FROM cases"),
        "INSERT INTO case_counters (counter_key, n) \
         SELECT 'street:' || street_id, COUNT(*) FROM cases GROUP BY street_id"
            .to_owned(),
    ];
    for sql in statements {
        diesel::sql_query(sql).execute(conn)?;
    }
    Ok(())
}

/// The recount check: every way the stored team rows and counters differ
/// from what the cases say, as readable lines (empty when they agree).
/// Reads every case, so it is for tests and maintenance, not for pages.
pub fn differences(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let mut found = Vec::new();
    let all: Vec<(TeamSource, String)> = cases::table.select((team_columns(), cases::street_id)).load(conn)?;
    // Every co-mediator at once, grouped by case: one query, not one per case.
    let mut co_by_case = std::collections::HashMap::<String, Vec<String>>::new();
    let pairs: Vec<(String, String)> = case_co_mediators::table
        .select((case_co_mediators::case_id, case_co_mediators::user_id))
        .load(conn)?;
    for (case_id, user_id) in pairs {
        co_by_case.entry(case_id).or_default().push(user_id);
    }
    let mut expected = Vec::new();
    let mut per_street = std::collections::BTreeMap::<String, i64>::new();
    for ((id, lead, mentor, state, deadline_at, on_hold), street) in &all {
        let co = co_by_case.get(id).map(Vec::as_slice).unwrap_or_default();
        let copied = copied(*state, *deadline_at, *on_hold);
        expected.extend(expected_rows(id, lead.as_deref(), mentor.as_deref(), co, copied));
        *per_street.entry(street_key(street)).or_default() += 1;
    }
    expected.sort();
    let mut stored: Vec<TeamRow> = case_team::table.select(TeamRow::as_select()).load(conn)?;
    stored.sort();
    if stored != expected {
        found.push(format!("team rows: stored {stored:?}, expected {expected:?}"));
    }
    per_street.insert(DISTRICT.to_owned(), all.len() as i64);
    for (key, n) in per_street {
        let have = total(conn, &key)?;
        if have != n {
            found.push(format!("counter {key}: stored {have}, expected {n}"));
        }
    }
    Ok(found)
}

/// How many cases in hand of `user` are in `states` (any state when empty)
/// and, with `period_ended_at`, past their deadline and not on hold: one
/// range of the (user, open, state, deadline) index of the team rows, so it
/// costs the cases it counts, not the mediator's backlog or history.
pub fn count_in_hand(
    conn: &mut DbConn,
    user: &str,
    states: &[CaseState],
    period_ended_at: Option<i64>,
) -> QueryResult<i64> {
    let mut query = case_team::table
        .filter(case_team::user_id.eq(user.to_owned()))
        .filter(case_team::open.eq(true))
        .select(diesel::dsl::count(case_team::case_id).aggregate_distinct())
        .into_boxed();
    if let Some((first, rest)) = states.split_first() {
        // `state = a OR state = b`: a fixed shape that diesel keeps prepared.
        let mut any: Box<dyn BoxableExpression<case_team::table, crate::db::DbBackend, SqlType = Bool>> =
            Box::new(case_team::state.eq(*first));
        for s in rest {
            any = Box::new(any.or(case_team::state.eq(*s)));
        }
        query = query.filter(any);
    }
    if let Some(t) = period_ended_at {
        query = query
            .filter(case_team::deadline_at.le(t))
            .filter(case_team::on_hold.eq(false));
    }
    query.get_result(conn)
}
