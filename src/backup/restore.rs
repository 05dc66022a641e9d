//! `yuanba restore PATH`: proves the bundle whole and usable, then puts it
//! in place, keeping the old database and uploads aside.
//!
//! Order: (1) no server holds the data folder; (2) the manifest and every
//! file's size and SHA-256; (3) the schema is not newer than this binary;
//! (4) the database copy is staged next to the live one and checked
//! (`PRAGMA integrity_check`, migrations table, Yuanba tables); (5) only
//! then the live files are renamed aside and the staged ones renamed in.
//! Renames within one folder are atomic, so a failure before (5) leaves
//! the live data exactly as it was; the uploads and the key are staged
//! before (5) too, and a failed rename among them is rolled back.

use std::fs;
use std::path::{Path, PathBuf};

use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, RunQueryDsl, SqliteConnection};

use super::manifest::{self, MANIFEST, Manifest};
use super::{BackupError, DB_FILE, PG_DUMP_FILE, SESSION_KEY, UPLOADS, create::copy_tree, lock};
use crate::config::Config;
use crate::db::{self, Backend, DbConn, DbUrl, migration_state};

/// Tables every Yuanba database has had since its first migrations.
const YUANBA_TABLES: &[&str] = &[
    "users",
    "places",
    "audit_log",
    "cases",
    "case_parties",
    "letters",
    "letter_photos",
];

/// What the restore did, for the operator.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the replaced database, uploads and key now are.
    pub kept_aside: Vec<PathBuf>,
}

pub fn restore(config: &Config, bundle: &Path) -> Result<Restored, BackupError> {
    let backend = Backend::from_url(&config.database_url).map_err(db::DbError::from)?;
    crate::startup::create_private_dir(&config.data_dir)?;
    let _lock = lock::exclusive(&config.data_dir).map_err(|e| match e {
        lock::LockError::Held(path) => BackupError::ServerRunning(path.display().to_string()),
        lock::LockError::Io(e) => BackupError::Io(e),
    })?;
    let manifest = verified_manifest(bundle, backend)?;
    let stamp = stamp();
    // Everything is staged beside the live files before anything live moves:
    // after the database is in, only renames within the data folder remain.
    let staged_uploads = config.data_dir.join(format!("{UPLOADS}.restoring-{stamp}"));
    let staged_key = config.data_dir.join(format!("{SESSION_KEY}.restoring-{stamp}"));
    let unstage = || {
        let _ = fs::remove_dir_all(&staged_uploads);
        let _ = fs::remove_file(&staged_key);
    };
    let staged = copy_tree(&bundle.join(UPLOADS), &staged_uploads)
        .and_then(|()| stage_key(bundle, &manifest, &config.data_dir, &staged_key));
    let key_differs = staged.inspect_err(|_| unstage())?;
    let mut kept_aside = match backend {
        Backend::Sqlite => swap_sqlite(config, bundle, &manifest, &stamp),
        Backend::Postgres => restore_pg(config, bundle),
    }
    .inspect_err(|_| unstage())?;
    let mut moves = vec![(staged_uploads.clone(), config.data_dir.join(UPLOADS))];
    if key_differs {
        moves.push((staged_key.clone(), config.data_dir.join(SESSION_KEY)));
    }
    match swap_all(&moves, &stamp) {
        Ok(aside) => kept_aside.extend(aside),
        Err(e) => {
            unstage();
            return Err(BackupError::Tool(format!(
                "the database was restored but the uploads or the key could not be moved in ({e}); \
                 the previous uploads and key are back in place, the previous database is kept aside as {}",
                kept_aside
                    .first()
                    .map_or("(PostgreSQL: the old database)".into(), |p| p.display().to_string())
            )));
        }
    }
    Ok(Restored { manifest, kept_aside })
}

