//! `/metrics` on its own address and JSON request logs, from the binary.

use reqwest::StatusCode;

use super::child::Deployment;
use super::submit::{Outcome, Target, send_letter, track};
use crate::helpers::new_client;

/// The metrics port from the "metrics are served" log line.
fn metrics_port(log: &[String]) -> u16 {
    let line = log
        .iter()
        .find(|l| l.contains("metrics are served"))
        .expect("the metrics line");
    let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
    value["metrics_port"].as_u64().expect("metrics_port") as u16
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_and_logs_are_json_without_personal_data() {
    let deployment = Deployment::new();
    let server = deployment
        .start_with(&[("YUANBA_METRICS_ADDR", "127.0.0.1:0"), ("YUANBA_LOG_FORMAT", "json")])
        .await;
    let target = Target::prepare(&mut deployment.conn(), &server.address);
    let metrics_url = format!("http://127.0.0.1:{}/metrics", metrics_port(&server.log()));

    let Outcome::Receipt(code) = send_letter(&new_client(), &target).await else {
        panic!("a receipt")
    };
    assert_eq!(track(&target, &code).await.0, StatusCode::OK);
    let client = new_client();
    let home = client
        .get(server.url("/?marker=QUERY-MARKER-7731"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let project = client.get(server.url("/projects/ID-MARKER-4410")).send().await.unwrap();
    assert_eq!(project.status(), StatusCode::NOT_FOUND);
    let public = client.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "the public port has no /metrics"
    );

    let scraped = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
    let text = scraped.text().await.unwrap();
    for series in [
        r#"yuanba_http_requests_total{method="GET",route="/",status="2xx"} 1"#,
        r#"yuanba_http_requests_total{method="POST",route="/letters/new",status="2xx"} 1"#,
        r#"yuanba_http_requests_total{method="POST",route="/track",status="2xx"} 1"#,
        r#"yuanba_http_requests_total{method="GET",route="/projects/{id}",status="4xx"} 1"#,
        r#"yuanba_http_requests_total{method="GET",route="unmatched",status="4xx"} 1"#,
        r#"yuanba_http_request_duration_seconds_count{method="POST",route="/letters/new"} 1"#,
        "yuanba_db_pool_max_connections 4",
        "yuanba_outbox_backlog 0",
    ] {
        assert!(text.contains(series), "{series} in\n{text}");
    }
    assert!(text.contains("yuanba_db_pool_connections "), "{text}");
    assert!(text.contains("yuanba_db_pool_idle_connections "), "{text}");
    for secret in ["ID-MARKER", "QUERY-MARKER", &code] {
        assert!(!text.contains(secret), "{secret} in a label");
    }

    server.terminate();
    let log = server.log();
    assert!(server.wait().await.success());
    let requests: Vec<serde_json::Value> = log
        .iter()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .filter(|v| v["message"] == "handled")
        .collect();
    assert_eq!(requests.len(), 7, "one line per request: {requests:?}");
    for line in &requests {
        assert_eq!(line["span"]["request_id"].as_str().map(str::len), Some(16), "{line}");
        assert!(
            line["span"]["route"].is_string() && line["status"].is_u64() && line["ms"].is_u64(),
            "{line}"
        );
    }
    assert!(
        requests
            .iter()
            .any(|l| l["span"]["route"] == "/projects/{id}" && l["status"] == 404)
    );
    let everything = log.join("\n");
    for secret in ["ID-MARKER", "QUERY-MARKER", &code, "13812345678", "李秀兰"] {
        assert!(!everything.contains(secret), "{secret} in the log");
    }
}
