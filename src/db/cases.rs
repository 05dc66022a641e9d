//! The `cases` table: one row per dispute case, with a version column for
//! optimistic concurrency.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{case_co_mediators, case_parties, case_team, cases};
use crate::domain::mediation::{CaseSource, DisputeType, Escalation, RiskLevel};
use crate::domain::mediation_workflow::CaseState;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
pub struct Case {
    pub id: String,
    pub committee_id: String,
    pub street_id: String,
    pub community_id: Option<String>,
    pub case_year: Option<i32>,
    pub case_seq: Option<i32>,
    pub case_number: Option<String>,
    pub state: CaseState,
    pub source: CaseSource,
    pub external_ref: String,
    pub dispute_type: DisputeType,
    pub summary: String,
    pub requests: String,
    pub place_detail: String,
    pub risk_level: Option<RiskLevel>,
    pub on_hold: bool,
    pub hold_reason: String,
    pub hold_started_at: Option<i64>,
    pub hold_days: i32,
    pub extension_days: i32,
    pub escalation: Option<Escalation>,
    pub prevent_criminal: i32,
    pub prevent_petition: i32,
    pub prevent_fight: i32,
    pub prevent_suicide: i32,
    pub police_report: String,
    pub lead_mediator_id: Option<String>,
    pub mentor_id: Option<String>,
    pub previous_state: Option<CaseState>,
    pub outcome_note: String,
    pub archive_volume: String,
    pub archive_retention: String,
    pub archived_by: Option<String>,
    pub receipt_hash: Option<String>,
    pub registered_by: Option<String>,
    pub accepted_at: Option<i64>,
    pub deadline_at: Option<i64>,
    pub state_entered_at: i64,
    pub version: i32,
    pub created_at: i64,
    pub updated_at: i64,
    /// The resident account that applied online, if they were logged in
    /// or later attached the case with its receipt code.
    pub applicant_user_id: Option<String>,
    /// Below the street and community, where known (DESIGN.md §5.1).
    pub grid_id: Option<String>,
    pub compound_id: Option<String>,
    /// The admins' local type the case was filed under (`dispute_types`
    /// row with `maps_to`); `dispute_type` is its statutory type.
    pub local_type: Option<String>,
}

/// Fields a transition or an edit may change; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = cases)]
pub struct CaseChanges {
    pub state: Option<CaseState>,
    pub previous_state: Option<Option<CaseState>>,
    pub state_entered_at: Option<i64>,
    pub case_year: Option<Option<i32>>,
    pub case_seq: Option<Option<i32>>,
    pub case_number: Option<Option<String>>,
    pub accepted_at: Option<Option<i64>>,
    pub deadline_at: Option<Option<i64>>,
    pub lead_mediator_id: Option<Option<String>>,
    pub mentor_id: Option<Option<String>>,
    pub risk_level: Option<Option<RiskLevel>>,
    pub on_hold: Option<bool>,
    pub hold_reason: Option<String>,
    pub hold_started_at: Option<Option<i64>>,
    pub hold_days: Option<i32>,
    pub extension_days: Option<i32>,
    pub escalation: Option<Option<Escalation>>,
    pub prevent_criminal: Option<i32>,
    pub prevent_petition: Option<i32>,
    pub prevent_fight: Option<i32>,
    pub prevent_suicide: Option<i32>,
    pub police_report: Option<String>,
    pub outcome_note: Option<String>,
    /// The court's case number of a court-entrusted case (issue 16).
    pub external_ref: Option<String>,
    pub archive_volume: Option<String>,
    pub archive_retention: Option<String>,
    pub archived_by: Option<Option<String>>,
}

// ---- local methods

impl Case {
    pub fn state(&self) -> CaseState {
        self.state
    }

    /// The China day number of the period's last day: `deadline_at` is the
    /// midnight after it (the period ends at 24:00, Civil Code Art. 203).
    pub fn deadline_day(&self) -> Option<i64> {
        self.deadline_at.map(crate::domain::legal_period::last_day_of)
    }

    /// The last day as people read it, `2027-01-04`; "" without a deadline.
    pub fn deadline_text(&self) -> String {
        self.deadline_day().map(crate::dates::day_text).unwrap_or_default()
    }

