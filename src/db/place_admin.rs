//! The admin's side of the `places` table (issue 13): bounded pages of
//! children with their counts, batch inserts for the hierarchy import, and
//! the conditional writes of rename, move and retire. Each write names the
//! version it was read at, so two admins changing one place at once cannot
//! silently overwrite each other: the second matches no row.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::DbConn;
use super::places::{NewPlace, Place};
use super::schema::places;
use crate::domain::place::PlaceKind;

/// Ids per `IN (…)` list and rows per multi-row insert: well inside both
/// backends' limits on bound parameters.
const CHUNK: usize = 500;

/// The district: the one place without a parent.
pub fn district(conn: &mut DbConn) -> QueryResult<Option<Place>> {
    places::table
        .filter(places::kind.eq(PlaceKind::District))
        .filter(places::parent_id.is_null())
        .select(Place::as_select())
        .first(conn)
        .optional()
}

/// How many children each of `parents` has (retired ones included).
pub fn child_counts(conn: &mut DbConn, parents: &[String]) -> QueryResult<HashMap<String, i64>> {
    let mut counts = HashMap::new();
    for chunk in parents.chunks(CHUNK) {
        let rows: Vec<(Option<String>, i64)> = places::table
            .filter(places::parent_id.eq_any(chunk))
            .group_by(places::parent_id)
            .select((places::parent_id, diesel::dsl::count_star()))
            .load(conn)?;
        counts.extend(rows.into_iter().filter_map(|(p, n)| Some((p?, n))));
    }
    Ok(counts)
}

/// One page of a place's children in display order, and how many there are.
pub fn children_page(conn: &mut DbConn, parent_id: &str, offset: i64, limit: i64) -> QueryResult<(Vec<Place>, i64)> {
    let total = places::table
        .filter(places::parent_id.eq(parent_id))
        .count()
        .get_result(conn)?;
    let page = places::table
        .filter(places::parent_id.eq(parent_id))
        .order((places::sort_order.asc(), places::name.asc(), places::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(Place::as_select())
        .load(conn)?;
    Ok((page, total))
}

/// Every child of any of `parents` (the import matches names against them).
pub fn children_of(conn: &mut DbConn, parents: &[String]) -> QueryResult<Vec<Place>> {
    let mut all = Vec::new();
    for chunk in parents.chunks(CHUNK) {
        all.extend(
            places::table
                .filter(places::parent_id.eq_any(chunk))
                .select(Place::as_select())
                .load(conn)?,
        );
    }
    Ok(all)
}

/// Inserts the rows in multi-row statements with bound values (the names
/// come from an uploaded file). The multi-backend connection has no batch
/// insert, so each backend's own connection does it.
pub(crate) fn insert_many(conn: &mut DbConn, rows: &[NewPlace<'_>]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(CHUNK) {
        let query = diesel::insert_into(places::table).values(chunk);
        n += match conn {
            DbConn::Sqlite(c) => query.execute(c)?,
            DbConn::Pg(c) => query.execute(c)?,
        };
    }
    Ok(n)
}

/// Renames the place if it is still at `version`; false when it is not.
pub fn rename(conn: &mut DbConn, id: &str, version: i32, name: &str, short_name: Option<&str>) -> QueryResult<bool> {
    let n = diesel::update(places::table.find(id).filter(places::version.eq(version)))
        .set((
            places::name.eq(name),
            places::short_name.eq(short_name),
            places::version.eq(version + 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Moves the place under `parent_id` (last among its new siblings) if it is
/// still at `version`.
pub fn set_parent(conn: &mut DbConn, id: &str, version: i32, parent_id: &str, sort_order: i32) -> QueryResult<bool> {
    let n = diesel::update(places::table.find(id).filter(places::version.eq(version)))
        .set((
            places::parent_id.eq(parent_id),
            places::sort_order.eq(sort_order),
            places::version.eq(version + 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Retires the place (`Some(when)`) or restores it (`None`) if it is still
/// at `version`.
pub fn set_retired(conn: &mut DbConn, id: &str, version: i32, at: Option<i64>) -> QueryResult<bool> {
    let n = diesel::update(places::table.find(id).filter(places::version.eq(version)))
        .set((places::retired_at.eq(at), places::version.eq(version + 1)))
        .execute(conn)?;
    Ok(n == 1)
}

/// The retired places and everything below them: what pickers leave out.
/// Few places are ever retired, so this is a handful of small queries.
pub fn hidden(conn: &mut DbConn) -> QueryResult<HashSet<String>> {
    let retired: Vec<String> = places::table
        .filter(places::retired_at.is_not_null())
        .select(places::id)
        .load(conn)?;
    let mut hidden: HashSet<String> = retired.iter().cloned().collect();
    let mut level = retired;
    // Units are never in a picker of places; stop at compounds' children.
    for _ in 0..4 {
        if level.is_empty() {
            break;
        }
        let below: Vec<String> = children_of(conn, &level)?
            .into_iter()
            .map(|p| p.id)
            .filter(|id| !hidden.contains(id))
            .collect();
        hidden.extend(below.iter().cloned());
        level = below;
    }
    Ok(hidden)
}

/// Places of `kinds` whose name contains `text`, for the admin's search;
/// at most `limit`.
pub fn search(conn: &mut DbConn, text: &str, limit: i64) -> QueryResult<Vec<Place>> {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
    );
    places::table
        .filter(places::name.like(pattern).escape('\\'))
        .filter(
            places::kind
                .ne(PlaceKind::Building)
                .and(places::kind.ne(PlaceKind::Entrance))
                .and(places::kind.ne(PlaceKind::Unit)),
        )
        .order((places::kind.asc(), places::name.asc()))
        .limit(limit)
        .select(Place::as_select())
        .load(conn)
}

/// The places of `kinds` under any of `parents`, in display order: the
/// candidates for a move's new parent.
pub fn of_kinds_under(conn: &mut DbConn, parents: &[String], kinds: &[PlaceKind]) -> QueryResult<Vec<Place>> {
    let mut all: Vec<Place> = children_of(conn, parents)?
        .into_iter()
        .filter(|p| kinds.contains(&p.kind))
        .collect();
    all.sort_by(|a, b| (a.sort_order, &a.name).cmp(&(b.sort_order, &b.name)));
    Ok(all)
}
