//! Online backup of the SQLite database with `VACUUM INTO`: a consistent
//! copy taken while the server keeps running.

use std::path::Path;

use diesel::RunQueryDsl;

use super::{DbConn, DbError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file")]
    Exists(String),
    #[error("backups of PostgreSQL are made with pg_dump")]
    NotSqlite,
    #[error(transparent)]
    Db(#[from] DbError),
}

pub fn sqlite_backup(conn: &mut DbConn, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let DbConn::Sqlite(sqlite) = conn else {
        return Err(BackupError::NotSqlite);
    };
    // The path is a SQL string literal: double any single quote.
    let literal = target.to_string_lossy().replace('\'', "''");
    diesel::sql_query(format!("VACUUM INTO '{literal}'"))
        .execute(sqlite)
        .map_err(DbError::from)?;
    Ok(())
}
