//! The `stat_counts` table: the statistics counters (issue 13). Writes are
//! atomic increments in the caller's transaction; reads sum the cells of a
//! filter, grouped by one column, in the database.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::DbConn;
use super::schema::stat_counts;
use crate::domain::statistics::{ANY, CounterKey, Dim};

/// Moves one cell by `delta`. The UPDATE is atomic (concurrent PostgreSQL
/// transactions queue on the row); a cell's first count inserts its row
/// inside a savepoint and retries the UPDATE when a concurrent insert won.
pub fn add(conn: &mut DbConn, key: &CounterKey, delta: i64) -> QueryResult<()> {
    for _ in 0..3 {
        let changed = diesel::update(stat_counts::table.find((
            key.dim.code(),
            &key.street_id,
            &key.community_id,
            key.month,
            &key.value,
            key.metric.code(),
        )))
        .set(stat_counts::n.eq(stat_counts::n + delta))
        .execute(conn)?;
        if changed == 1 {
            return Ok(());
        }
        match conn.transaction(|conn| insert(conn, key, delta)) {
            Ok(()) => return Ok(()),
            Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(diesel::result::Error::RollbackTransaction)
}

pub fn insert(conn: &mut DbConn, key: &CounterKey, n: i64) -> QueryResult<()> {
    diesel::insert_into(stat_counts::table)
        .values((
            stat_counts::dim.eq(key.dim.code()),
            stat_counts::month.eq(key.month),
            stat_counts::street_id.eq(&key.street_id),
            stat_counts::community_id.eq(&key.community_id),
            stat_counts::dim_value.eq(&key.value),
            stat_counts::metric.eq(key.metric.code()),
            stat_counts::n.eq(n),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn delete_all(conn: &mut DbConn) -> QueryResult<()> {
    diesel::delete(stat_counts::table).execute(conn).map(|_| ())
}

/// A stored cell: dim, month, street, community, dim value, metric, count.
pub type StoredCell = (String, i32, String, String, String, String, i64);

/// Every stored cell with a count (the recount check compares them).
pub fn all_nonzero(conn: &mut DbConn) -> QueryResult<Vec<StoredCell>> {
    stat_counts::table
        .filter(stat_counts::n.ne(0))
        .select((
            stat_counts::dim,
            stat_counts::month,
            stat_counts::street_id,
            stat_counts::community_id,
            stat_counts::dim_value,
            stat_counts::metric,
            stat_counts::n,
        ))
        .load(conn)
}

/// Which cells a figure reads: months `from..=to`, the district or one
/// street or one community of it, optionally one row of the breakdown.
#[derive(Debug, Clone, Default)]
pub struct CellFilter {
    pub from: i32,
    pub to: i32,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub value: Option<String>,
}

/// What the sums are grouped by besides the metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Value,
    Month,
    Street,
    Community,
}

type Predicate = Box<dyn BoxableExpression<stat_counts::table, crate::db::DbBackend, SqlType = Bool>>;

/// The cells of one level: the district's roll-up, a street's, one
/// community's; or, to group by area, every street's roll-up or every
/// community of one street.
fn predicate(dim: Dim, filter: &CellFilter, by: GroupBy) -> Predicate {
    let mut pred: Predicate = Box::new(
        stat_counts::dim
            .eq(dim.code())
            .and(stat_counts::month.between(filter.from, filter.to)),
    );
    let street = filter.street_id.clone().unwrap_or_else(|| ANY.to_owned());
    let community = filter.community_id.clone().unwrap_or_else(|| ANY.to_owned());
    pred = match by {
        GroupBy::Street => Box::new(
            pred.and(stat_counts::community_id.eq(ANY))
                .and(stat_counts::street_id.ne(ANY)),
        ),
        GroupBy::Community => Box::new(
            pred.and(stat_counts::street_id.eq(street))
                .and(stat_counts::community_id.ne(ANY)),
        ),
        GroupBy::Value | GroupBy::Month => Box::new(
            pred.and(stat_counts::street_id.eq(street))
                .and(stat_counts::community_id.eq(community)),
        ),
    };
    if let Some(value) = &filter.value {
        pred = Box::new(pred.and(stat_counts::dim_value.eq(value.clone())));
    }
    pred
}

/// Sums of `dim`'s cells under `filter`, as (group, metric, total).
pub fn sums(conn: &mut DbConn, dim: Dim, filter: &CellFilter, by: GroupBy) -> QueryResult<Vec<(String, String, i64)>> {
    let pred = predicate(dim, filter, by);
    let query = stat_counts::table.filter(pred);
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back to one type for both.
    let total = || sql::<BigInt>("CAST(SUM(n) AS BIGINT)");
    match by {
        GroupBy::Value => query
            .group_by((stat_counts::dim_value, stat_counts::metric))
            .select((stat_counts::dim_value, stat_counts::metric, total()))
            .load(conn),
        GroupBy::Street => query
            .group_by((stat_counts::street_id, stat_counts::metric))
            .select((stat_counts::street_id, stat_counts::metric, total()))
            .load(conn),
        GroupBy::Community => query
            .group_by((stat_counts::community_id, stat_counts::metric))
            .select((stat_counts::community_id, stat_counts::metric, total()))
            .load(conn),
        GroupBy::Month => {
            let rows: Vec<(i32, String, i64)> = query
                .group_by((stat_counts::month, stat_counts::metric))
                .select((stat_counts::month, stat_counts::metric, total()))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(m, metric, n)| (m.to_string(), metric, n))
                .collect())
        }
    }
}

/// One metric's totals of `dim` under `filter`, per breakdown value (the
/// ranking of a long table: one small row per value, read off the
/// `stat_counts_metric_idx` range without touching the other metrics).
pub fn value_totals(
    conn: &mut DbConn,
    dim: Dim,
    filter: &CellFilter,
    metric: crate::domain::statistics::Metric,
) -> QueryResult<Vec<(String, i64)>> {
    stat_counts::table
        .filter(predicate(dim, filter, GroupBy::Value))
        .filter(stat_counts::metric.eq(metric.code()))
        .group_by(stat_counts::dim_value)
        .select((stat_counts::dim_value, sql::<BigInt>("CAST(SUM(n) AS BIGINT)")))
        .load(conn)
}

/// Every metric of `dim` under `filter` for the breakdown values `values`
/// only, as (value, metric, total): the rows a table shows, read through
/// the per-value index.
pub fn sums_of_values(
    conn: &mut DbConn,
    dim: Dim,
    filter: &CellFilter,
    values: &[String],
) -> QueryResult<Vec<(String, String, i64)>> {
    if values.is_empty() {
        return Ok(Vec::new());
    }
    stat_counts::table
        .filter(predicate(dim, filter, GroupBy::Value))
        .filter(stat_counts::dim_value.eq_any(values.to_vec()))
        .group_by((stat_counts::dim_value, stat_counts::metric))
        .select((
            stat_counts::dim_value,
            stat_counts::metric,
            sql::<BigInt>("CAST(SUM(n) AS BIGINT)"),
        ))
        .load(conn)
}
