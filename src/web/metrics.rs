//! Prometheus metrics, served on their own bind address
//! (`YUANBA_METRICS_ADDR`), never on the public port.
//!
//! Requests are labelled by the matched route pattern (`/staff/cases/{id}`),
//! never by the raw path: ids and codes would make one series per record,
//! and a receipt code in a label would be a secret in the monitoring system.

use actix_web::{HttpResponse, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};

use crate::db::{DbPool, notifications};

/// Label of requests that matched no route (404s of unknown paths).
pub const UNMATCHED: &str = "unmatched";

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    outbox_backlog: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("yuanba".into()), None).expect("a valid prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        // From 5 ms to 10 s: a page is fast, an export or a photo upload on
        // a busy SQLite is not; past 10 s is an outage either way.
        let buckets = vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer a request").buckets(buckets),
            &["method", "route"],
        )
        .expect("valid metric");
        let gauge = |name: &str, help: &str| IntGauge::new(name, help).expect("valid metric");
        let metrics = Metrics {
            requests,
            latency,
            pool_connections: gauge("db_pool_connections", "Open database connections in the pool"),
            pool_idle: gauge("db_pool_idle_connections", "Idle database connections in the pool"),
            pool_max: gauge("db_pool_max_connections", "The pool's size limit"),
            outbox_backlog: gauge("outbox_backlog", "Notifications waiting to be sent"),
            registry,
        };
        metrics.register_all();
        metrics
    }

    fn register_all(&self) {
        let collectors: [Box<dyn prometheus::core::Collector>; 6] = [
            Box::new(self.requests.clone()),
            Box::new(self.latency.clone()),
            Box::new(self.pool_connections.clone()),
            Box::new(self.pool_idle.clone()),
            Box::new(self.pool_max.clone()),
            Box::new(self.outbox_backlog.clone()),
        ];
        for collector in collectors {
            self.registry.register(collector).expect("each metric once");
        }
    }

    /// One answered request. `route` is the matched pattern or [`UNMATCHED`].
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        let method = method_label(method);
        self.requests.with_label_values(&[method, route, class]).inc();
        self.latency.with_label_values(&[method, route]).observe(seconds);
    }

    /// How many notifications wait (pending or being sent), read at scrape time.
    pub fn set_outbox_backlog(&self, waiting: i64) {
        self.outbox_backlog.set(waiting);
    }

    /// The text exposition, with the pool's state read at scrape time.
    pub fn render(&self, pool: &DbPool) -> String {
        let state = pool.state();
        self.pool_connections.set(i64::from(state.connections));
        self.pool_idle.set(i64::from(state.idle_connections));
        self.pool_max.set(i64::from(pool.max_size()));
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding cannot fail");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// What the metrics server needs.
pub struct Scrape {
    pub metrics: std::sync::Arc<Metrics>,
    pub pool: DbPool,
}

/// A request's method as a label: the methods the app answers, and OTHER.
/// Any token is a valid method to actix, so taking it as sent would let
/// anyone on the public port grow the series without bound.
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        _ => "OTHER",
    }
}

/// `GET /metrics` on the metrics address.
pub async fn metrics(scrape: web::Data<Scrape>) -> HttpResponse {
    let pool = scrape.pool.clone();
    let waiting = web::block(move || {
        pool.get()
            .ok()
            .and_then(|mut conn| notifications::waiting(&mut conn).ok())
    })
    .await;
    // Left at its last value when the database does not answer: the pool
    // gauges and the request counters still say what is wrong.
    if let Ok(Some(waiting)) = waiting {
        scrape.metrics.set_outbox_backlog(waiting);
    }
    HttpResponse::Ok()
        .content_type(prometheus::TEXT_FORMAT)
        .body(scrape.metrics.render(&scrape.pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_count_by_route_and_status_class() {
        let m = Metrics::new();
        m.observe("GET", "/staff/cases/{id}", 200, 0.02);
        m.observe("GET", "/staff/cases/{id}", 204, 0.03);
        m.observe("POST", UNMATCHED, 404, 0.001);
        m.observe("FOO1", UNMATCHED, 405, 0.001);
        m.observe("FOO2", UNMATCHED, 405, 0.001);
        m.set_outbox_backlog(7);
        let mut out = Vec::new();
        TextEncoder::new().encode(&m.registry.gather(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r#"yuanba_http_requests_total{method="GET",route="/staff/cases/{id}",status="2xx"} 2"#),
            "{text}"
        );
        assert!(text.contains(r#"route="unmatched",status="4xx"} 1"#), "{text}");
        assert!(text.contains("yuanba_outbox_backlog 7"), "{text}");
        assert!(
            text.contains(r#"method="OTHER",route="unmatched",status="4xx"} 2"#),
            "{text}"
        );
        assert!(!text.contains("FOO"), "{text}");
    }
}
