//! `screenings`: the screening rounds (排查) a street's staff record, and
//! their sums for the statistics (indexed by street and month; a district
//! holds thousands of rounds a year, not millions).

use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use super::DbConn;
use super::schema::screenings;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = screenings)]
pub struct ScreeningRow {
    pub id: String,
    pub street_id: String,
    pub community_id: Option<String>,
    pub held_on: String,
    pub month: i32,
    pub conducted_by: String,
    pub disputes_found: i32,
    pub disputes_prevented: i32,
    pub cases_opened: i32,
    pub findings: String,
    pub created_at: i64,
    /// Cases registered from this round (`cases.screening_id`).
    pub cases_linked: i32,
    /// The grid the round walked, when it covered one.
    pub grid_id: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &ScreeningRow) -> QueryResult<()> {
    diesel::insert_into(screenings::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Links one more registered case to round `id` of `street_id`, in the
/// registration's transaction: one conditional UPDATE, so a round never
/// links more cases than the disputes it reported opening, whatever runs
/// at the same time. False when the round is not this street's or full.
pub fn link_case(conn: &mut DbConn, id: &str, street_id: &str) -> QueryResult<bool> {
    let changed = diesel::update(
        screenings::table
            .filter(screenings::id.eq(id))
            .filter(screenings::street_id.eq(street_id))
            .filter(screenings::cases_linked.lt(screenings::cases_opened)),
    )
    .set(screenings::cases_linked.eq(screenings::cases_linked + 1))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The case numbers (or "" before acceptance) and ids registered from a round.
pub fn linked_cases(conn: &mut DbConn, id: &str) -> QueryResult<Vec<(String, Option<String>)>> {
    use super::schema::cases;
    cases::table
        .filter(cases::screening_id.eq(id))
        .order(cases::created_at.asc())
        .select((cases::id, cases::case_number))
        .load(conn)
}

/// The newest rounds of one street (or of the district), latest held first.
pub fn recent(conn: &mut DbConn, street_id: Option<&str>, n: i64) -> QueryResult<Vec<ScreeningRow>> {
    let mut query = screenings::table.select(ScreeningRow::as_select()).into_boxed();
    if let Some(street) = street_id {
        query = query.filter(screenings::street_id.eq(street.to_owned()));
    }
    query
        .order((
            screenings::held_on.desc(),
            crate::db::inline_limit::newest_first("screenings.id", n),
        ))
        .load(conn)
}

/// Rounds, disputes found, prevented and cases opened in months
/// `from..=to` (YYYYMM), in one street or the district.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScreeningTotals {
    pub rounds: i64,
    pub found: i64,
    pub prevented: i64,
    pub opened: i64,
}

/// Where the totals are summed: the district (all `None`), a street, a
/// community of it, or one grid.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScreeningArea<'a> {
    pub street_id: Option<&'a str>,
    pub community_id: Option<&'a str>,
    pub grid_id: Option<&'a str>,
}

pub fn totals(conn: &mut DbConn, area: ScreeningArea<'_>, from: i32, to: i32) -> QueryResult<ScreeningTotals> {
    let mut query = screenings::table
        .filter(screenings::month.between(from, to))
        .select((
            count_star(),
            sum(screenings::disputes_found),
            sum(screenings::disputes_prevented),
            sum(screenings::cases_opened),
        ))
        .into_boxed();
    if let Some(street) = area.street_id {
        query = query.filter(screenings::street_id.eq(street.to_owned()));
    }
    if let Some(community) = area.community_id {
        query = query.filter(screenings::community_id.eq(community.to_owned()));
    }
    if let Some(grid) = area.grid_id {
        query = query.filter(screenings::grid_id.eq(grid.to_owned()));
    }
    let (rounds, found, prevented, opened): (i64, Option<i64>, Option<i64>, Option<i64>) = query.get_result(conn)?;
    Ok(ScreeningTotals {
        rounds,
        found: found.unwrap_or(0),
        prevented: prevented.unwrap_or(0),
        opened: opened.unwrap_or(0),
    })
}
