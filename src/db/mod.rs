//! Persistence: one connection type over SQLite and PostgreSQL, the pool,
//! migrations, and one module per aggregate.

pub mod agreement_signatures;
pub mod agreement_terms;
pub mod agreements;
pub mod audit;
pub mod backup;
pub mod ballot_anchors;
pub mod ballots;
pub mod case_ending_notices;
pub mod case_events;
pub mod case_extensions;
pub mod case_follow_ups;
pub mod case_list_driven;
pub mod case_parties;
pub mod case_performance;
pub mod case_proofs;
pub mod case_records;
pub mod cases;
pub mod centre_counts;
pub mod codes;
pub mod committees;
pub mod court_entrustments;
pub mod dispute_types;
pub mod form_tokens;
pub mod holidays;
pub mod household_codes;
pub mod households;
pub mod inline_limit;
pub mod judicial;
pub mod letter_categories;
pub mod letter_events;
pub mod letter_pending_photos;
pub mod letter_photos;
pub mod letter_supports;
pub mod letters;
pub mod meetings;
pub mod mentorship;
pub mod mentorship_counts;
pub mod mentorship_records;
pub mod menu_items;
pub mod method_tags;
#[cfg(test)]
mod migration_parity;
pub mod migration_state;
pub mod notification_opt_outs;
pub mod notifications;
pub mod opinion_evidence;
pub mod opinions;
pub mod place_admin;
pub mod place_contacts;
pub mod places;
pub mod planner_stats;
pub mod project_headlines;
pub mod projects;
pub mod rate_limits;
pub mod referral_events;
pub mod referrals;
pub mod renovation_counts;
pub mod resolution_orgs;
pub mod schema;
pub mod screenings;
pub mod sessions;
pub mod slow_queries;
pub mod stat_counts;
pub mod triage_rules;
pub mod url;
pub mod users;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use url::{DbUrl, DbUrlError};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long a request waits for a free pooled connection.
pub const POOL_WAIT: Duration = Duration::from_secs(2);

/// How long a SQLite writer waits for the lock before giving up.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type DbPool = Pool<DbManager>;
pub type DbBackend = <DbConn as Connection>::Backend;
pub type PooledConn = PooledConnection<DbManager>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not get a database connection: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] ConnectionError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Url(#[from] DbUrlError),
}

/// Which backend a URL names. Chosen by us, not by trying each backend in
/// turn, so that a PostgreSQL that is down reports its own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` name PostgreSQL; `sqlite://`,
    /// `sqlite:`, `file:` and plain paths name SQLite; any other scheme is
    /// an error rather than a SQLite file of that odd name.
    pub fn from_url(url: &str) -> Result<Self, DbUrlError> {
        Ok(match DbUrl::parse(url)? {
            DbUrl::Postgres(_) => Backend::Postgres,
            DbUrl::Sqlite(_) => Backend::Sqlite,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// Opens one connection for `url`, with the SQLite PRAGMAs applied.
pub fn establish(url: &str) -> Result<DbConn, ConnectionError> {
    let slow = slow_queries::threshold().map(slow_queries::SlowQueries::new);
    match DbUrl::parse(url).map_err(|e| ConnectionError::InvalidConnectionUrl(e.to_string()))? {
        DbUrl::Postgres(url) => {
            let mut conn = PgConnection::establish(url)?;
            if let Some(slow) = slow {
                conn.set_instrumentation(slow);
            }
            Ok(DbConn::Pg(conn))
        }
        DbUrl::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(path)?;
            apply_sqlite_pragmas(&mut conn).map_err(ConnectionError::CouldntSetupConfiguration)?;
            if let Some(slow) = slow {
                conn.set_instrumentation(slow);
            }
            Ok(DbConn::Sqlite(conn))
        }
    }
}

/// WAL lets readers run beside the writer; FULL sync makes an acknowledged
/// commit survive power loss; foreign keys are off by default in SQLite.
fn apply_sqlite_pragmas(conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
    let memory = SqliteMemory::from_env();
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -{cache_kib};
         PRAGMA mmap_size = {mmap_bytes};",
        cache_kib = memory.cache_kib,
        mmap_bytes = memory.mmap_bytes,
    ))
}

/// How much memory each SQLite connection may use to avoid reading the file.
/// The page cache is private to a connection (the pool holds several), so
/// it stays small; memory-mapped reads share the operating system's cache
/// and save a system call per page read, which is most of a large
/// database's cost per page. `YUANBA_SQLITE_CACHE_MB` and
/// `YUANBA_SQLITE_MMAP_MB` override the defaults (0 turns mapping off).
struct SqliteMemory {
    cache_kib: u64,
    mmap_bytes: u64,
}

impl SqliteMemory {
    const DEFAULT_CACHE_MB: u64 = 2;
    const DEFAULT_MMAP_MB: u64 = 0;

