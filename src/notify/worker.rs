//! The delivery loop: a thread per app instance that claims due rows under
//! a lease (`db::notifications::claim_due`), delivers each outside any
//! transaction, and records the outcome. Several instances may run it
//! against one database; a row is only ever leased to one of them.
//!
//! Delivery is at least once: a worker that dies after the gateway took a
//! message but before recording it leaves a row whose lease runs out, and
//! it is sent again. Nothing is sent twice while a lease holds: each row's
//! lease is renewed just before its delivery, and a row whose lease ran out
//! while earlier rows of the batch were being sent is skipped.

use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;

use super::channels::{Channels, Delivery};
use super::config::NotifyConfig;
use super::message::{Links, render};
use super::{Outbox, opt_out};
use crate::db::notifications::{self, Finish, Lease, Notification};
use crate::db::{DbConn, DbPool, notification_opt_outs, now_ts};
use crate::domain::notification::AfterFailure;

/// Rows claimed per round: small, so a slow gateway holds few leases.
const BATCH: i64 = 20;

/// Keeps the worker running; dropping it stops the worker after the round
/// in progress (the server's future owns it, so a stopped server, or a
/// finished test, stops its worker too).
pub struct WorkerHandle {
    _stop: mpsc::Sender<()>,
}

pub fn start(pool: DbPool, outbox: Arc<Outbox>, config: &NotifyConfig) -> std::io::Result<WorkerHandle> {
    let (stop, stopped) = mpsc::channel::<()>();
    let worker = Worker {
        pool,
        outbox,
        channels: Channels::from_config(config),
        config: config.clone(),
        owner: uuid::Uuid::new_v4().to_string(),
    };
    thread::Builder::new().name("notify-worker".into()).spawn(move || {
        tracing::info!("notification worker started");
        loop {
            worker.round();
            match stopped.recv_timeout(worker.config.poll) {
                Err(RecvTimeoutError::Timeout) => continue,
                _ => break,
            }
        }
    })?;
    Ok(WorkerHandle { _stop: stop })
}

struct Worker {
    pool: DbPool,
    outbox: Arc<Outbox>,
    channels: Channels,
    config: NotifyConfig,
    /// This worker's name on the leases it holds.
    owner: String,
}

impl Worker {
    /// One round: claim what is due, deliver it, record how it went. A
    /// database error ends the round (logged); the next one tries again.
    fn round(&self) {
        let claimed = self.pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            let now = now_ts();
            let lease = Lease {
                owner: &self.owner,
                now,
                until: now + self.config.lease_secs,
            };
            notifications::claim_due(&mut conn, &lease, BATCH).map_err(|e| e.to_string())
        });
        let rows = match claimed {
            Ok(rows) => rows,
            Err(error) => return tracing::warn!(%error, "notification worker could not claim rows"),
        };
        for row in rows {
            let outcome = self.pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                let now = now_ts();
                let until = now + self.config.lease_secs;
                if !notifications::renew(&mut conn, &row.id, &self.owner, now, until).map_err(|e| e.to_string())? {
                    tracing::warn!(
                        notification = row.id,
                        "lease ran out before delivery; left to its new holder"
                    );
                    return Ok(());
                }
                let result = if row.attempts > self.config.retry.max_attempts {
                    // Taken over from workers that never recorded an outcome
                    // (each died or hung on it): give up rather than retry for ever.
                    Err(Failure::Error("lease_expired".into()))
                } else {
                    self.attempt(&mut conn, &row)
                };
                self.record(&mut conn, &row, result).map_err(|e| e.to_string())
            });
            if let Err(error) = outcome {
                tracing::warn!(notification = row.id, %error, "notification outcome not recorded");
            }
        }
    }

    /// Delivers one claimed row; no transaction is open meanwhile.
    fn attempt(&self, conn: &mut DbConn, row: &Notification) -> Result<(), Failure> {
        // An opt-out after the row was written still stops it.
        if notification_opt_outs::is_opted_out(conn, &row.address_hash).map_err(|_| Failure::error("database"))? {
            return Err(Failure::OptedOut);
        }
        let address = self
            .outbox
            .open_address(row)
            // Sealed with another instance's key: the session secrets differ.
            .ok_or(Failure::error("address_unreadable"))?;
        let channel = self
            .channels
            .get(row.channel)
            .ok_or(Failure::error("channel_missing"))?;
        let token = opt_out::link_token(&self.outbox, &row.id);
        let message = render(
            row,
            &Links {
                base_url: &self.config.base_url,
                stop_token: &token,
            },
        );
        let delivery = Delivery {
            id: &row.id,
            kind: row.recipient_kind,
            address: &address,
            template: row.template,
            message: &message,
        };
        channel.deliver(&delivery).map_err(|e| Failure::Error(e.0))
    }

    fn record(&self, conn: &mut DbConn, row: &Notification, result: Result<(), Failure>) -> diesel::QueryResult<()> {
        let now = now_ts();
        let finish = match &result {
            Ok(()) => Finish::Sent,
            Err(Failure::OptedOut) => Finish::Cancelled,
            Err(Failure::Error(e)) => match self.config.retry.after_failure(row.attempts, jitter()) {
                // Seconds are what the table keeps; a wait never rounds down to none.
                AfterFailure::RetryIn(ms) => Finish::RetryAt(
                    now.saturating_add(i64::try_from(ms.div_ceil(1000)).unwrap_or(i64::MAX)),
                    e,
                ),
                AfterFailure::GiveUp => Finish::Failed(e),
            },
        };
        if let Err(Failure::Error(e)) = &result {
            tracing::info!(notification = row.id, attempts = row.attempts, error = %e, "notification not delivered");
        }
        if !notifications::finish(conn, &row.id, &self.owner, now, finish)? {
            tracing::warn!(notification = row.id, "lease lost before the outcome was recorded");
        }
        Ok(())
    }
}

/// Why a claimed row was not delivered.
enum Failure {
    /// The address opted out after the row was written: cancelled, not retried.
    OptedOut,
    /// A short code (`gateway_status:503`), never the gateway's own text.
    Error(String),
}

impl Failure {
    fn error(code: &str) -> Failure {
        Failure::Error(code.to_owned())
    }
}

/// A fraction in 0..1 from the OS's random source.
fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}
