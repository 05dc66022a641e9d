//! A read replica (issue 15, `DATABASE_REPLICA_URL`): list pages read the
//! replica, and a browser that has just written reads the primary for a
//! while, so its own change never seems lost.
//!
//! The replica test needs a PostgreSQL streaming replica of the
//! TEST_DATABASE_URL server: `scripts/scale-out.sh` starts a primary and a
//! replica of its own and runs it with `--include-ignored`, setting
//! TEST_REPLICA_SERVER_URL. It is ignored in the plain suite, where no
//! replica exists.

use std::time::Duration;

use diesel::prelude::*;
use diesel::{PgConnection, sql_query};
use reqwest::{Client, StatusCode};
use yuanba::demo::DEMO_PASSWORD;

use super::child::Deployment;
use super::submit::{Outcome, Target, send_application};
use crate::helpers::new_client;

/// The ids linked from `path` on `address`: the `href`s under `prefix` of
/// the links inside `within` (a CSS scope, "" for the whole page), read
/// with exactly `cookies` (no cookie store: nothing is added).
async fn linked_ids(address: &str, path: &str, cookies: &str, within: &str, prefix: &str) -> Vec<String> {
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .get(format!("{address}{path}"))
        .header("Cookie", cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    let links = scraper::Selector::parse(&format!("{within} a[href^='{prefix}']")).unwrap();
    html.select(&links)
        .filter_map(|a| a.value().attr("href")?.strip_prefix(prefix).map(str::to_owned))
        .collect()
}

/// The case ids linked from the coordinator's intake queue.
async fn intake_ids(address: &str, cookies: &str) -> Vec<String> {
    linked_ids(
        address,
        "/staff/cases?queue=registered",
        cookies,
        ".case-table",
        "/staff/cases/",
    )
    .await
}

/// The referral ids linked from `/centre/referrals`.
async fn referral_ids(address: &str, cookies: &str) -> Vec<String> {
    linked_ids(address, "/centre/referrals", cookies, "", "/centre/referrals/").await
}

/// Logs in and returns the session cookie alone ("name=value").
async fn session_cookie(address: &str, username: &str) -> String {
    let client = new_client();
    let res = crate::helpers::login(&client, address, username, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "logs in");
    let pinned = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("yuanba_primary="));
    assert!(pinned, "a login is a write: its answer pins reads to the primary");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next())
        .find(|c| c.contains("yb_session="))
        .expect("a session cookie")
        .to_owned()
}

fn newest_intake(deployment: &Deployment) -> String {
    use yuanba::db::schema::cases;
    cases::table
        .filter(cases::state.eq("REGISTERED"))
        .order(cases::id.desc())
        .select(cases::id)
        .first(&mut deployment.conn())
        .unwrap()
}

fn replay(replica_server: &str, pause: bool) {
    let mut conn = PgConnection::establish(&format!("{replica_server}/postgres")).expect("the replica answers");
    let call = if pause {
        "pg_wal_replay_pause"
    } else {
        "pg_wal_replay_resume"
    };
    sql_query(format!("SELECT {call}()")).execute(&mut conn).unwrap();
}

