//! Bounds the password hashing running at once. Each argon2 call holds
//! 19 MiB and a blocking thread for tens of milliseconds; unbounded, 100
//! concurrent failed logins took 0.6 GB and 86 threads. A few run, a short
//! queue waits, and past that the caller answers "busy" at once.

use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct HashGate {
    /// Running plus waiting: refused without waiting when full.
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

/// The gate is full: answer 429 with a "try again in a moment" page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("password hashing is at capacity")]
pub struct Busy;

/// How many may wait for each one running.
const QUEUE_PER_WORKER: usize = 8;

impl HashGate {
    /// `workers` hashes at once (0 refuses every request: a test knob).
    pub fn new(workers: usize) -> Self {
        HashGate {
            admitted: Arc::new(Semaphore::new(workers * (1 + QUEUE_PER_WORKER))),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// One per core by default: hashing is CPU-bound.
    pub fn default_workers() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }

    /// Runs `work` on a blocking thread once a slot is free, or refuses at
    /// once when the queue is full.
    pub async fn run<T, F>(&self, work: F) -> Result<T, GateError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _ticket = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| GateError::Busy(Busy))?;
        let _permit = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| GateError::Busy(Busy))?;
        actix_web::web::block(work).await.map_err(|_| GateError::Blocking)
    }

    /// Whether a caller would be admitted now (for tests of the bound).
    pub fn available(&self) -> usize {
        self.admitted.available_permits()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error(transparent)]
    Busy(Busy),
    #[error("the blocking thread pool failed")]
    Blocking,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admission_is_bounded_by_workers_and_queue() {
        let gate = HashGate::new(2);
        assert_eq!(gate.available(), 18);
        let held: Vec<_> = (0..18)
            .map(|_| gate.admitted.clone().try_acquire_owned().unwrap())
            .collect();
        assert_eq!(gate.available(), 0);
        assert!(gate.admitted.clone().try_acquire_owned().is_err());
        drop(held);
        assert_eq!(HashGate::new(0).available(), 0);
    }
}