    /// Overdue from 24:00 of the last day on, i.e. `now >= deadline_at`,
    /// as the overdue queue counts; never while on hold.
    pub fn is_overdue(&self, now: i64) -> bool {
        let Some(end) = self.deadline_at else {
            return false;
        };
        !self.on_hold && crate::domain::mediation_workflow::is_overdue(now, end, self.state())
    }
}

// ---- database methods

pub fn insert(conn: &mut DbConn, case: &Case) -> QueryResult<()> {
    diesel::insert_into(cases::table).values(case).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Case>> {
    super::inline_limit::single(cases::table.find(id).select(Case::as_select()), conn)
}

/// The case, locked for the rest of the write transaction. On PostgreSQL
/// `FOR UPDATE` makes a second writer of the same case wait here until the
/// first commits, so it then sees the new version and stops before writing
/// anything. On SQLite `BEGIN IMMEDIATE` already holds the only write lock.
pub fn find_for_change(conn: &mut DbConn, id: &str) -> QueryResult<Option<Case>> {
    match conn {
        DbConn::Pg(pg) => cases::table
            .find(id)
            .select(Case::as_select())
            .for_update()
            .first(pg)
            .optional(),
        DbConn::Sqlite(_) => find(conn, id),
    }
}

pub fn find_by_receipt(conn: &mut DbConn, receipt_hash: &str) -> QueryResult<Option<Case>> {
    cases::table
        .filter(cases::receipt_hash.eq(receipt_hash))
        .select(Case::as_select())
        .first(conn)
        .optional()
}

/// Applies `changes` only if nobody changed the case since `seen_version`.
/// Returns false on a conflict; the caller shows what changed.
pub fn update_versioned(
    conn: &mut DbConn,
    id: &str,
    seen_version: i32,
    changes: &CaseChanges,
    now: i64,
) -> QueryResult<bool> {
    let rows = diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::version.eq(seen_version)),
    )
    .set((changes, cases::version.eq(seen_version + 1), cases::updated_at.eq(now)))
    .execute(conn)?;
    Ok(rows == 1)
}

