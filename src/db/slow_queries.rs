//! An operator's view of where a page's time goes in the database: with
//! `YUANBA_SLOW_QUERY_MS=N` set, every statement that takes N ms or more
//! is logged with its SQL and duration. Off by default, and then it costs
//! nothing: no instrumentation is installed.
//!
//! Bound values are never logged (a party-name search binds a person's
//! name); only the SQL text up to diesel's `-- binds:` trailer is kept.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// The threshold from the environment, read once per process.
pub fn threshold() -> Option<Duration> {
    static THRESHOLD: OnceLock<Option<Duration>> = OnceLock::new();
    *THRESHOLD.get_or_init(|| {
        std::env::var("YUANBA_SLOW_QUERY_MS")
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|ms| *ms >= 0.0)
            .map(|ms| Duration::from_secs_f64(ms / 1000.0))
    })
}

/// Times each statement of one connection.
pub struct SlowQueries {
    threshold: Duration,
    started: Option<Instant>,
}

impl SlowQueries {
    pub fn new(threshold: Duration) -> Self {
        Self {
            threshold,
            started: None,
        }
    }
}

impl Instrumentation for SlowQueries {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => self.started = Some(Instant::now()),
            InstrumentationEvent::FinishQuery { query, error, .. } => {
                let Some(started) = self.started.take() else { return };
                let took = started.elapsed();
                if took >= self.threshold {
                    let text = query.to_string();
                    tracing::warn!(
                        ms = took.as_secs_f64() * 1000.0,
                        failed = error.is_some(),
                        sql = sql_only(&text),
                        "slow query"
                    );
                }
            }
            _ => {}
        }
    }
}

/// The SQL of diesel's debug text, without the bound values.
fn sql_only(debug_text: &str) -> &str {
    debug_text.split(" -- binds:").next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_values_are_cut_off() {
        let text = "SELECT id FROM cases WHERE name LIKE ? -- binds: [\"王建%\"]";
        assert_eq!(sql_only(text), "SELECT id FROM cases WHERE name LIKE ?");
        assert_eq!(sql_only("SELECT 1"), "SELECT 1");
    }
}
