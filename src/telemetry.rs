//! Structured logging. The filter comes from `YUANBA_LOG` (default `info`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_env("YUANBA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless; ignore the error.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        // Colour codes only for a person at a terminal: in a file or a log
        // collector they are noise that breaks searching for a request id.
        .with_ansi(std::io::stdout().is_terminal())
        .try_init();
}