/// The cases a resident applied for, newest first.
pub fn for_applicant(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<Case>> {
    cases::table
        .filter(cases::applicant_user_id.eq(user_id))
        .order(cases::created_at.desc())
        .limit(limit)
        .select(Case::as_select())
        .load(conn)
}

/// Links an application made without an account to `user_id`; false when
/// it already belongs to an account.
pub fn attach_applicant(conn: &mut DbConn, id: &str, user_id: &str) -> QueryResult<bool> {
    let n = diesel::update(
        cases::table
            .find(id)
            .filter(cases::applicant_user_id.is_null())
            .filter(cases::registered_by.is_null()),
    )
    .set(cases::applicant_user_id.eq(user_id))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn co_mediators(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<String>> {
    case_co_mediators::table
        .filter(case_co_mediators::case_id.eq(case_id))
        .select(case_co_mediators::user_id)
        .load(conn)
}

/// Who may see a list: everything, one street, or the cases a mediator is on.
#[derive(Debug, Clone)]
pub enum CaseScope {
    All,
    Street(String),
    /// The cases a mediator is on that are still in hand (not closed).
    Mediator(String),
    /// The closed and ended cases a mediator was on: their history.
    MediatorEnded(String),
    /// Cases already chosen by the caller (e.g. those awaiting a reviewer).
    Ids(Vec<String>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    pub states: Vec<CaseState>,
    pub dispute_type: Option<DisputeType>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub risk_level: Option<RiskLevel>,
    pub created_from: Option<i64>,
    pub created_to: Option<i64>,
    /// A case number (or its tail) or a party's name (or its start).
    pub search: Option<String>,
    pub unassigned: bool,
    /// Only cases whose period had ended at this time (`deadline_at <= t`).
    pub period_ended_at: Option<i64>,
    /// Only cases this user must review (as mentor, or as committee head of a senior-led case).
    pub before_id: Option<String>,
}

pub(super) type BoxedCases<'a, ST> = cases::BoxedQuery<'a, crate::db::DbBackend, ST>;

/// The scope as a query can use it. A mediator's cases come from the team
/// rows (`mediation::queue_index`), flagged open while the case is in hand:
/// one short index range, however many cases the mediator ever had. Both
/// are written as a subquery rather than a bound list of ids: the statement
/// then has a fixed shape, so diesel keeps it prepared instead of planning
/// it again on every page for every tab (a bound `IN (…)` is never cached).
pub(super) enum Resolved {
    All,
    Street(String),
    Ids(Vec<String>),
    Open(String),
    Ended(String),
}

pub(super) fn resolve(scope: &CaseScope) -> Resolved {
    match scope {
        CaseScope::All => Resolved::All,
        CaseScope::Street(street) => Resolved::Street(street.clone()),
        CaseScope::Mediator(user) => Resolved::Open(user.clone()),
        CaseScope::MediatorEnded(user) => Resolved::Ended(user.clone()),
        CaseScope::Ids(ids) => Resolved::Ids(ids.clone()),
    }
}

pub(super) fn scoped<'a, ST: 'a>(mut query: BoxedCases<'a, ST>, scope: &Resolved) -> BoxedCases<'a, ST> {
    match scope {
        Resolved::All => {}
        Resolved::Street(street) => query = query.filter(cases::street_id.eq(street.clone())),
        Resolved::Ids(ids) => query = query.filter(cases::id.eq_any(ids.clone())),
        Resolved::Open(user) => query = query.filter(cases::id.eq_any(team_cases(user, true))),
        Resolved::Ended(user) => query = query.filter(cases::id.eq_any(team_cases(user, false))),
    }
    query
}

/// The team rows' case ids of one user, in hand or ended.
type TeamCases = diesel::dsl::Select<
    diesel::dsl::Filter<
        diesel::dsl::Filter<case_team::table, diesel::dsl::Eq<case_team::user_id, String>>,
        diesel::dsl::Eq<case_team::open, bool>,
    >,
    case_team::case_id,
>;

/// The cases `user` is on, in hand (`open`) or ended.
fn team_cases(user: &str, open: bool) -> TeamCases {
    case_team::table
        .filter(case_team::user_id.eq(user.to_owned()))
        .filter(case_team::open.eq(open))
        .select(case_team::case_id)
}

pub(super) fn filtered<'a, ST: 'a>(mut query: BoxedCases<'a, ST>, filter: &CaseFilter) -> BoxedCases<'a, ST> {
    // One state as `=`, so the (street, state, id) index also gives the order.
    match filter.states.as_slice() {
        [] => {}
        [one] => query = query.filter(cases::state.eq(*one)),
        many => query = query.filter(any_state(many)),
    }
    if let Some(t) = &filter.dispute_type {
        query = query.filter(cases::dispute_type.eq(*t));
    }
    if let Some(s) = &filter.street_id {
        query = query.filter(cases::street_id.eq(s.clone()));
    }
    if let Some(c) = &filter.community_id {
        query = query.filter(cases::community_id.eq(c.clone()));
    }
    if let Some(r) = &filter.risk_level {
        query = query.filter(cases::risk_level.eq(*r));
    }
    if let Some(from) = filter.created_from {
        query = query.filter(cases::created_at.ge(from));
    }
    if let Some(to) = filter.created_to {
        query = query.filter(cases::created_at.lt(to));
    }
    if filter.unassigned {
        query = query.filter(cases::lead_mediator_id.is_null());
    }
    if let Some(t) = filter.period_ended_at {
        query = query.filter(cases::deadline_at.le(t)).filter(cases::on_hold.eq(false));
    }
    if let Some(term) = &filter.search {
        query = query.filter(search_condition(term));
    }
    query
}

/// `state = a OR state = b …`: unlike `IN (…)`, diesel keeps this statement
/// prepared, so the queue counts every page shows are not planned again
/// each time (issue 10); both backends read it as IN.
fn any_state(
    states: &[CaseState],
) -> Box<dyn BoxableExpression<cases::table, crate::db::DbBackend, SqlType = diesel::sql_types::Bool>> {
    let mut states = states.iter();
    let first: Box<dyn BoxableExpression<cases::table, crate::db::DbBackend, SqlType = diesel::sql_types::Bool>> =
        match states.next() {
            Some(s) => Box::new(cases::state.eq(*s)),
            None => Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 0")),
        };
    states.fold(first, |acc, s| Box::new(acc.or(cases::state.eq(*s))))
}

/// A full case number matches exactly (its unique index); anything else is a
/// party-name prefix. The prefix is also written as a range so that the name
/// index serves it on both backends (SQLite's LIKE is case-insensitive and
/// cannot use a plain index); the LIKE keeps the match exact.
pub(super) fn is_case_number(term: &str) -> bool {
    term.contains('号') || term.contains("人调字")
}

fn search_condition(
    term: &str,
) -> Box<dyn BoxableExpression<cases::table, crate::db::DbBackend, SqlType = diesel::sql_types::Bool>> {
    if is_case_number(term) {
        return Box::new(cases::case_number.eq(term.to_owned()).assume_not_null());
    }
    let upper = format!("{term}\u{10ffff}");
    let by_party = case_parties::table
        .filter(case_parties::name.ge(term.to_owned()))
        .filter(case_parties::name.lt(upper))
        .filter(case_parties::name.like(format!("{term}%")))
        .select(case_parties::case_id);
    Box::new(cases::id.eq_any(by_party))
}

/// Newest first, keyset-paginated on the time-ordered id. A mediator's
/// history and a party-name search are read through their own index in id
/// order (`case_list_driven`), so a page costs the same however long the
/// history or however common the name.
pub fn list(conn: &mut DbConn, scope: &CaseScope, filter: &CaseFilter, limit: i64) -> QueryResult<Vec<Case>> {
    if let Some(driver) = super::case_list_driven::Driver::of(scope, filter) {
        return super::case_list_driven::list(conn, &driver, scope, filter, limit);
    }
    let scope = resolve(scope);
    let mut query = filtered(
        scoped(cases::table.select(Case::as_select()).into_boxed(), &scope),
        filter,
    );
    if let Some(before) = &filter.before_id {
        query = query.filter(cases::id.lt(before.clone()));
    }
    query
        .order(super::inline_limit::newest_first("cases.id", limit))
        .load(conn)
}

/// The oldest cases of a queue (the staff home's "waiting longest"). Only
/// queues of work in hand are asked, and the scope's index gives the order.
pub fn oldest(conn: &mut DbConn, scope: &CaseScope, filter: &CaseFilter, limit: i64) -> QueryResult<Vec<Case>> {
    let scope = resolve(scope);
    filtered(
        scoped(cases::table.select(Case::as_select()).into_boxed(), &scope),
        filter,
    )
    .order(cases::id.asc())
    .limit(limit)
    .load(conn)
}

/// How many cases a queue holds, for the counts on its tab.
pub fn count_filtered(conn: &mut DbConn, scope: &CaseScope, filter: &CaseFilter) -> QueryResult<i64> {
    let scope = resolve(scope);
    filtered(
        scoped(cases::table.select(diesel::dsl::count_star()).into_boxed(), &scope),
        filter,
    )
    .get_result(conn)
}

/// A case in a review state with the people who decide who may sign it.
#[derive(Debug, Clone, Queryable)]
pub struct ReviewCandidate {
    pub id: String,
    pub state: CaseState,
    pub lead_mediator_id: Option<String>,
    pub mentor_id: Option<String>,
    pub committee_id: String,
}

/// Cases in `states` that `user` mentors or whose committee is among
/// `committee_ids`, through the (mentor, state) and (committee, state) indexes.
pub fn review_candidates(
    conn: &mut DbConn,
    user: &str,
    committee_ids: &[String],
    states: &[CaseState],
) -> QueryResult<Vec<ReviewCandidate>> {
    let columns = (
        cases::id,
        cases::state,
        cases::lead_mediator_id,
        cases::mentor_id,
        cases::committee_id,
    );
    // One statement per committee rather than `committee_id IN (…)`: a
    // head has one committee, and a fixed shape stays prepared.
    let mut found: Vec<ReviewCandidate> = cases::table
        .filter(cases::mentor_id.eq(user))
        .filter(any_state(states))
        .select(columns)
        .load(conn)?;
    for committee in committee_ids {
        found.extend(
            cases::table
                .filter(cases::committee_id.eq(committee))
                .filter(any_state(states))
                .select(columns)
                .load::<ReviewCandidate>(conn)?,
        );
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

/// The case numbers of the given cases, as (id, number): one query for a
/// page of rows that name their cases.
pub fn numbers_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, Option<String>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    cases::table
        .filter(cases::id.eq_any(ids))
        .select((cases::id, cases::case_number))
        .load(conn)
}
