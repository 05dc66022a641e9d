//! `yuanba backup PATH`: one folder holding the database copy, the
//! uploads, the session key and a manifest.
//!
//! The database is copied first and the uploads after: a photo is written
//! and synced before the row naming it commits, so every photo the copied
//! database names is on disk by the time the uploads are copied. Photos
//! that arrive in between are copied too, harmlessly unreferenced.

use std::fs;
use std::path::Path;

use super::manifest::{self, FileEntry, MANIFEST, Manifest};
use super::{BackupError, DB_FILE, PG_DUMP_FILE, SESSION_KEY, UPLOADS, set_private};
use crate::config::Config;
use crate::db::{self, Backend, migration_state};

/// Writes the bundle into `target`, which must not exist yet.
pub fn create(config: &Config, target: &Path) -> Result<Manifest, BackupError> {
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let backend = Backend::from_url(&config.database_url).map_err(db::DbError::from)?;
    let mut conn = db::establish(&config.database_url).map_err(db::DbError::from)?;
    let schema_version = migration_state::applied(&mut conn)?
        .pop()
        .ok_or(BackupError::NotYuanba("no migrations applied".into()))?;
    crate::startup::create_private_dir(target)?;
    match backend {
        Backend::Sqlite => db::backup::sqlite_backup(&mut conn, &target.join(DB_FILE))?,
        Backend::Postgres => pg_dump(&config.database_url, &target.join(PG_DUMP_FILE))?,
    }
    drop(conn);
    copy_tree(&config.data_dir.join(UPLOADS), &target.join(UPLOADS))?;
    let key = config.data_dir.join(SESSION_KEY);
    if key.is_file() {
        fs::copy(&key, target.join(SESSION_KEY))?;
    }
    let mut files = Vec::new();
    for path in manifest::files_under(target)? {
        set_private(&target.join(&path))?;
        files.push(FileEntry::of(target, &path)?);
    }
    let manifest = Manifest {
        format: manifest::FORMAT.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        backend: backend.name().into(),
        schema_version,
        created_at: now_rfc3339(),
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
    fs::write(target.join(MANIFEST), json)?;
    set_private(&target.join(MANIFEST))?;
    Ok(manifest)
}

/// `pg_dump -Fc` (custom format: compressed, restorable table by table).
fn pg_dump(url: &str, out: &Path) -> Result<(), BackupError> {
    let mut cmd = super::pg_tool("pg_dump", url)?;
    let status = cmd
        .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
        .arg(out)
        .status()
        .map_err(|e| BackupError::Tool(format!("pg_dump could not start: {e}")))?;
    if !status.success() {
        return Err(BackupError::Tool(format!("pg_dump failed: {status}")));
    }
    Ok(())
}

/// Copies the regular files under `from` (if it exists) into `to`.
pub(super) fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    crate::startup::create_private_dir(to)?;
    if !from.is_dir() {
        return Ok(());
    }
    for path in manifest::files_under(from)? {
        let dest = to.join(&path);
        if let Some(parent) = dest.parent() {
            crate::startup::create_private_dir(parent)?;
        }
        fs::copy(from.join(&path), &dest)?;
    }
    Ok(())
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("the current time formats")
}
