//! `systemctl stop` under load: SIGTERM closes the door to new connections,
//! lets every request already accepted finish, and the process exits 0.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use reqwest::StatusCode;

use super::child::Deployment;
use super::load::{self, Tally};
use super::raw_http::HalfSent;
use super::submit::{Target, receipt_in, track};

const HALF_SENT: usize = 4;
const SENDERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_accepted_requests_refuses_new_ones_and_exits_cleanly() {
    let deployment = Deployment::new();
    let server = deployment.start().await;
    let target = Target::prepare(&mut deployment.conn(), &server.address);
    let tally = Arc::new(Tally::default());
    let senders = load::start(&target, SENDERS, &tally);
    load::until_acknowledged(&tally, 6).await;
    let mut half_sent = Vec::new();
    for _ in 0..HALF_SENT {
        half_sent.push(HalfSent::start(&target).await);
    }

    tally.signalled.store(true, Ordering::SeqCst);
    server.terminate();
    wait_for_log(&server, "SIGTERM received").await;
    // The listener is closed: a new visitor is refused at once.
    let refused = reqwest::get(format!("{}/healthz", target.address)).await;
    assert!(refused.is_err(), "a new connection after SIGTERM is refused");

    let mut failures = Vec::new();
    let mut codes = tally.codes();
    for request in half_sent {
        match request.finish().await {
            Ok((200, page)) => codes.push((true, receipt_in(&page).expect("a receipt"))),
            other => failures.push(format!("a request accepted before SIGTERM: {other:?}")),
        }
    }
    for sender in senders {
        sender.await.unwrap();
    }
    failures.extend(tally.failures());
    let status = server.wait().await;
    println!(
        "SIGTERM under load: {} acknowledged ({HALF_SENT} of them half-sent when the signal came), \
         {} failed, {} senders refused after the signal, {status}",
        codes.len(),
        failures.len(),
        tally.refused.load(Ordering::SeqCst)
    );
    assert_eq!(failures, Vec::<String>::new(), "no accepted request fails");
    assert!(status.success(), "exit status 0 after SIGTERM: {status}");

    let again = deployment.start().await;
    let target = target.at(&again.address);
    for (_, code) in &codes {
        let (status, _) = track(&target, code).await;
        assert_eq!(status, StatusCode::OK, "receipt {code} opens after the restart");
    }
    again.terminate();
    assert!(again.wait().await.success());
}

/// Polls the server's log until a line contains `text`.
pub async fn wait_for_log(server: &super::child::Server, text: &str) {
    while !server.log().iter().any(|l| l.contains(text)) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
