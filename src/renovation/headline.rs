//! The portal's headline per consultation (issue 14 item 3): "已有 N 位业主
//! 表态，共 M 位", the owners who answered and all owners of the item with
//! the most answers, exactly as the project page's tally counts them.
//!
//! `/` used to recount each shown project's units and ballots on every
//! visit. Now each write that can change a headline (a counted ballot, an
//! item added, a household import) calls [`refresh`] in its own transaction:
//! it takes the project's headline row lock and recounts that one project
//! (bounded by its households, not the district's ballots). The portal
//! reads one row per project shown. `yuanba check-stats` compares every
//! stored headline with a fresh recount ([`differences`]).

use diesel::prelude::*;

use super::RenovationError;
use super::projects::tallies;
use crate::db::project_headlines::{self, Headline};
use crate::db::projects::{self, Project};
use crate::db::{DbConn, DbError, write_tx};

/// The headline of a project as its live tally gives it.
pub fn recount(conn: &mut DbConn, project: &Project) -> Result<Headline, RenovationError> {
    let tallies = tallies(conn, project)?;
    let (answered, owners) = tallies
        .iter()
        .map(|t| (t.tally.participating.owners, t.tally.total.owners))
        .max()
        .unwrap_or((0, 0));
    Ok(Headline {
        items: i32::try_from(tallies.len()).unwrap_or(i32::MAX),
        answered: i64::try_from(answered).unwrap_or(i64::MAX),
        owners: i64::try_from(owners).unwrap_or(i64::MAX),
    })
}

/// What the portal shows: (answered, all owners), or None while the
/// project has no items yet.
pub fn shown(headline: Headline) -> Option<(u64, u64)> {
    let figure = |n: i64| u64::try_from(n).unwrap_or(0);
    (headline.items > 0).then(|| (figure(headline.answered), figure(headline.owners)))
}

/// Recounts and stores one project's headline inside the caller's write
/// transaction (the lock is held until it commits).
pub fn refresh(conn: &mut DbConn, project_id: &str) -> diesel::QueryResult<()> {
    project_headlines::lock(conn, project_id)?;
    let Some(project) = projects::find(conn, project_id)? else {
        return Ok(());
    };
    let headline = recount(conn, &project).map_err(into_query)?;
    project_headlines::store(conn, project_id, headline)
}

/// After a household import: every project of the compound, whatever its
/// population (a building's project lies inside the compound too).
pub fn refresh_compound(conn: &mut DbConn, compound_id: &str) -> diesel::QueryResult<()> {
    use crate::db::schema::projects as p;
    let ids: Vec<String> = p::table
        .filter(p::compound_id.eq(compound_id))
        .select(p::id)
        .load(conn)?;
    ids.iter().try_for_each(|id| refresh(conn, id))
}

/// The tallies only fail on the database; back to its error type so the
/// callers' transactions roll back as for any other query.
fn into_query(e: RenovationError) -> diesel::result::Error {
    match e {
        RenovationError::Db(DbError::Query(e)) => e,
        _ => diesel::result::Error::RollbackTransaction,
    }
}

/// Gives every project without a headline row one (a database from before
/// the table). Runs at start-up; a no-op once every project has its row.
pub fn fill_missing(conn: &mut DbConn) -> diesel::QueryResult<usize> {
    let missing = project_headlines::projects_without(conn)?;
    for id in &missing {
        write_tx(conn, |conn| refresh(conn, id))?;
    }
    Ok(missing.len())
}

/// The recount check: each project whose stored headline differs from a
/// fresh recount (or that has none), as readable lines; empty when all agree.
pub fn differences(conn: &mut DbConn) -> Result<Vec<String>, RenovationError> {
    let stored: std::collections::HashMap<String, Headline> = project_headlines::all(conn)?.into_iter().collect();
    let mut found = Vec::new();
    for id in all_ids(conn)? {
        let Some(project) = projects::find(conn, &id)? else {
            continue;
        };
        let expected = recount(conn, &project)?;
        let describe = |h: &Headline| format!("{} of {} owners ({} items)", h.answered, h.owners, h.items);
        match stored.get(&project.id) {
            Some(h) if *h == expected => {}
            Some(h) => found.push(format!(
                "headline {}: stored {}, recount {}",
                project.id,
                describe(h),
                describe(&expected)
            )),
            None => found.push(format!(
                "headline {}: missing, recount {}",
                project.id,
                describe(&expected)
            )),
        }
    }
    Ok(found)
}

fn all_ids(conn: &mut DbConn) -> diesel::QueryResult<Vec<String>> {
    use crate::db::schema::projects as p;
    p::table.select(p::id).order(p::id).load(conn)
}

/// Recounts every project's headline (`check-stats --rebuild`).
pub fn rebuild(conn: &mut DbConn) -> diesel::QueryResult<()> {
    for id in &all_ids(conn)? {
        write_tx(conn, |conn| refresh(conn, id))?;
    }
    Ok(())
}
