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