/// The manifest, after every file it lists was found whole.
fn verified_manifest(bundle: &Path, backend: Backend) -> Result<Manifest, BackupError> {
    let bad = |why: String| BackupError::BadBundle(why);
    let text = fs::read(bundle.join(MANIFEST)).map_err(|e| bad(format!("{MANIFEST}: {e}")))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| bad(format!("{MANIFEST}: {e}")))?;
    if manifest.format != manifest::FORMAT {
        return Err(bad(format!("unknown format {}", manifest.format)));
    }
    if manifest.backend != backend.name() {
        return Err(bad(format!(
            "a {} bundle cannot be restored into {}",
            manifest.backend,
            backend.name()
        )));
    }
    let database = if backend == Backend::Sqlite {
        DB_FILE
    } else {
        PG_DUMP_FILE
    };
    if !manifest.files.iter().any(|f| f.path == database) {
        return Err(bad(format!("{database} is not listed")));
    }
    for entry in &manifest.files {
        if !manifest::is_safe_relative(&entry.path) {
            return Err(bad(format!("unsafe path {:?}", entry.path)));
        }
        let found = manifest::hash_file(&bundle.join(&entry.path)).map_err(|e| bad(format!("{}: {e}", entry.path)))?;
        if found != (entry.size, entry.sha256.clone()) {
            return Err(bad(format!(
                "{} differs from the manifest (size or SHA-256)",
                entry.path
            )));
        }
    }
    // Only what the manifest vouches for is restored: a file added to the
    // bundle afterwards (a stray photo, a swapped key) refuses the bundle.
    let listed: std::collections::BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for found in manifest::files_under(bundle).map_err(|e| bad(format!("reading the bundle: {e}")))? {
        if found != MANIFEST && !listed.contains(found.as_str()) {
            return Err(bad(format!("{found} is not in the manifest")));
        }
    }
    let latest = migration_state::latest_embedded(backend)?;
    if manifest.schema_version > latest {
        return Err(bad(format!(
            "its schema {} is newer than this release's {latest}; restore with the release that made it",
            manifest.schema_version
        )));
    }
    Ok(manifest)
}

fn swap_sqlite(config: &Config, bundle: &Path, manifest: &Manifest, stamp: &str) -> Result<Vec<PathBuf>, BackupError> {
    let DbUrl::Sqlite(live) = DbUrl::parse(&config.database_url).map_err(db::DbError::from)? else {
        unreachable!("called for SQLite only");
    };
    let live = PathBuf::from(live);
    let staged = sibling(&live, &format!("restoring-{stamp}"));
    fs::copy(bundle.join(DB_FILE), &staged)?;
    if let Err(e) = check_sqlite(&staged, manifest) {
        let _ = fs::remove_file(&staged);
        return Err(e);
    }
    let mut aside = Vec::new();
    // A database left by a crash may hold committed pages in its WAL: the
    // WAL and shared-memory files go aside with it, under matching names.
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", live.display()));
        if from.exists() {
            let to = PathBuf::from(format!(
                "{}{suffix}",
                sibling(&live, &format!("before-restore-{stamp}")).display()
            ));
            fs::rename(&from, &to)?;
            aside.push(to);
        }
    }
    fs::rename(&staged, &live)?;
    sync_parent(&live)?;
    Ok(aside)
}

/// Makes the renames around `path` durable (see `startup::sync_dir`).
fn sync_parent(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => crate::startup::sync_dir(dir),
        None => crate::startup::sync_dir(Path::new(".")),
    }
}

/// `yuanba.db` → `yuanba.db.<what>` in the same folder (same file system,
/// so renames are atomic).
fn sibling(path: &Path, what: &str) -> PathBuf {
    PathBuf::from(format!("{}.{what}", path.display()))
}

#[derive(diesel::QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(diesel::QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The staged copy is sound SQLite, a Yuanba database, at the schema the
/// manifest says.
fn check_sqlite(path: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let not_yuanba = |why: String| BackupError::NotYuanba(why);
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).map_err(db::DbError::from)?;
    let check: Vec<TextRow> = diesel::sql_query("SELECT integrity_check AS value FROM pragma_integrity_check")
        .load(&mut conn)
        .map_err(|e| not_yuanba(format!("integrity check failed to run: {e}")))?;
    if check.len() != 1 || check[0].value != "ok" {
        return Err(BackupError::BadBundle("PRAGMA integrity_check is not ok".into()));
    }
    for table in std::iter::once(&"__diesel_schema_migrations").chain(YUANBA_TABLES) {
        let found: CountRow =
            diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?")
                .bind::<Text, _>(*table)
                .get_result(&mut conn)
                .map_err(db::DbError::from)?;
        if found.n != 1 {
            return Err(not_yuanba(format!("it has no {table} table")));
        }
    }
    let mut conn = DbConn::Sqlite(conn);
    let applied = migration_state::applied(&mut conn)?;
    if applied.last() != Some(&manifest.schema_version) {
        return Err(BackupError::BadBundle(format!(
            "the database's schema {:?} is not the manifest's {}",
            applied.last(),
            manifest.schema_version
        )));
    }
    Ok(())
}

