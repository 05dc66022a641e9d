//! Configuration from environment variables (documented in README.md).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// `Debug` is written by hand below so that printing a `Config` (a panic,
/// a debug log line) never shows a password or the session secret.
#[derive(Clone)]
pub struct Config {
    /// `YUANBA_BIND`, e.g. `127.0.0.1:8080`; port 0 picks a free port.
    pub bind: String,
    /// `DATABASE_URL`; the backend is chosen from its scheme.
    pub database_url: String,
    /// `DATABASE_REPLICA_URL`: a PostgreSQL streaming replica of
    /// `DATABASE_URL` that serves list and statistics pages (optional).
    pub replica_url: Option<String>,
    /// `YUANBA_DATA_DIR`: uploads, the session secret and the SQLite file.
    pub data_dir: PathBuf,
    /// `YUANBA_ADMIN_PASSWORD`: the first-run admin password, if given.
    pub admin_password: Option<String>,
    /// `YUANBA_SESSION_SECRET`: 64 hex characters; generated into `data/` if absent.
    pub session_secret: Option<String>,
    /// `YUANBA_TRUSTED_PROXY`: the reverse proxy whose X-Forwarded-For is believed.
    pub trusted_proxy: Option<IpAddr>,
    /// `YUANBA_SECURE_COOKIES`: set when served over TLS (behind a proxy).
    pub secure_cookies: bool,
    /// `YUANBA_WORKERS`: HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `YUANBA_DB_POOL`: pooled connections.
    pub pool_size: u32,
    /// `YUANBA_DB_POOL_WAIT_MS`: how long a request waits for a free
    /// connection before it is answered 503 "busy" (default 2000).
    pub pool_wait: std::time::Duration,
    /// `YUANBA_HASH_WORKERS`: password hashes computed at once (default: one
    /// per core); a short queue waits, and past it logins are told to retry.
    pub hash_workers: usize,
    /// `YUANBA_SUBMISSIONS_PER_ADDRESS`: public submissions one address may
    /// send in 15 minutes (default 60). Raise it behind a proxy that hides
    /// addresses, or for a load test from one machine.
    pub submissions_per_address: i32,
    /// `YUANBA_API_PER_ADDRESS`: open-data API requests one address may make
    /// in 15 minutes (default 600).
    pub api_requests_per_address: i32,
    /// Notifications to residents: channel, worker, SMTP and SMS gateway
    /// (`YUANBA_NOTIFY_*`, `YUANBA_SMTP_*`, `YUANBA_SMS_*`; see `notify::config`).
    pub notify: crate::notify::NotifyConfig,
    /// `YUANBA_PUBLIC_URL`, e.g. `https://yuanba.jiangbei.gov.cn`: the site's
    /// address as residents reach it, for printed and scanned links. Unset:
    /// the request's own `Host` (never forwarded headers, which a client can
    /// set) with `https` when `YUANBA_SECURE_COOKIES` says TLS is in front.
    pub public_url: Option<String>,
    /// `YUANBA_METRICS_ADDR`, e.g. `127.0.0.1:9464`: where Prometheus
    /// scrapes `/metrics`. Unset: no metrics server. Keep it off the
    /// public interface.
    pub metrics_addr: Option<String>,
    /// The footer's operator and centre contact (`YUANBA_OPERATOR`,
    /// `YUANBA_CENTRE_*`; see `settings::contacts`).
    pub contacts: crate::settings::contacts::SiteContacts,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("YUANBA_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| default_sqlite_url(&data_dir));
        let trusted_proxy = match var("YUANBA_TRUSTED_PROXY") {
            Some(v) => Some(
                v.parse()
                    .map_err(|_| format!("YUANBA_TRUSTED_PROXY is not an IP address: {v}"))?,
            ),
            None => None,
        };
        let parse_num = |k: &str| -> Result<Option<u64>, String> {
            var(k)
                .map(|v| v.parse::<u64>().map_err(|_| format!("{k} is not a number: {v}")))
                .transpose()
        };
        Ok(Config {
            bind: var("YUANBA_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            database_url,
            replica_url: var("DATABASE_REPLICA_URL"),
            data_dir,
            admin_password: var("YUANBA_ADMIN_PASSWORD"),
            session_secret: var("YUANBA_SESSION_SECRET"),
            trusted_proxy,
            secure_cookies: var("YUANBA_SECURE_COOKIES").is_some_and(|v| v == "1" || v == "true"),
            workers: parse_num("YUANBA_WORKERS")?.map(|n| n as usize),
            pool_size: parse_num("YUANBA_DB_POOL")?.map(|n| n as u32).unwrap_or(10),
            pool_wait: parse_num("YUANBA_DB_POOL_WAIT_MS")?
                .map_or(crate::db::POOL_WAIT, std::time::Duration::from_millis),
            hash_workers: parse_num("YUANBA_HASH_WORKERS")?
                .map_or_else(crate::auth::hash_gate::HashGate::default_workers, |n| n as usize),
            submissions_per_address: parse_num("YUANBA_SUBMISSIONS_PER_ADDRESS")?
                .map_or(crate::auth::rate_limit::SUBMISSIONS_PER_WINDOW, |n| {
                    n.min(i32::MAX as u64) as i32
                }),
            api_requests_per_address: parse_num("YUANBA_API_PER_ADDRESS")?
                .map_or(crate::auth::rate_limit::API_REQUESTS_PER_WINDOW, |n| {
                    n.min(i32::MAX as u64) as i32
                }),
            notify: crate::notify::NotifyConfig::from_env(&var)?,
            public_url: var("YUANBA_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned()),
            metrics_addr: var("YUANBA_METRICS_ADDR"),
            contacts: crate::settings::contacts::SiteContacts::from_env(&var),
        })
    }

    /// Settings for a throwaway instance (tests, tools) rooted at `data_dir`.
    pub fn for_data_dir(data_dir: &Path, database_url: Option<String>) -> Self {
        Config {
            bind: "127.0.0.1:0".to_owned(),
            database_url: database_url.unwrap_or_else(|| default_sqlite_url(data_dir)),
            replica_url: None,
            data_dir: data_dir.to_owned(),
            admin_password: None,
            session_secret: None,
            trusted_proxy: None,
            secure_cookies: false,
            workers: Some(2),
            pool_size: 4,
            // Tests share two cores with the compiler and each other: a slow
            // checkout there is not the overload the 503 page is for. The
            // test of that page sets the production wait itself.
            pool_wait: std::time::Duration::from_secs(10),
            hash_workers: crate::auth::hash_gate::HashGate::default_workers(),
            submissions_per_address: crate::auth::rate_limit::SUBMISSIONS_PER_WINDOW,
            api_requests_per_address: crate::auth::rate_limit::API_REQUESTS_PER_WINDOW,
            notify: crate::notify::NotifyConfig::default(),
            public_url: None,
            metrics_addr: None,
            contacts: crate::settings::contacts::SiteContacts::default(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructured so that a new field cannot be forgotten here.
        let Config {
            bind,
            database_url,
            replica_url,
            data_dir,
            admin_password,
            session_secret,
            trusted_proxy,
            secure_cookies,
            workers,
            pool_size,
            pool_wait,
            hash_workers,
            submissions_per_address,
            api_requests_per_address,
            notify,
            public_url,
            metrics_addr,
            contacts,
        } = self;
        let hidden = |secret: &Option<String>| secret.as_ref().map(|_| Hidden);
        f.debug_struct("Config")
            .field("bind", bind)
            .field("database_url", &redact_url(database_url))
            .field("replica_url", &replica_url.as_deref().map(redact_url))
            .field("data_dir", data_dir)
            .field("admin_password", &hidden(admin_password))
            .field("session_secret", &hidden(session_secret))
            .field("trusted_proxy", trusted_proxy)
            .field("secure_cookies", secure_cookies)
            .field("workers", workers)
            .field("pool_size", pool_size)
            .field("pool_wait", pool_wait)
            .field("hash_workers", hash_workers)
            .field("submissions_per_address", submissions_per_address)
            .field("api_requests_per_address", api_requests_per_address)
            .field("notify", notify)
            .field("public_url", public_url)
            .field("metrics_addr", metrics_addr)
            .field("contacts", contacts)
            .finish()
    }
}

/// Shown in place of a secret: says one is set, not what it is.
struct Hidden;

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

/// The URL with its password replaced by `***`, both the one after the user
/// name and a `password=` option. Everything up to the last `@` counts as
/// user information, so a password holding an unescaped `/` or `@` is still
/// hidden whole (hiding too much is harmless here).
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let rest = match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => rest.to_owned(),
        },
        None => rest.to_owned(),
    };
    let rest = match rest.split_once('?') {
        Some((path, query)) => {
            let options: Vec<&str> = query
                .split('&')
                .map(|option| match option.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => "password=***",
                    _ => option,
                })
                .collect();
            format!("{path}?{}", options.join("&"))
        }
        None => rest,
    };
    format!("{scheme}://{rest}")
}

