//! Durability (DESIGN.md §8): residents send letters with photos and
//! mediation applications as fast as they can while the server is killed
//! with SIGKILL and started again, several times. Every receipt handed out
//! must open afterwards, and nothing may be half stored.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use reqwest::StatusCode;
use yuanba::db::DbConn;

use super::child::Deployment;
use super::load::{self, Tally};
use super::submit::{Target, track};

const KILLS: usize = 4;
const SENDERS: usize = 4;
/// Receipts to wait for in each run before the kill.
const PER_RUN: usize = 8;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    value: String,
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nothing_acknowledged_is_lost_or_half_stored_across_sigkills() {
    let deployment = Deployment::new();
    let mut codes = Vec::new();
    let mut failures = Vec::new();
    let mut target: Option<Target> = None;
    for _ in 0..KILLS {
        let server = deployment.start().await;
        let here = match &target {
            Some(t) => t.at(&server.address),
            None => Target::prepare(&mut deployment.conn(), &server.address),
        };
        let tally = Arc::new(Tally::default());
        let senders = load::start(&here, SENDERS, &tally);
        load::until_acknowledged(&tally, PER_RUN).await;
        tally.signalled.store(true, Ordering::SeqCst);
        server.kill9().await;
        for sender in senders {
            sender.await.unwrap();
        }
        codes.extend(tally.codes());
        failures.extend(tally.failures());
        target = Some(here);
    }

    let server = deployment.start().await;
    let target = target.unwrap().at(&server.address);
    let mut lost = Vec::new();
    for (_, code) in &codes {
        if track(&target, code).await.0 != StatusCode::OK {
            lost.push(code.clone());
        }
    }
    server.terminate();
    assert!(server.wait().await.success());

    let mut conn = deployment.conn();
    let letters = count(&mut conn, "SELECT COUNT(*) AS n FROM letters");
    let cases = count(&mut conn, "SELECT COUNT(*) AS n FROM cases");
    println!(
        "SIGKILL durability ({}): {} acknowledged ({letters} letters and {cases} cases stored), \
         {} lost, {} failed answers, {KILLS} kills",
        if deployment.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        codes.len(),
        lost.len(),
        failures.len()
    );
    assert_eq!(lost, Vec::<String>::new(), "every acknowledged receipt opens");
    assert_eq!(failures, Vec::<String>::new(), "no error answers before a kill");
    assert!(letters + cases >= codes.len() as i64);
    assert_no_half_stored(&mut conn, &deployment);
    if !deployment.is_postgres() {
        let check: Vec<Name> = diesel::sql_query("SELECT integrity_check AS value FROM pragma_integrity_check")
            .load(&mut conn)
            .unwrap();
        let check: Vec<String> = check.into_iter().map(|r| r.value).collect();
        assert_eq!(check, ["ok"], "PRAGMA integrity_check");
    }
}

/// Every letter of this test was sent with one photo, every application
/// with an applicant and a respondent: a letter without its photo row, a
/// photo row without its file, or a case without both parties would be a
/// submission stored by halves.
fn assert_no_half_stored(conn: &mut DbConn, deployment: &Deployment) {
    let photoless = count(
        conn,
        "SELECT COUNT(*) AS n FROM letters l WHERE NOT EXISTS \
         (SELECT 1 FROM letter_photos p WHERE p.letter_id = l.id)",
    );
    assert_eq!(photoless, 0, "letters without their photo");
    let partial_cases = count(
        conn,
        "SELECT COUNT(*) AS n FROM cases c WHERE (SELECT COUNT(*) FROM case_parties p \
         WHERE p.case_id = c.id) < 2",
    );
    assert_eq!(partial_cases, 0, "cases without both parties");
    let stored: Vec<Name> = diesel::sql_query("SELECT stored_name AS value FROM letter_photos")
        .load(conn)
        .unwrap();
    let folder = deployment.data_dir.join("uploads").join("letters");
    let missing: Vec<&String> = stored
        .iter()
        .map(|r| &r.value)
        .filter(|name| !folder.join(name).is_file())
        .collect();
    assert!(missing.is_empty(), "photo rows without their file: {missing:?}");
}
