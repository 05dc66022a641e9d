//! The `project_headlines` table: each consultation's portal headline
//! (issue 14 item 3), kept by `renovation::headline` in the transaction of
//! every write that changes it, so `/` reads one row per project shown.

use diesel::prelude::*;

use super::DbConn;
use super::schema::project_headlines as h;

/// A stored headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct Headline {
    pub items: i32,
    pub answered: i64,
    pub owners: i64,
}

pub fn find(conn: &mut DbConn, project_id: &str) -> QueryResult<Option<Headline>> {
    h::table
        .find(project_id)
        .select((h::items, h::answered, h::owners))
        .first(conn)
        .optional()
}

/// Every stored headline, by project id (the recount check).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, Headline)>> {
    let rows: Vec<(String, i32, i64, i64)> = h::table
        .select((h::project_id, h::items, h::answered, h::owners))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, items, answered, owners)| {
            (
                id,
                Headline {
                    items,
                    answered,
                    owners,
                },
            )
        })
        .collect())
}

/// Takes the project's headline row lock, creating the row first if the
/// project has none. Whoever holds it recounts and rewrites the headline
/// alone: on PostgreSQL a second writer waits here until the first commits
/// and then recounts with the first one's ballots visible (READ COMMITTED
/// takes a fresh snapshot per statement); SQLite's `BEGIN IMMEDIATE`
/// already serialises writers.
pub fn lock(conn: &mut DbConn, project_id: &str) -> QueryResult<()> {
    for _ in 0..3 {
        let touched = diesel::update(h::table.find(project_id))
            .set(h::items.eq(h::items))
            .execute(conn)?;
        if touched == 1 {
            return Ok(());
        }
        // The first headline: a concurrent first insert loses on the
        // primary key inside a savepoint and goes back to the UPDATE.
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(h::table)
                .values((
                    h::project_id.eq(project_id),
                    h::items.eq(0),
                    h::answered.eq(0i64),
                    h::owners.eq(0i64),
                    h::updated_at.eq(super::now_ts()),
                ))
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

/// Rewrites the (locked) row.
pub fn store(conn: &mut DbConn, project_id: &str, headline: Headline) -> QueryResult<()> {
    diesel::update(h::table.find(project_id))
        .set((
            h::items.eq(headline.items),
            h::answered.eq(headline.answered),
            h::owners.eq(headline.owners),
            h::updated_at.eq(super::now_ts()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Projects that have no headline row yet (from before the table).
pub fn projects_without(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    use super::schema::projects;
    projects::table
        .left_join(h::table)
        .filter(h::project_id.is_null())
        .select(projects::id)
        .load(conn)
}
