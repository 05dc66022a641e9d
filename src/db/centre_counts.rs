//! The `centre_counts` table: the centre's board counters (issue 16).
//! Writes are atomic increments in the caller's transaction, on the
//! street's cell and the district's; a read loads one area's cells (a few
//! hundred at most, whatever the number of referrals).

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::DbConn;
use super::schema::centre_counts;
use crate::domain::resolution::board::{CountKey, DISTRICT};

/// Moves one cell by `delta`. The UPDATE is atomic (concurrent PostgreSQL
/// transactions queue on the row); a cell's first count inserts its row in
/// a savepoint and retries the UPDATE when a concurrent insert won.
fn add(conn: &mut DbConn, street_id: &str, key: &str, delta: i64) -> QueryResult<()> {
    for _ in 0..3 {
        let changed = diesel::update(centre_counts::table.find((street_id, key)))
            .set(centre_counts::n.eq(centre_counts::n + delta))
            .execute(conn)?;
        if changed == 1 {
            return Ok(());
        }
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(centre_counts::table)
                .values((
                    centre_counts::street_id.eq(street_id),
                    centre_counts::count_key.eq(key),
                    centre_counts::n.eq(delta),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => return Ok(()),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(DieselError::RollbackTransaction)
}

/// Applies a step's deltas to its street and to the district.
pub fn apply(conn: &mut DbConn, street_id: &str, deltas: &[(CountKey, i64)]) -> QueryResult<()> {
    for (key, delta) in deltas {
        let code = key.code();
        add(conn, street_id, &code, *delta)?;
        add(conn, DISTRICT, &code, *delta)?;
    }
    Ok(())
}

/// Every cell of one street, or of the district with [`DISTRICT`].
pub fn of_area(conn: &mut DbConn, street_id: &str) -> QueryResult<Vec<(CountKey, i64)>> {
    let rows: Vec<(String, i64)> = centre_counts::table
        .filter(centre_counts::street_id.eq(street_id))
        .select((centre_counts::count_key, centre_counts::n))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, n)| CountKey::parse(&code).map(|k| (k, n)))
        .collect())
}

/// The type cells of every street (the by-street table): one indexed
/// read per street, through the primary key's prefix.
pub fn by_street(conn: &mut DbConn) -> QueryResult<Vec<(String, CountKey, i64)>> {
    let rows: Vec<(String, String, i64)> = centre_counts::table
        .filter(centre_counts::street_id.ne(DISTRICT))
        .filter(centre_counts::count_key.like("type:%"))
        .select((centre_counts::street_id, centre_counts::count_key, centre_counts::n))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(street, code, n)| CountKey::parse(&code).map(|k| (street, k, n)))
        .collect())
}

/// The cells as the referrals say they should be, per street (without the
/// district roll-up): the same recount the counters' migration made.
const RECOUNT: &str = "\
SELECT street_id, count_key, CAST(SUM(n) AS BIGINT) AS n FROM (
    SELECT c.street_id AS street_id, 'state:' || o.channel || ':' || r.state AS count_key, 1 AS n
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    UNION ALL
    SELECT c.street_id, 'type:' || c.dispute_type, 1
    FROM referrals r JOIN cases c ON c.id = r.case_id
    UNION ALL
    SELECT c.street_id, 'outcomes:' || o.channel, 1
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    WHERE r.outcome_at IS NOT NULL
    UNION ALL
    SELECT c.street_id, 'outcome_days:' || o.channel, (r.outcome_at - r.sent_at) / 86400
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    WHERE r.outcome_at IS NOT NULL
    UNION ALL
    SELECT c.street_id, 'first_door_resolved', 1
    FROM referrals r JOIN cases c ON c.id = r.case_id
    WHERE r.outcome IN ('agreement', 'judgment', 'award')
      AND NOT EXISTS (SELECT 1 FROM referrals e WHERE e.case_id = r.case_id
                      AND (e.sent_at < r.sent_at OR (e.sent_at = r.sent_at AND e.id < r.id)))
) cells
GROUP BY street_id, count_key";

/// One cell: street (or [`DISTRICT`]), stored key, count.
pub type Cell = (String, String, i64);

/// Every cell recounted from the referrals, the district's included.
pub fn recount(conn: &mut DbConn) -> QueryResult<Vec<Cell>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        street_id: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        count_key: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Row> = diesel::sql_query(RECOUNT).load(conn)?;
    let mut district: std::collections::BTreeMap<String, i64> = Default::default();
    let mut cells: Vec<Cell> = Vec::with_capacity(rows.len() * 2);
    for r in rows {
        *district.entry(r.count_key.clone()).or_default() += r.n;
        cells.push((r.street_id, r.count_key, r.n));
    }
    cells.extend(district.into_iter().map(|(k, n)| (DISTRICT.to_owned(), k, n)));
    Ok(cells)
}

/// Every stored cell.
pub fn stored(conn: &mut DbConn) -> QueryResult<Vec<Cell>> {
    centre_counts::table
        .select((centre_counts::street_id, centre_counts::count_key, centre_counts::n))
        .load(conn)
}

/// Locks the cells for a rebuild, before its recount, in its transaction.
/// On PostgreSQL a referral step that already moved a cell is waited for
/// (so the recount sees it), and one that has not yet moved one waits and
/// adds to the rebuilt cells. SQLite's writer lock does this already.
pub fn lock(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(_) = conn {
        diesel::sql_query("LOCK TABLE centre_counts IN EXCLUSIVE MODE").execute(conn)?;
    }
    Ok(())
}

/// Replaces every cell with `cells`, in the caller's transaction.
pub fn replace_all(conn: &mut DbConn, cells: &[Cell]) -> QueryResult<()> {
    diesel::delete(centre_counts::table).execute(conn)?;
    for (street_id, key, n) in cells.iter().filter(|c| c.2 != 0) {
        diesel::insert_into(centre_counts::table)
            .values((
                centre_counts::street_id.eq(street_id),
                centre_counts::count_key.eq(key),
                centre_counts::n.eq(n),
            ))
            .execute(conn)?;
    }
    Ok(())
}