fn default_sqlite_url(data_dir: &Path) -> String {
    data_dir.join("yuanba.db").to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(database_url: &str) -> Config {
        Config {
            admin_password: Some("first-admin-pw-1234".into()),
            session_secret: Some("ab".repeat(32)),
            ..Config::for_data_dir(Path::new("/srv/yuanba"), Some(database_url.into()))
        }
    }

    #[test]
    fn debug_hides_passwords_and_the_session_secret() {
        let shown = format!("{:?}", with("postgres://yuanba:db-pw-5678@db.internal:5432/yuanba"));
        for secret in ["first-admin-pw-1234", &"ab".repeat(32), "db-pw-5678"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(shown.contains("admin_password: Some(<hidden>)"), "{shown}");
        assert!(shown.contains("session_secret: Some(<hidden>)"), "{shown}");
        assert!(
            shown.contains(r#"database_url: "postgres://yuanba:***@db.internal:5432/yuanba""#),
            "{shown}"
        );
        // What is not secret stays readable for whoever debugs a deployment.
        assert!(shown.contains(r#"data_dir: "/srv/yuanba""#), "{shown}");
        assert!(shown.contains("pool_size: 4"), "{shown}");
    }

    #[test]
    fn debug_shows_unset_secrets_as_none() {
        let shown = format!("{:?}", Config::for_data_dir(Path::new("d"), None));
        assert!(shown.contains("admin_password: None"), "{shown}");
        assert!(shown.contains("session_secret: None"), "{shown}");
    }

    #[test]
    fn database_url_passwords_are_redacted_in_every_place() {
        let cases = [
            ("postgres://u:pw@h/db", "postgres://u:***@h/db"),
            ("postgresql://u:p/w@x@h:5432/db", "postgresql://u:***@h:5432/db"),
            (
                "postgres://u@h/db?password=pw&sslmode=require",
                "postgres://u@h/db?password=***&sslmode=require",
            ),
            ("postgres://h/db", "postgres://h/db"),
            ("sqlite:///srv/yuanba.db", "sqlite:///srv/yuanba.db"),
            ("data/yuanba.db", "data/yuanba.db"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }
}