    fn from_env() -> Self {
        static READ: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();
        let (cache_mb, mmap_mb) = *READ.get_or_init(|| {
            let mb = |key: &str, default: u64| {
                std::env::var(key)
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(default)
            };
            (
                mb("YUANBA_SQLITE_CACHE_MB", Self::DEFAULT_CACHE_MB),
                mb("YUANBA_SQLITE_MMAP_MB", Self::DEFAULT_MMAP_MB),
            )
        });
        SqliteMemory {
            cache_kib: cache_mb * 1024,
            mmap_bytes: mmap_mb * 1024 * 1024,
        }
    }
}

/// r2d2 manager that picks the backend from the URL scheme.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: String,
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Builds the pool and fails with the real connection error when the
/// database cannot be reached.
pub fn build_pool(url: &str, max_size: u32, wait: Duration) -> Result<DbPool, DbError> {
    // Fail fast with the backend's own message rather than r2d2's timeout.
    drop(establish(url)?);
    let pool = Pool::builder()
        .max_size(max_size)
        // A request that cannot get a connection soon is answered 503 with
        // Retry-After rather than queueing for seconds behind a slow page.
        .connection_timeout(wait)
        // A SQLite file connection cannot go stale, so the `SELECT 1` check
        // on every checkout (three per page) buys nothing there; a server
        // connection can drop, so PostgreSQL keeps it.
        .test_on_check_out(!matches!(DbUrl::parse(url), Ok(DbUrl::Sqlite(_))))
        .build(DbManager { url: url.to_owned() })?;
    Ok(pool)
}

pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

/// Runs `f` in a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so the
/// write lock is taken up front and two writers never deadlock on upgrade.
pub fn write_tx<T, E>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    type Tm = <DbConn as Connection>::TransactionManager;
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(_) => Tm::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => match Tm::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = Tm::rollback_transaction(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = Tm::rollback_transaction(conn);
            Err(e)
        }
    }
}

/// What a change transaction's body decided. A body that lost a version
/// race or broke a rule may already have written rows (a party, a counter
/// bump, an audit row); those must not survive, so only a verdict that
/// says "commit" is committed and every other one is rolled back while its
/// value is still returned to the caller (issue 8: on PostgreSQL at READ
/// COMMITTED a losing change used to be committed).
pub trait TxVerdict {
    fn commits(&self) -> bool;
}

/// Like [`write_tx`], but commits only when the body's value
/// [`TxVerdict::commits`]; otherwise rolls back and still returns the value.
pub fn change_tx<T, E>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    T: TxVerdict,
    E: From<diesel::result::Error>,
{
    let mut verdict = None;
    let result = write_tx(conn, |conn| {
        let value = f(conn).map_err(TxAbort::Failed)?;
        if value.commits() {
            Ok(value)
        } else {
            verdict = Some(value);
            Err(TxAbort::Rollback)
        }
    });
    match (result, verdict) {
        (Ok(value), _) => Ok(value),
        (Err(TxAbort::Rollback), Some(value)) => Ok(value),
        (Err(TxAbort::Rollback), None) => unreachable!("a rollback always keeps its verdict"),
        (Err(TxAbort::Failed(e)), _) => Err(e),
    }
}

/// The error side of [`change_tx`]'s inner transaction.
enum TxAbort<E> {
    Rollback,
    Failed(E),
}

impl<E: From<diesel::result::Error>> From<diesel::result::Error> for TxAbort<E> {
    fn from(e: diesel::result::Error) -> Self {
        TxAbort::Failed(e.into())
    }
}

/// Unix time in seconds, always taken from Rust (never `now()` in SQL).
pub fn now_ts() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::{Backend, DbUrlError};

    #[test]
    fn postgres_urls_name_postgres() {
        for url in ["postgres://u@h/db", "postgresql://u:p@h:5432/db?sslmode=require"] {
            assert_eq!(Backend::from_url(url), Ok(Backend::Postgres), "{url}");
        }
    }

    #[test]
    fn sqlite_urls_and_plain_paths_name_sqlite() {
        let urls = [
            "sqlite:///abs/yuanba.db",
            "sqlite://data/yuanba.db",
            "sqlite:data/yuanba.db",
            "sqlite::memory:",
            "file:///abs/yuanba.db",
            "file:yuanba.db",
            "data/yuanba.db",
            "/abs/yuanba.db",
            ":memory:",
        ];
        for url in urls {
            assert_eq!(Backend::from_url(url), Ok(Backend::Sqlite), "{url}");
        }
    }

    #[test]
    fn unknown_schemes_are_refused_by_name() {
        for (url, scheme) in [
            ("mysql://u@h/db", "mysql"),
            ("redis:thing", "redis"),
            ("http://h/db", "http"),
        ] {
            let err = Backend::from_url(url).unwrap_err();
            assert_eq!(err, DbUrlError::UnknownScheme(scheme.into()), "{url}");
            assert!(
                err.to_string().contains(&format!("`{scheme}:` is not supported")),
                "{err}"
            );
        }
        assert_eq!(Backend::from_url(""), Err(DbUrlError::Empty));
    }
}
