//! Queries that carry no bound LIMIT. SQLite (3.47 and later) reads a bound
//! LIMIT while planning and marks the statement to be prepared again
//! whenever the value is bound: every `.limit(n)` and `.first()` statement
//! is planned twice on every run. Measured with callgrind on the coordinator
//! queue (issue 10), that second planning was 14 % of all the work the
//! server did for a page, more than rendering it. So the hot paths write
//! their LIMIT into the SQL (a constant of ours, never user input) and look
//! rows up by key without one.

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::Text;

use super::DbConn;

/// `ORDER BY <column> DESC LIMIT n` as one literal, for `.order(...)`.
/// `column` is a qualified column name written in this crate.
pub fn newest_first(column: &'static str, n: i64) -> SqlLiteral<Text> {
    sql::<Text>(&format!("{column} DESC LIMIT {}", n.max(0)))
}

/// `ORDER BY <column> DESC LIMIT n OFFSET m`, for a numbered page.
pub fn newest_first_page(column: &'static str, n: i64, offset: i64) -> SqlLiteral<Text> {
    sql::<Text>(&format!("{column} DESC LIMIT {} OFFSET {}", n.max(0), offset.max(0)))
}

/// The only row of a lookup by primary or unique key, without `LIMIT 1`.
pub fn single<'q, Q, T>(query: Q, conn: &mut DbConn) -> diesel::QueryResult<Option<T>>
where
    Q: LoadQuery<'q, DbConn, T>,
{
    Ok(query.load(conn)?.into_iter().next())
}
