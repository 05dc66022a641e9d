//! What a `DATABASE_URL` names. Other Rust tools write SQLite files as
//! `sqlite:///abs/path.db`, `sqlite:rel.db` or `file:…`; we accept those and
//! bare paths, and refuse any other scheme at start-up rather than taking
//! `mysql://host/db` for a file name.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbUrl<'a> {
    /// The SQLite file's path (or `:memory:`), with any scheme removed.
    Sqlite(&'a str),
    /// A PostgreSQL connection URL, passed on as it is.
    Postgres(&'a str),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbUrlError {
    #[error("DATABASE_URL is empty")]
    Empty,
    #[error("DATABASE_URL scheme `{0}:` is not supported; use postgres://…, sqlite://…, file:… or a file path")]
    UnknownScheme(String),
    #[error("DATABASE_URL options after `?` are not supported for SQLite")]
    Query,
}

impl<'a> DbUrl<'a> {
    pub fn parse(url: &'a str) -> Result<Self, DbUrlError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(url));
        }
        let path = sqlite_path(url)?;
        if path.is_empty() {
            return Err(DbUrlError::Empty);
        }
        if path.contains('?') {
            return Err(DbUrlError::Query);
        }
        Ok(DbUrl::Sqlite(path))
    }

    /// The folder a SQLite file lives in, when it names one: the only
    /// folder start-up should create for it.
    pub fn sqlite_parent(self) -> Option<&'a Path> {
        match self {
            DbUrl::Sqlite(":memory:") | DbUrl::Postgres(_) => None,
            DbUrl::Sqlite(path) => Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()),
        }
    }
}

/// `sqlite://` and `file://` keep the URL's path (`sqlite:///abs` is `/abs`,
/// `sqlite://rel.db` is `rel.db`, as other tools read it); `sqlite:` and
/// `file:` are followed by the path itself.
fn sqlite_path(url: &str) -> Result<&str, DbUrlError> {
    for prefix in ["sqlite://", "file://", "sqlite:", "file:"] {
        if let Some(rest) = url.strip_prefix(prefix) {
            return Ok(rest);
        }
    }
    match scheme(url) {
        Some(scheme) => Err(DbUrlError::UnknownScheme(scheme.to_owned())),
        None => Ok(url),
    }
}

/// A URL scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`)
/// before a colon. One letter is a Windows drive (`C:`), not a scheme.
fn scheme(url: &str) -> Option<&str> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && head.len() > 1).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_become_paths() {
        let cases = [
            ("sqlite:///abs/dir/yuanba.db", "/abs/dir/yuanba.db"),
            ("sqlite://data/yuanba.db", "data/yuanba.db"),
            ("sqlite:data/yuanba.db", "data/yuanba.db"),
            ("sqlite:/abs/yuanba.db", "/abs/yuanba.db"),
            ("file:///abs/yuanba.db", "/abs/yuanba.db"),
            ("file:yuanba.db", "yuanba.db"),
            ("data/yuanba.db", "data/yuanba.db"),
            ("/abs/yuanba.db", "/abs/yuanba.db"),
            ("yuanba.db", "yuanba.db"),
            (":memory:", ":memory:"),
            ("sqlite::memory:", ":memory:"),
            ("C:/yuanba/yuanba.db", "C:/yuanba/yuanba.db"),
        ];
        for (url, path) in cases {
            assert_eq!(DbUrl::parse(url), Ok(DbUrl::Sqlite(path)), "{url}");
        }
    }

    #[test]
    fn postgres_urls_are_kept_whole() {
        for url in ["postgres://u@h/db", "postgresql://u:p@h:5432/db?sslmode=require"] {
            assert_eq!(DbUrl::parse(url), Ok(DbUrl::Postgres(url)));
        }
    }

    #[test]
    fn unknown_schemes_and_empty_paths_are_refused() {
        assert_eq!(
            DbUrl::parse("mysql://u@h/db"),
            Err(DbUrlError::UnknownScheme("mysql".into()))
        );
        assert_eq!(
            DbUrl::parse("redis:thing"),
            Err(DbUrlError::UnknownScheme("redis".into()))
        );
        assert_eq!(DbUrl::parse(""), Err(DbUrlError::Empty));
        assert_eq!(DbUrl::parse("sqlite://"), Err(DbUrlError::Empty));
        assert_eq!(DbUrl::parse("sqlite://x.db?mode=rwc"), Err(DbUrlError::Query));
    }

    #[test]
    fn only_the_real_parent_folder_is_named() {
        let parent = |url| DbUrl::parse(url).unwrap().sqlite_parent().map(Path::to_path_buf);
        assert_eq!(parent("sqlite:///abs/dir/yuanba.db"), Some("/abs/dir".into()));
        assert_eq!(parent("sqlite:yuanba.db"), None);
        assert_eq!(parent("yuanba.db"), None);
        assert_eq!(parent(":memory:"), None);
        assert_eq!(parent("postgres://h/db"), None);
    }
}
