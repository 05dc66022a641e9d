//! Two app instances on one database (issue 15, scale-out): two `serve`
//! processes on different ports share the database and the data folder,
//! as instances behind one nginx do. A session made on one is valid on the
//! other, logout on one ends it on both, racing transitions through both
//! have one winner per version, and case numbers stay gap-free.

use reqwest::{Client, StatusCode};
use yuanba::demo::DEMO_PASSWORD;

use super::child::{Deployment, Server};
use super::submit::{Outcome, Target, send_application};
use crate::helpers::{first_attr, get_html, login, new_client};

const RACERS: usize = 8;
const APPLICATIONS: usize = 10;

async fn coordinator_on(server: &Server) -> Client {
    let client = new_client();
    let res = login(&client, &server.address, "demo-coordinator", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "logs in");
    client
}

/// The ids of the cases waiting for intake in 观音桥街道, oldest first.
fn waiting_cases(deployment: &Deployment) -> Vec<String> {
    use diesel::prelude::*;
    use yuanba::db::schema::cases;
    cases::table
        .filter(cases::state.eq("REGISTERED"))
        .filter(cases::receipt_hash.is_not_null())
        .order(cases::created_at)
        .select(cases::id)
        .load(&mut deployment.conn())
        .unwrap()
}

fn numbers(deployment: &Deployment, ids: &[String]) -> Vec<i32> {
    use diesel::prelude::*;
    use yuanba::db::schema::cases;
    let mut seqs: Vec<i32> = cases::table
        .filter(cases::id.eq_any(ids))
        .select(cases::case_seq)
        .load::<Option<i32>>(&mut deployment.conn())
        .unwrap()
        .into_iter()
        .map(|s| s.expect("an accepted case has its number"))
        .collect();
    seqs.sort();
    seqs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_versions_and_numbers() {
    let deployment = Deployment::new();
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let (a, b) = (deployment.start().await, deployment.start().await);
    assert_ne!(a.address, b.address);

    // A session made on A is valid on B; logout on A ends it on B too.
    let client = coordinator_on(&a).await;
    let res = client.get(b.url("/staff/cases")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "B knows A's session");
    let (_, page) = get_html(&client, &a.url("/staff/cases")).await;
    let logout_csrf = first_attr(&page, "form[action='/logout'] input[name=csrf]", "value");
    let res = client
        .post(a.url("/logout"))
        .form(&[("csrf", logout_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = client.get(b.url("/staff/cases")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "logged out on B as well");
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login"));

    // Residents apply through both instances.
    let target = Target::prepare(&mut deployment.conn(), &a.address);
    let demo_waiting = waiting_cases(&deployment);
    let resident = new_client();
    for n in 0..APPLICATIONS {
        let through = if n % 2 == 0 { &a } else { &b };
        let sent = send_application(&resident, &target.at(&through.address)).await;
        assert!(matches!(sent, Outcome::Receipt(_)), "{sent:?}");
    }
    let ids: Vec<String> = waiting_cases(&deployment)
        .into_iter()
        .filter(|id| !demo_waiting.contains(id))
        .collect();
    assert_eq!(ids.len(), APPLICATIONS, "{ids:?}");

    // Racing acceptances of one case through both instances: one winner.
    let mut sessions = Vec::new();
    for n in 0..RACERS {
        sessions.push(coordinator_on(if n % 2 == 0 { &a } else { &b }).await);
    }
    let raced = ids[0].clone();
    let version = seen_at(&sessions[0], &ServerAt(a.address.clone()), &raced).await;
    let mut tasks = Vec::new();
    for (n, client) in sessions.iter().enumerate() {
        let (client, version, raced) = (client.clone(), version.clone(), raced.clone());
        let server_url = if n % 2 == 0 {
            a.address.clone()
        } else {
            b.address.clone()
        };
        tasks.push(tokio::spawn(async move {
            let server = ServerAt(server_url);
            accept_at(&client, &server, &raced, &version).await
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let lost = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((won, lost), (1, RACERS - 1), "{statuses:?}");

    // The rest accepted at once through both: distinct, gap-free numbers.
    let rest: Vec<String> = ids[1..APPLICATIONS].to_vec();
    let mut tasks = Vec::new();
    for (n, id) in rest.iter().enumerate() {
        let client = sessions[n % RACERS].clone();
        let server_url = if n % 2 == 0 {
            a.address.clone()
        } else {
            b.address.clone()
        };
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            let server = ServerAt(server_url);
            let version = seen_at(&client, &server, &id).await;
            accept_at(&client, &server, &id, &version).await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let seqs = numbers(&deployment, &ids);
    let first = seqs[0];
    assert_eq!(
        seqs,
        (first..first + APPLICATIONS as i32).collect::<Vec<_>>(),
        "gap-free across instances"
    );
}

/// A server by address, for spawned tasks (a `Server` owns its process).
struct ServerAt(String);

/// The case page's version and last event, which every step posts back.
async fn seen_at(client: &Client, server: &ServerAt, case_id: &str) -> (String, String) {
    let (status, page) = get_html(client, &format!("{}/staff/cases/{case_id}", server.0)).await;
    assert_eq!(status, StatusCode::OK);
    (
        first_attr(&page, "input[name=version]", "value"),
        first_attr(&page, "input[name=seen_event]", "value"),
    )
}

async fn accept_at(client: &Client, server: &ServerAt, case_id: &str, seen: &(String, String)) -> StatusCode {
    let csrf = {
        let (_, page) = get_html(client, &format!("{}/staff/cases/{case_id}", server.0)).await;
        first_attr(&page, "input[name=csrf]", "value")
    };
    client
        .post(format!("{}/staff/cases/{case_id}/transition", server.0))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", seen.0.as_str()),
            ("seen_event", seen.1.as_str()),
            ("to", "ACCEPTED"),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

/// A lockout counted on one instance holds on the other: the failures are
/// rows in the shared database, not counters in either process.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failed_logins_through_both_instances_lock_the_account_on_both() {
    let deployment = Deployment::new();
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let (a, b) = (deployment.start().await, deployment.start().await);
    let client = new_client();
    let mut last = String::new();
    for n in 0..yuanba::auth::rate_limit::NAME_MAX_FAILURES {
        let through = if n % 2 == 0 { &a } else { &b };
        let res = login(&client, &through.address, "demo-coordinator", "not-the-password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        last = alert(res).await;
    }
    assert!(
        last.contains("锁定"),
        "the fifth failure, split over two instances, locks: {last}"
    );
    for server in [&a, &b] {
        let res = login(&client, &server.address, "demo-coordinator", DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "locked on {}", server.address);
        assert!(alert(res).await.contains("15 分钟"));
    }
}

async fn alert(res: reqwest::Response) -> String {
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    crate::helpers::select_text(&html, ".alert-error").join(" ")
}