/// PostgreSQL: restores into the configured database only when it holds no
/// Yuanba schema yet. The old database is never overwritten: the operator
/// creates a new one (`createdb`) and points `DATABASE_URL` at it, and the
/// old one stays as it was until they drop it.
fn restore_pg(config: &Config, bundle: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let mut conn = db::establish(&config.database_url).map_err(db::DbError::from)?;
    let existing: CountRow = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = '__diesel_schema_migrations'",
    )
    .get_result(&mut conn)
    .map_err(db::DbError::from)?;
    if existing.n > 0 {
        return Err(BackupError::Tool(
            "the target PostgreSQL database already holds a Yuanba schema; restore into a new, empty \
             database (createdb) and point DATABASE_URL at it"
                .into(),
        ));
    }
    drop(conn);
    let status = super::pg_tool("pg_restore", &config.database_url)?
        .args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .arg(bundle.join(PG_DUMP_FILE))
        .status()
        .map_err(|e| BackupError::Tool(format!("pg_restore could not start: {e}")))?;
    if !status.success() {
        return Err(BackupError::Tool(format!("pg_restore failed: {status}")));
    }
    Ok(Vec::new())
}

/// Moves `live` aside (if present) and `staged` into its place.
fn swap_in(staged: &Path, live: &Path, stamp: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut aside = Vec::new();
    if live.exists() {
        let to = sibling(live, &format!("before-restore-{stamp}"));
        fs::rename(live, &to)?;
        aside.push(to);
    }
    if let Err(e) = fs::rename(staged, live) {
        if let Some(to) = aside.first() {
            let _ = fs::rename(to, live);
        }
        return Err(e);
    }
    sync_parent(live)?;
    Ok(aside)
}

/// Swaps each (staged, live) pair in; if one fails, the pairs already
/// swapped are put back as they were, so uploads and key never disagree.
fn swap_all(moves: &[(PathBuf, PathBuf)], stamp: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut done: Vec<(&Path, Vec<PathBuf>)> = Vec::new();
    for (staged, live) in moves {
        match swap_in(staged, live, stamp) {
            Ok(aside) => done.push((live, aside)),
            Err(e) => {
                for (live, aside) in done.into_iter().rev() {
                    let _ = fs::rename(live, staged_name(live, stamp));
                    if let Some(old) = aside.first() {
                        let _ = fs::rename(old, live);
                    }
                }
                return Err(e);
            }
        }
    }
    Ok(done.into_iter().flat_map(|(_, aside)| aside).collect())
}

fn staged_name(live: &Path, stamp: &str) -> PathBuf {
    sibling(live, &format!("restoring-{stamp}"))
}

/// Writes the bundle's session key beside the live one when the manifest
/// lists it (so its hash was checked) and it differs from the live key;
/// says whether it must be swapped in. The restored database's encrypted
/// fields need the key they were written with.
fn stage_key(bundle: &Path, manifest: &Manifest, data_dir: &Path, staged: &Path) -> std::io::Result<bool> {
    if !manifest.files.iter().any(|f| f.path == SESSION_KEY) {
        return Ok(false);
    }
    let new = fs::read(bundle.join(SESSION_KEY))?;
    if fs::read(data_dir.join(SESSION_KEY)).ok().as_deref() == Some(new.as_slice()) {
        return Ok(false);
    }
    fs::write(staged, &new)?;
    super::set_private(staged)?;
    Ok(true)
}

/// `20261201T130500Z`: sortable, and safe in a file name.
fn stamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    now.format(&format).expect("the current time formats")
}
