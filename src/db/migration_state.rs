//! Which migrations a database has, against the ones built into this
//! binary: for `/readyz` (is the schema current?) and for `restore` (is a
//! bundle's schema one this binary can run?).

use diesel::migration::MigrationSource;
use diesel_migrations::MigrationHarness;

use super::{Backend, DbConn, DbError, PG_MIGRATIONS, SQLITE_MIGRATIONS};

/// Migration versions are the folders' date stamps with the dashes taken
/// out (`2026-12-02-000500_x` → `20261202000500`): fixed width, so their
/// text order is their time order.
pub type Version = String;

/// The versions built into this binary for `backend`, oldest first.
pub fn embedded(backend: Backend) -> Result<Vec<Version>, DbError> {
    let names: Vec<Version> = match backend {
        Backend::Sqlite => MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
            .map_err(|e| DbError::Migration(e.to_string()))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect(),
        Backend::Postgres => MigrationSource::<diesel::pg::Pg>::migrations(&PG_MIGRATIONS)
            .map_err(|e| DbError::Migration(e.to_string()))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect(),
    };
    let mut names = names;
    names.sort();
    Ok(names)
}

/// The versions recorded in the database's `__diesel_schema_migrations`.
pub fn applied(conn: &mut DbConn) -> Result<Vec<Version>, DbError> {
    let versions = match conn {
        DbConn::Sqlite(c) => c.applied_migrations(),
        DbConn::Pg(c) => c.applied_migrations(),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    let mut versions: Vec<Version> = versions.iter().map(ToString::to_string).collect();
    versions.sort();
    Ok(versions)
}

pub fn backend_of(conn: &DbConn) -> Backend {
    match conn {
        DbConn::Sqlite(_) => Backend::Sqlite,
        DbConn::Pg(_) => Backend::Postgres,
    }
}

/// The newest version built into this binary.
pub fn latest_embedded(backend: Backend) -> Result<Version, DbError> {
    embedded(backend)?
        .pop()
        .ok_or_else(|| DbError::Migration("no migrations are embedded".into()))
}

/// True when the database has every migration of this binary applied.
/// Versions newer than the binary (a newer release migrated it) do not
/// make it stale: the old binary keeps serving during a rolling upgrade
/// only if its own schema is there, which this checks.
pub fn is_current(conn: &mut DbConn) -> Result<bool, DbError> {
    let applied = applied(conn)?;
    Ok(embedded(backend_of(conn))?
        .iter()
        .all(|v| applied.binary_search(v).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_embed_the_same_versions_in_order() {
        let sqlite = embedded(Backend::Sqlite).unwrap();
        assert_eq!(sqlite, embedded(Backend::Postgres).unwrap());
        assert!(sqlite.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(latest_embedded(Backend::Sqlite).unwrap(), *sqlite.last().unwrap());
        assert!(
            sqlite
                .iter()
                .all(|v| v.len() == 14 && v.bytes().all(|b| b.is_ascii_digit()))
        );
    }
}
