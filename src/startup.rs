//! Building the application: used by `main` and by the tests alike.

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::Path;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::db::{self, Backend, DbError, DbPool, DbUrl};
use crate::web::metrics::{Metrics, Scrape};
use crate::web::middleware::{csrf_guard, error_pages, request_log, security_headers};
use crate::web::state::AppState;
use crate::{accounts, reference};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("first-run setup: {0}")]
    Bootstrap(#[from] accounts::AccountError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("configuration: {0}")]
    Config(String),
}

/// How long SIGTERM/SIGINT waits for in-flight requests before the workers
/// are stopped anyway. Long enough for a photo upload on a slow phone link
/// to finish, short enough to stay inside systemd's default 90 s stop
/// timeout (docs/deploy.md), after which it would send SIGKILL.
pub const SHUTDOWN_TIMEOUT_SECS: u64 = 30;

pub struct Application {
    server: Server,
    port: u16,
    pool: DbPool,
    /// The notification worker, stopped when this is dropped.
    notifier: Option<crate::notify::worker::WorkerHandle>,
    /// The metrics server and its port, when `YUANBA_METRICS_ADDR` is set.
    metrics_server: Option<(Server, u16)>,
}

/// `/metrics` alone, on its own address and one worker: a scrape never
/// queues behind residents' requests, and the public port never serves it.
fn metrics_server(addr: &str, metrics: std::sync::Arc<Metrics>, pool: DbPool) -> std::io::Result<(Server, u16)> {
    let listener = TcpListener::bind(addr)?;
    let port = listener.local_addr()?.port();
    let scrape = web::Data::new(Scrape { metrics, pool });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(scrape.clone())
            .route("/metrics", web::get().to(crate::web::metrics::metrics))
    })
    .listen(listener)?
    .workers(1)
    .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
    .run();
    Ok((server, port))
}

impl Application {
    pub fn build(config: &Config) -> Result<Self, StartupError> {
        let backend = Backend::from_url(&config.database_url).map_err(|e| StartupError::Config(e.to_string()))?;
        let pool = prepare_database(config)?;
        let secret = load_or_create_secret(config)?;
        purge_kept_photos(&pool, &config.data_dir.join("uploads"));
        config.notify.check().map_err(StartupError::Config)?;
        let outbox = std::sync::Arc::new(crate::notify::Outbox::new(&secret, config.notify.channel));
        // Off for tests and tools unless asked for; `serve` runs it by default.
        let notifier = match config.notify.worker {
            true => Some(crate::notify::worker::start(
                pool.clone(),
                outbox.clone(),
                &config.notify,
            )?),
            false => None,
        };
        let replica = replica_pool(config)?;
        let state = web::Data::new(AppState {
            outbox,
            pool: pool.clone(),
            replica,
            backend,
            field_cipher: crate::auth::field_crypto::FieldCipher::from_secret(&secret),
            secret,
            hash_gate: crate::auth::hash_gate::HashGate::new(config.hash_workers),
            trusted_proxy: config.trusted_proxy,
            submissions_per_address: config.submissions_per_address,
            api_requests_per_address: config.api_requests_per_address,
            secure_cookies: config.secure_cookies,
            public_url: config.public_url.clone(),
            contacts: std::sync::Arc::new(config.contacts.clone()),
            uploads_dir: config.data_dir.join("uploads"),
            exports_dir: config.data_dir.join("exports"),
            image_gate: std::sync::Arc::new(crate::uploads::ImageGate::per_core()),
        });
        let metrics = std::sync::Arc::new(Metrics::new());
        let metrics_server = match &config.metrics_addr {
            Some(addr) => Some(metrics_server(addr, metrics.clone(), pool.clone())?),
            None => None,
        };
        let metrics_data = web::Data::from(metrics);
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(metrics_data.clone())
                .app_data(web::FormConfig::default().limit(crate::web::middleware::FORM_LIMIT))
                .configure(crate::web::router::configure)
                .wrap(from_fn(csrf_guard))
                .wrap(from_fn(crate::web::read_side::pin_after_writes))
                .wrap(from_fn(error_pages))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(request_log))
        })
        .listen(listener)?
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS);
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            server: server.run(),
            port,
            pool,
            notifier,
            metrics_server,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> DbPool {
        self.pool.clone()
    }

    /// The metrics server's port, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(_, port)| *port)
    }

    /// Runs until SIGTERM/SIGINT, then finishes in-flight requests. Both
    /// servers hear the signal; the metrics one stops with the other.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // Held while the server runs: the worker stops with the server.
        let _notifier = self.notifier;
        match self.metrics_server {
            Some((metrics, _)) => {
                // A server starts when first polled: spawned, so that it
                // serves beside the main one rather than after it.
                let handle = metrics.handle();
                let running = actix_web::rt::spawn(metrics);
                let result = self.server.await;
                handle.stop(true).await;
                let _ = running.await;
                result
            }
            None => self.server.await,
        }
    }
}

