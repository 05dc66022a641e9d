//! The SQLite planner's statistics, kept to what does not cost a re-plan.
//!
//! The bundled SQLite is built with STAT4: `ANALYZE` then also records
//! value histograms (`sqlite_stat4`). With those, a prepared statement whose
//! plan looked at a bound value is planned again whenever that value
//! changes, and most pages bind the current time (overdue counts) or the
//! viewer's id. At a million cases that was 8 re-plans per page, about a
//! fifth of a mediator's page in instructions (callgrind, BENCHMARKS.md).
//! The per-index row counts in `sqlite_stat1` are all the queries need to
//! choose their indexes, and they never force a re-plan.

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;

use super::DbConn;

#[derive(diesel::QueryableByName)]
struct Found {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Removes the value histograms, if an `ANALYZE` left any. Runs before the
/// pool opens its connections, which then load the statistics without them.
pub fn drop_value_histograms(conn: &mut DbConn) -> diesel::QueryResult<()> {
    if !matches!(conn, DbConn::Sqlite(_)) {
        return Ok(());
    }
    let exists = diesel::sql_query("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat4'")
        .get_result::<Found>(conn)?
        .n
        > 0;
    if exists {
        conn.batch_execute("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat4_rows(conn: &mut DbConn) -> i64 {
        diesel::sql_query("SELECT count(*) AS n FROM sqlite_stat4")
            .get_result::<Found>(conn)
            .expect("stat4 readable")
            .n
    }

    #[test]
    fn analyze_leaves_histograms_and_they_are_dropped_but_row_counts_kept() {
        let mut conn = super::super::establish(":memory:").expect("in-memory SQLite");
        drop_value_histograms(&mut conn).expect("nothing to drop before ANALYZE");
        conn.batch_execute(
            "CREATE TABLE t (a INTEGER, b TEXT);
             CREATE INDEX t_a ON t (a);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
             INSERT INTO t SELECT i % 7, 'x' FROM n;
             ANALYZE;",
        )
        .expect("table analysed");
        assert!(stat4_rows(&mut conn) > 0, "this SQLite is built with STAT4");
        drop_value_histograms(&mut conn).expect("dropped");
        assert_eq!(stat4_rows(&mut conn), 0);
        let stat1 = diesel::sql_query("SELECT count(*) AS n FROM sqlite_stat1")
            .get_result::<Found>(&mut conn)
            .expect("stat1 readable")
            .n;
        assert!(stat1 > 0, "the per-index row counts stay for the planner");
    }
}
