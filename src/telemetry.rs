//! Structured logging. The filter comes from `YUANBA_LOG` (default `info`);
//! `YUANBA_LOG_FORMAT=json` writes one JSON object per line for a log
//! collector, anything else the human-readable text format.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = || EnvFilter::try_from_env("YUANBA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("YUANBA_LOG_FORMAT").is_ok_and(|v| v.trim().eq_ignore_ascii_case("json"));
    // A second init (tests) is harmless; ignore the error.
    if json {
        // The request's span (request id, method, route) goes with every
        // line as `span`; the event's own fields sit at the top level.
        let _ = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter())
            .with_target(false)
            .try_init();
    } else {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter())
            .with_target(false)
            // Colour codes only for a person at a terminal: in a file or a
            // log collector they are noise that breaks searching for a
            // request id.
            .with_ansi(std::io::stdout().is_terminal())
            .try_init();
    }
}
