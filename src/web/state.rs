//! Shared application state handed to every handler.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::error::BlockingError;
use actix_web::web;

use super::error::AppError;
use super::read_side::ReadSide;
use crate::auth::field_crypto::FieldCipher;
use crate::auth::hash_gate::HashGate;
use crate::db::{Backend, DbConn, DbPool};
use crate::uploads::ImageGate;

pub struct AppState {
    pub pool: DbPool,
    /// `DATABASE_REPLICA_URL`: a read replica for lists and statistics
    /// (see `web::read_side`); None reads everything from the primary.
    pub replica: Option<DbPool>,
    /// Writes notification rows inside the changes that cause them.
    pub outbox: Arc<crate::notify::Outbox>,
    pub backend: Backend,
    /// Keys the CSRF tokens; loaded once from `data/`, shared by all workers.
    pub secret: Vec<u8>,
    /// Seals identity numbers at rest.
    pub field_cipher: FieldCipher,
    /// Bounds the argon2 work running at once (attempt limits themselves
    /// live in the database: `auth::rate_limit`).
    pub hash_gate: HashGate,
    pub trusted_proxy: Option<IpAddr>,
    /// Public submissions one address may send per window.
    pub submissions_per_address: i32,
    /// Open-data API requests one address may make per window.
    pub api_requests_per_address: i32,
    pub secure_cookies: bool,
    /// `YUANBA_PUBLIC_URL` when set (see `Config::public_url`).
    pub public_url: Option<String>,
    /// The footer's operator and centre contact.
    pub contacts: Arc<crate::settings::contacts::SiteContacts>,
    /// `<data dir>/uploads`: letter photos, outside any served directory.
    pub uploads_dir: PathBuf,
    /// `<data dir>/exports`: XLSX exports are assembled here, then streamed
    /// and deleted (they may hold personal data: not the system temp dir).
    pub exports_dir: PathBuf,
    /// Bounds concurrent image decoding (photos, evidence, proofs).
    pub image_gate: Arc<ImageGate>,
}

impl AppState {
    /// Runs blocking database work off the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        block(move || {
            let mut conn = pool.get().map_err(|e| {
                tracing::warn!(error = %e, "no database connection free");
                AppError::PoolExhausted
            })?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs read-only database work on the replica when one is configured
    /// and `side` allows it; on the primary otherwise. A replica that cannot
    /// give a connection is skipped for the primary, not answered 503: the
    /// primary can serve every read.
    pub async fn read<T, F>(&self, side: ReadSide, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let Some(replica) = self.replica.clone().filter(|_| side == ReadSide::Replica) else {
            return self.db(f).await;
        };
        let primary = self.pool.clone();
        block(move || {
            let mut conn = match replica.get() {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "read replica unavailable; reading the primary");
                    primary.get().map_err(|e| {
                        tracing::warn!(error = %e, "no database connection free");
                        AppError::PoolExhausted
                    })?
                }
            };
            f(&mut conn)
        })
        .await?
    }
}

/// `web::block` that runs `f` inside the caller's span (the request's, with
/// its id) and log subscriber, so a line logged on the blocking thread (an
/// internal error, say) can be matched to the error page that showed the id.
pub async fn block<F, T>(f: F) -> Result<T, BlockingError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    let dispatch = tracing::dispatcher::get_default(|d| d.clone());
    web::block(move || tracing::dispatcher::with_default(&dispatch, || span.in_scope(f))).await
}