/// Connects, migrates, and on first run creates the admin and the district's
/// streets and towns.
/// Photos of refused letter forms live a day; those of forms never sent
/// again go at startup (and whenever new ones are kept).
fn purge_kept_photos(pool: &DbPool, uploads: &Path) {
    let purged = pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut conn| crate::mailbox::pending::purge(&mut conn, uploads).map_err(|e| e.to_string()));
    match purged {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "expired pending letter photos purged"),
        Err(error) => tracing::warn!(%error, "pending letter photos not purged"),
    }
}

/// The read replica's pool, when `DATABASE_REPLICA_URL` is set. Only
/// PostgreSQL streams to a replica; a replica is never migrated (it
/// follows the primary), so its schema is whatever the primary's is.
fn replica_pool(config: &Config) -> Result<Option<DbPool>, StartupError> {
    let Some(url) = &config.replica_url else {
        return Ok(None);
    };
    let both_pg = [&config.database_url, url]
        .iter()
        .all(|u| matches!(DbUrl::parse(u), Ok(DbUrl::Postgres(_))));
    if !both_pg {
        return Err(StartupError::Config(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica".to_owned(),
        ));
    }
    let pool = db::build_pool(url, config.pool_size, config.pool_wait)?;
    tracing::info!("list and statistics pages read from the replica");
    Ok(Some(pool))
}

pub fn prepare_database(config: &Config) -> Result<DbPool, StartupError> {
    // Refuse an unknown scheme before anything is created on disk.
    let url = DbUrl::parse(&config.database_url).map_err(|e| StartupError::Config(e.to_string()))?;
    create_private_dir(&config.data_dir)?;
    if let Some(parent) = url.sqlite_parent() {
        create_private_dir(parent)?;
    }
    if let DbUrl::Sqlite(path) = url {
        create_private_db_file(path)?;
    }
    // Before the pool connects, so that no connection loads the histograms.
    let mut first = db::establish(&config.database_url).map_err(DbError::from)?;
    db::planner_stats::drop_value_histograms(&mut first).map_err(DbError::from)?;
    drop(first);
    let pool = db::build_pool(&config.database_url, config.pool_size, config.pool_wait)?;
    let mut conn = pool.get().map_err(DbError::from)?;
    db::run_migrations(&mut conn)?;
    if let Some(password) = reference::ensure(&mut conn, config.admin_password.as_deref())? {
        announce_admin_password(&password);
    }
    db::sessions::purge_expired(&mut conn).map_err(DbError::from)?;
    if crate::statistics::index::rebuild_if_missing(&mut conn).map_err(DbError::from)? {
        tracing::info!("statistics counters rebuilt from the cases and letters");
    }
    if crate::renovation::headline::fill_missing(&mut conn).map_err(DbError::from)? > 0 {
        tracing::info!("portal headlines counted for projects from before they were kept");
    }
    Ok(pool)
}

/// Printed once, to the console only: never to the log.
fn announce_admin_password(password: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\n================ Yuanba first run ================\n\
         An administrator account was created.\n  username: admin\n  password: {password}\n\
         This password is shown only once; you will be asked to change it at first login.\n\
         ==================================================\n"
    );
}

/// The CSRF key: from `YUANBA_SESSION_SECRET`, else `data/session.key`
/// (created with mode 0600). Loaded once, so every worker shares it.
fn load_or_create_secret(config: &Config) -> Result<Vec<u8>, StartupError> {
    if let Some(hex_secret) = &config.session_secret {
        return parse_secret(hex_secret)
            .ok_or_else(|| StartupError::Config("YUANBA_SESSION_SECRET must be at least 64 hex characters".into()));
    }
    let path = config.data_dir.join("session.key");
    if let Ok(existing) = fs::read_to_string(&path) {
        return parse_secret(existing.trim())
            .ok_or_else(|| StartupError::Config(format!("{} is corrupt", path.display())));
    }
    let secret = crate::auth::tokens::random_token();
    write_private(&path, &secret)?;
    Ok(hex::decode(secret).expect("fresh token is hex"))
}

fn parse_secret(hex_secret: &str) -> Option<Vec<u8>> {
    hex::decode(hex_secret).ok().filter(|b| b.len() >= 32)
}

/// The data folder holds the database, uploads and the session key: only
/// the service's own user may list it. An existing folder is left as it is.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Syncs a folder's own entries: a file's sync keeps its bytes, but after
/// a power cut a new or renamed name survives only once its directory is
/// synced too. Windows cannot open a directory for this; NTFS journals
/// its metadata anyway.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// SQLite would create the file with the umask's mode (often 0644), and its
/// WAL and shared-memory files copy the database file's mode; so the file is
/// made first, empty (a valid empty database), readable by its owner only.
fn create_private_db_file(path: &str) -> std::io::Result<()> {
    if path == ":memory:" {
        return Ok(());
    }
    match write_private(Path::new(path), "") {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}