/// Waits until the replica has replayed the primary's current WAL position.
fn caught_up(deployment: &Deployment, replica_url: &str) {
    #[derive(QueryableByName)]
    struct Lsn {
        #[diesel(sql_type = diesel::sql_types::Text)]
        lsn: String,
    }
    #[derive(QueryableByName)]
    struct Behind {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        behind: bool,
    }
    let yuanba::db::DbConn::Pg(mut primary) = deployment.conn() else {
        panic!("PostgreSQL only")
    };
    let target: Lsn = sql_query("SELECT pg_current_wal_lsn()::text AS lsn")
        .get_result(&mut primary)
        .unwrap();
    for _ in 0..300 {
        if let Ok(mut replica) = PgConnection::establish(replica_url) {
            let state: Behind = sql_query("SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind")
                .bind::<diesel::sql_types::Text, _>(&target.lsn)
                .get_result(&mut replica)
                .unwrap();
            if !state.behind {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the replica did not catch up within 30 s");
}

#[ignore = "needs a streaming replica: scripts/scale-out.sh runs it"]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lists_read_the_replica_and_a_writer_reads_the_primary() {
    let replica_server = std::env::var("TEST_REPLICA_SERVER_URL")
        .expect("TEST_REPLICA_SERVER_URL: the replica server's URL without a database (scripts/scale-out.sh)");
    let deployment = Deployment::new();
    let name = deployment.pg_name().expect("TEST_DATABASE_URL: the replica's primary");
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let replica_url = format!("{replica_server}/{name}");
    caught_up(&deployment, &replica_url);
    let env = [("DATABASE_REPLICA_URL", replica_url.as_str())];
    let (a, b) = (deployment.start_with(&env).await, deployment.start_with(&env).await);
    let session = session_cookie(&a.address, "demo-coordinator").await;

    // With replay paused, a new application reaches the primary only.
    replay(&replica_server, true);
    let target = Target::prepare(&mut deployment.conn(), &a.address);
    let sent = send_application(&new_client(), &target).await;
    assert!(matches!(sent, Outcome::Receipt(_)), "{sent:?}");
    let new_case = newest_intake(&deployment);
    for server in [&a, &b] {
        let from_replica = intake_ids(&server.address, &session).await;
        assert!(!from_replica.is_empty(), "the replica serves the demo's intake queue");
        assert!(
            !from_replica.contains(&new_case),
            "the list is read from the paused replica"
        );
        let pinned = intake_ids(&server.address, &format!("{session}; yuanba_primary=1")).await;
        assert!(
            pinned.contains(&new_case),
            "a browser that just wrote reads the primary"
        );
    }

    // The centre's referral list reads the replica too: a referral sent
    // while replay is paused shows only to the browser that sent it.
    let admin = session_cookie(&a.address, "demo-admin").await;
    let referral = refer_on_primary(&deployment, &a.address, &new_case).await;
    for server in [&a, &b] {
        let listed = referral_ids(&server.address, &admin).await;
        assert!(
            !listed.contains(&referral),
            "the referral list is read from the paused replica"
        );
        let pinned = referral_ids(&server.address, &format!("{admin}; yuanba_primary=1")).await;
        assert!(
            pinned.contains(&referral),
            "a browser that just wrote reads the primary"
        );
    }

    // Once the replica replays, the lists show the case and the referral
    // without the pin.
    replay(&replica_server, false);
    caught_up(&deployment, &replica_url);
    assert!(intake_ids(&b.address, &session).await.contains(&new_case));
    assert!(referral_ids(&b.address, &admin).await.contains(&referral));
}

/// The demo admin refers `case_id` to an organisation that takes its type
/// (a write: the admin's browser is pinned to the primary); the referral's id.
async fn refer_on_primary(deployment: &Deployment, address: &str, case_id: &str) -> String {
    let case = yuanba::db::cases::find(&mut deployment.conn(), case_id)
        .unwrap()
        .expect("the case");
    let org = yuanba::db::resolution_orgs::active(&mut deployment.conn())
        .unwrap()
        .into_iter()
        .find(|o| o.takes_type(case.dispute_type))
        .expect("a demo organisation takes the dispute");
    let client = new_client();
    let res = crate::helpers::login(&client, address, "demo-admin", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "logs in");
    let path = format!("/centre/cases/{case_id}/refer");
    let fields = [("org_id", org.id.as_str()), ("reason", "按分流建议转办")];
    let res = crate::helpers::post_form(&client, address, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "referred");
    let to = res.headers()["location"].to_str().unwrap();
    to.trim_start_matches("/centre/referrals/").to_owned()
}

#[tokio::test]
async fn a_replica_needs_postgresql() {
    let deployment = Deployment::new();
    let replica = "sqlite:///tmp/not-a-replica.db";
    let out = deployment
        .command(&["serve"])
        .env("DATABASE_REPLICA_URL", replica)
        .output()
        .await
        .unwrap();
    let told = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    // SQLite has no replicas, and a PostgreSQL primary cannot stream to a
    // SQLite file: refused at start, with the reason, on both backends.
    assert!(!out.status.success(), "{told}");
    assert!(told.contains("DATABASE_REPLICA_URL needs PostgreSQL"), "{told}");
}
