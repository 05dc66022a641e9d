//! `seed-bench`: a realistic three-year history for benchmarks (issue 10):
//! streets weighted, mostly finished cases and a small open backlog, one to
//! three parties each with common Chinese names, the full timeline of every
//! case, mediators (老马 and 小马) with long caseloads, letters, and login
//! accounts with a known password. Rows go in as multi-row INSERTs inside
//! a few large transactions, so a million cases load in minutes.

pub mod cases;
pub mod cast;
pub mod letters;
pub mod mentoring;
pub mod names;
pub mod plan;
pub mod referrals;
pub mod rng;
pub mod sql;

use std::time::Instant;

use diesel::connection::SimpleConnection;

use crate::accounts::AccountError;
use crate::auth::password;
use crate::db::{self, DbConn, DbError, users};

pub use cast::BENCH_PASSWORD;

/// The accounts a benchmark logs in with (all with [`BENCH_PASSWORD`]).
pub const BENCH_ACCOUNTS: [(&str, &str); 4] = [
    ("bench-admin", "admin"),
    ("bench-coordinator", "coordinator of 观音桥街道, the busiest street"),
    ("bench-laoma", "老马 (senior mediator) of 观音桥街道, lead and mentor"),
    ("bench-xiaoma", "小马 (trainee mediator) of 观音桥街道"),
];

#[derive(Debug, Clone)]
pub struct Options {
    pub cases: u64,
    pub letters: u64,
    /// The same seed builds the same history.
    pub seed: u64,
    /// How many 小马 and 老马 (0 and 0: about 60 mediators in all, more for a
    /// long history; see [`cast::People::for_backlog`]).
    pub people: cast::People,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub cases: cases::CaseCounts,
    pub letters: letters::LetterCounts,
    pub mentoring: mentoring::MentoringCounts,
    pub referrals: referrals::ReferralCounts,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed-bench needs a database without cases or bench accounts")]
    NotEmpty,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for SeedError {
    fn from(e: diesel::result::Error) -> Self {
        SeedError::Db(e.into())
    }
}

/// Builds the history in a migrated database that has no cases yet.
pub fn generate(conn: &mut DbConn, options: &Options) -> Result<Summary, SeedError> {
    let started = Instant::now();
    if users::find_by_username(conn, "bench-admin")?.is_some() || has_cases(conn)? {
        return Err(SeedError::NotEmpty);
    }
    let mut rng = rng::Rng::new(options.seed);
    let hash = password::hash(BENCH_PASSWORD).map_err(|e| DbError::Migration(e.to_string()))?;
    bulk_mode(conn, true)?;
    let loaded = cast::build(
        conn,
        &mut rng,
        hash,
        options.people.for_backlog(cases::open_backlog(options.cases)),
    )
    .map_err(SeedError::from)
    .and_then(|cast| Ok(load(conn, &cast, &mut rng, options, db::now_ts())?));
    bulk_mode(conn, false)?;
    let (cases, letters, mentoring, referrals) = loaded?;
    crate::mediation::queue_index::rebuild(conn)?;
    crate::statistics::index::rebuild(conn)?;
    conn.batch_execute("ANALYZE")?;
    crate::db::planner_stats::drop_value_histograms(conn)?;
    if matches!(conn, DbConn::Sqlite(_)) {
        // Leave a compact file: the WAL of the load is folded in.
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    Ok(Summary {
        cases,
        letters,
        mentoring,
        referrals,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What the load wrote, per part.
type Loaded = (
    cases::CaseCounts,
    letters::LetterCounts,
    mentoring::MentoringCounts,
    referrals::ReferralCounts,
);

fn load(
    conn: &mut DbConn,
    cast: &cast::Cast,
    rng: &mut rng::Rng,
    options: &Options,
    now: i64,
) -> Result<Loaded, DbError> {
    let cases = cases::write(conn, cast, rng, options.cases, now)?;
    let letters = letters::write(conn, cast, rng, options.letters, now)?;
    let mentoring = mentoring::write(conn, cast, rng, now)?;
    let referrals = referrals::write(conn, rng, now)?;
    Ok((cases, letters, mentoring, referrals))
}

fn has_cases(conn: &mut DbConn) -> diesel::QueryResult<bool> {
    use crate::db::schema::cases;
    use diesel::prelude::*;
    let one: Option<String> = cases::table.select(cases::id).first(conn).optional()?;
    Ok(one.is_some())
}

/// A bulk load does not need each commit on disk before the next: if it
/// is interrupted it is simply run again on a fresh database. Only this
/// connection is affected, and the normal settings come back afterwards.
fn bulk_mode(conn: &mut DbConn, on: bool) -> diesel::QueryResult<()> {
    let sql = match (&*conn, on) {
        (DbConn::Sqlite(_), true) => "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
        (DbConn::Sqlite(_), false) => "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000;",
        (DbConn::Pg(_), true) => "SET synchronous_commit = off",
        (DbConn::Pg(_), false) => "SET synchronous_commit = on",
    };
    conn.batch_execute(sql)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{NewPassword, PasswordRule};
    use crate::domain::role::Role;

    #[test]
    fn the_bench_password_meets_the_staff_password_policy() {
        for role in [Role::Admin, Role::Coordinator, Role::Mediator] {
            assert!(NewPassword::parse(BENCH_PASSWORD, PasswordRule::for_role(role)).is_ok());
        }
    }
}
