//! Backup bundles and their restore (issue 15, DESIGN.md §8 Operations).
//!
//! A bundle is a folder (not an archive: it can be copied with `rsync`,
//! checked with `sha256sum`, and a restore can verify it before touching
//! anything):
//!
//! ```text
//! manifest.json      format, app and schema versions, created-at, files with size and SHA-256
//! yuanba.db          SQLite: a `VACUUM INTO` copy   | database.pgdump  PostgreSQL: `pg_dump -Fc`
//! session.key        when the key lives in the data folder (it decrypts stored fields)
//! uploads/…          the residents' photos and case proofs
//! ```

mod create;
pub mod lock;
pub mod manifest;
mod restore;

use std::path::Path;
use std::process::Command;

pub use create::create;
pub use restore::{Restored, restore};

use crate::db::{self, DbUrl};

pub const DB_FILE: &str = "yuanba.db";
pub const PG_DUMP_FILE: &str = "database.pgdump";
pub const SESSION_KEY: &str = "session.key";
pub const UPLOADS: &str = "uploads";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new folder")]
    Exists(String),
    #[error("not a Yuanba database: {0}")]
    NotYuanba(String),
    #[error("the bundle is not usable: {0}")]
    BadBundle(String),
    #[error("the server is running on this data folder (it holds {0}); stop it first (systemctl stop yuanba)")]
    ServerRunning(String),
    #[error("{0}")]
    Tool(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    SqliteCopy(#[from] db::backup::BackupError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A bundle, the key and the photos are as private as the data folder.
fn set_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// A PostgreSQL client tool for `url`. libpq does not read a URL from
/// `PGDATABASE`, so the URL goes in `--dbname` — without its password,
/// which goes in `PGPASSWORD` so that it does not show in `ps`.
fn pg_tool(tool: &str, url: &str) -> Result<Command, BackupError> {
    let DbUrl::Postgres(url) = DbUrl::parse(url).map_err(db::DbError::from)? else {
        return Err(BackupError::Tool(format!("{tool} is for PostgreSQL URLs")));
    };
    let (bare, password) = split_password(url);
    let mut cmd = Command::new(tool);
    cmd.arg(format!("--dbname={bare}"));
    if let Some(password) = password {
        cmd.env("PGPASSWORD", password);
    }
    Ok(cmd)
}

/// `postgres://user:pw@host/db` → (`postgres://user@host/db`, `pw` decoded).
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return (url.to_owned(), None);
    };
    match userinfo.split_once(':') {
        Some((user, password)) => (format!("{scheme}://{user}@{host}"), Some(percent_decode(password))),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_decoded() {
        assert_eq!(
            split_password("postgres://yb:p%40ss%2Fw@db:5432/yuanba"),
            ("postgres://yb@db:5432/yuanba".into(), Some("p@ss/w".into()))
        );
        assert_eq!(
            split_password("postgres://yb@db/yuanba"),
            ("postgres://yb@db/yuanba".into(), None)
        );
        assert_eq!(
            split_password("postgres://db/yuanba"),
            ("postgres://db/yuanba".into(), None)
        );
    }
}
