//! Structured logging. The filter comes from `YUANBA_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_env("YUANBA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless; ignore the error.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
