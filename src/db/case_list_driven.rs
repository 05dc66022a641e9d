//! Case lists read through a side index in case-id order (issue 10). A
//! mediator's cases in hand and history (`case_team`, user and open or
//! closed) and a party-name
//! search (`case_parties` by the name's first two characters) can hold tens
//! of thousands of cases at a million; `cases.id IN (all of them)` costs
//! that many rows per page. Here the side index is read newest first, a
//! chunk at a time, and each chunk is filtered against `cases` until the
//! page is full: with no further filter the first chunk fills it.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::DbConn;
use super::cases::{Case, CaseFilter, CaseScope, Resolved, filtered, is_case_number, resolve, scoped};
use super::inline_limit::newest_first;
use super::schema::{case_parties, case_team, cases};

/// Side-index rows read per round.
const CHUNK: i64 = 200;

/// Which side index leads the list.
pub enum Driver {
    /// The cases a mediator has in hand (a busy mediator's backlog).
    InHand(String),
    /// The closed cases a mediator was on.
    Ended(String),
    /// Parties whose name starts with the term (two characters or more).
    NamePrefix(String),
}

impl Driver {
    pub fn of(scope: &CaseScope, filter: &CaseFilter) -> Option<Self> {
        if let Some(term) = filter.search.as_deref() {
            // A one-character prefix has no two-character key to read by.
            if !is_case_number(term) && term.chars().count() >= 2 {
                return Some(Self::NamePrefix(term.to_owned()));
            }
            return None;
        }
        match scope {
            CaseScope::Mediator(user) => Some(Self::InHand(user.clone())),
            CaseScope::MediatorEnded(user) => Some(Self::Ended(user.clone())),
            _ => None,
        }
    }

    /// Up to `n` case ids, newest first, below `before`.
    fn ids(&self, conn: &mut DbConn, before: Option<&str>, n: i64) -> QueryResult<Vec<String>> {
        match self {
            Self::InHand(user) | Self::Ended(user) => {
                let open = matches!(self, Self::InHand(_));
                let mut q = case_team::table
                    .filter(case_team::user_id.eq(user.clone()))
                    .filter(case_team::open.eq(open))
                    .select(case_team::case_id)
                    .into_boxed();
                if let Some(b) = before {
                    q = q.filter(case_team::case_id.lt(b.to_owned()));
                }
                q.order(newest_first("case_team.case_id", n)).load(conn)
            }
            Self::NamePrefix(term) => {
                let key: String = term.chars().take(2).collect();
                // The same expression as the index `case_parties_name_key_idx`,
                // so both backends read it in (key, case_id) order.
                let mut q = case_parties::table
                    .filter(sql::<Bool>("substr(name, 1, 2) = ").bind::<Text, _>(key))
                    .filter(case_parties::name.like(format!("{}%", escape_like(term))).escape('\\'))
                    .select(case_parties::case_id)
                    .into_boxed();
                if let Some(b) = before {
                    q = q.filter(case_parties::case_id.lt(b.to_owned()));
                }
                q.order(newest_first("case_parties.case_id", n)).load(conn)
            }
        }
    }
}

/// `%`, `_` and `\` in a typed name match themselves.
fn escape_like(term: &str) -> String {
    term.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect()
}

/// A page of at most `limit` cases, newest first, below `filter.before_id`.
pub fn list(
    conn: &mut DbConn,
    driver: &Driver,
    scope: &CaseScope,
    filter: &CaseFilter,
    limit: i64,
) -> QueryResult<Vec<Case>> {
    // The driver already applies the history scope and the name match.
    let scope = match driver {
        Driver::InHand(_) | Driver::Ended(_) => Resolved::All,
        Driver::NamePrefix(_) => resolve(scope),
    };
    let rest = CaseFilter {
        search: None,
        before_id: None,
        ..filter.clone()
    };
    // With nothing to filter out, every id read is a row of the page: read
    // just the page's worth, not a whole chunk of lookups in `cases`.
    let unfiltered = matches!(scope, Resolved::All) && rest == CaseFilter::default();
    let mut page: Vec<Case> = Vec::new();
    let mut before = filter.before_id.clone();
    loop {
        let chunk = if unfiltered { limit - page.len() as i64 } else { CHUNK };
        let mut ids = driver.ids(conn, before.as_deref(), chunk)?;
        let read = ids.len();
        let Some(last) = ids.last().cloned() else { break };
        ids.dedup();
        let wanted = limit - page.len() as i64;
        let found = filtered(
            scoped(cases::table.select(Case::as_select()).into_boxed(), &scope),
            &rest,
        )
        .filter(cases::id.eq_any(ids))
        .order(newest_first("cases.id", wanted))
        .load(conn)?;
        page.extend(found);
        if page.len() as i64 >= limit || (read as i64) < chunk {
            break;
        }
        before = Some(last);
    }
    Ok(page)
}
