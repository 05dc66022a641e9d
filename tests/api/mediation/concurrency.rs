//! Many sessions acting on one case at the same moment (issue 8): exactly one
//! change wins, and the losers leave no row, event, audit entry or case
//! number behind — on PostgreSQL at READ COMMITTED as on SQLite.

use super::seen_of;
use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use yuanba::domain::role::Role;

/// How many sessions race in each test: enough to interleave on both
/// backends' connection pools.
const RACERS: usize = 8;
const ROUNDS: usize = 5;

/// `RACERS` separate logged-in sessions of staff who may edit the case.
async fn racing_sessions(app: &TestApp) -> Vec<Client> {
    for n in 0..RACERS {
        app.create_user(&format!("gyq-coord-{n}"), Role::Coordinator, None, Some("观音桥街道"));
    }
    let mut clients = Vec::new();
    for n in 0..RACERS {
        clients.push(logged_in(app, &format!("gyq-coord-{n}")).await);
    }
    clients
}

/// Every session posts `fields` to `suffix` of the case, all against the
/// version and last event the page showed before any of them.
async fn race(
    app: &TestApp,
    sessions: &[Client],
    case_id: &str,
    suffix: &str,
    fields: &[(&str, &str)],
) -> Vec<StatusCode> {
    let body = get(&sessions[0], &app.url(&format!("/staff/cases/{case_id}")))
        .await
        .text()
        .await
        .unwrap();
    let (version, seen) = seen_of(&body);
    let mut form: Vec<(String, String)> = vec![("version".into(), version), ("seen_event".into(), seen)];
    form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let mut tasks = Vec::new();
    for client in sessions {
        let client = client.clone();
        let url = format!("/staff/cases/{case_id}{suffix}");
        let (address, form) = (app.address.clone(), form.clone());
        tasks.push(tokio::spawn(async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_form(&client, &address, &url, &pairs).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort();
    statuses
}

fn one_winner() -> Vec<StatusCode> {
    let mut expected = vec![StatusCode::SEE_OTHER];
    expected.extend(std::iter::repeat_n(StatusCode::CONFLICT, RACERS - 1));
    expected.sort();
    expected
}

fn events_of_kind(app: &TestApp, case_id: &str, kind: &str) -> usize {
    yuanba::db::case_events::for_case(&mut app.conn(), case_id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.code() == kind)
        .count()
}

#[tokio::test]
async fn concurrent_edits_at_one_version_store_exactly_one_change() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let sessions = racing_sessions(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let parties_before = yuanba::db::case_parties::for_case(&mut app.conn(), &case_id)
        .unwrap()
        .len();
    let audit_before = app.audit_count("case.party_added");
    let version_before = yuanba::db::cases::find(&mut app.conn(), &case_id)
        .unwrap()
        .unwrap()
        .version;

    // Several rounds, each at the version the previous one left: a single
    // round does not always interleave the writers.
    for round in 1..=ROUNDS {
        let name = format!("第三人{round}");
        let statuses = race(
            &app,
            &sessions,
            &case_id,
            "/parties",
            &[("party_role", "third_party"), ("name", name.as_str())],
        )
        .await;
        assert_eq!(
            statuses,
            one_winner(),
            "round {round}: one session wins, the others are told of the conflict"
        );
    }

    let parties_after = yuanba::db::case_parties::for_case(&mut app.conn(), &case_id)
        .unwrap()
        .len();
    assert_eq!(
        parties_after,
        parties_before + ROUNDS,
        "exactly one party stored per round"
    );
    assert_eq!(
        events_of_kind(&app, &case_id, "party_added"),
        ROUNDS,
        "one timeline event per round"
    );
    assert_eq!(
        app.audit_count("case.party_added"),
        audit_before + ROUNDS as i64,
        "one audit row per round"
    );
    let version_after = yuanba::db::cases::find(&mut app.conn(), &case_id)
        .unwrap()
        .unwrap()
        .version;
    assert_eq!(
        version_after,
        version_before + ROUNDS as i32,
        "the version moved once per round"
    );
}

#[tokio::test]
async fn concurrent_acceptances_of_one_case_allocate_one_number() {
    let app = spawn_app().await;
    let sessions = racing_sessions(&app).await;
    let first = apply_online(&app, "观音桥街道").await;
    let second = apply_online(&app, "观音桥街道").await;
    let audit_before = app.audit_count("case.transition");

    let statuses = race(&app, &sessions, &first, "/transition", &[("to", "ACCEPTED")]).await;

    assert_eq!(statuses, one_winner());
    let case = yuanba::db::cases::find(&mut app.conn(), &first).unwrap().unwrap();
    assert_eq!((case.state.code(), case.case_seq), ("ACCEPTED", Some(1)));
    let accepted_events = yuanba::db::case_events::for_case(&mut app.conn(), &first)
        .unwrap()
        .into_iter()
        .filter(|e| e.to_state.map(|s| s.code()) == Some("ACCEPTED"))
        .count();
    assert_eq!(accepted_events, 1, "one transition event");
    assert_eq!(app.audit_count("case.transition"), audit_before + 1, "one audit row");
    // The losers returned their numbers: the next case gets 2, not 2 + losers.
    let statuses = race(&app, &sessions[..1], &second, "/transition", &[("to", "ACCEPTED")]).await;
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER]);
    let case = yuanba::db::cases::find(&mut app.conn(), &second).unwrap().unwrap();
    assert_eq!(case.case_seq, Some(2), "no number was burnt by the losing sessions");
}

#[tokio::test]
async fn many_cases_each_accepted_by_several_sessions_are_numbered_one_to_m() {
    const CASES: usize = 5;
    let app = spawn_app().await;
    let sessions = racing_sessions(&app).await;
    let mut ids = Vec::new();
    for _ in 0..CASES {
        ids.push(apply_online(&app, "观音桥街道").await);
    }
    // All cases at once, each by every session.
    let mut races = Vec::new();
    for id in &ids {
        races.push(race(&app, &sessions, id, "/transition", &[("to", "ACCEPTED")]));
    }
    for statuses in futures_util::future::join_all(races).await {
        assert_eq!(statuses, one_winner());
    }
    let seqs = sorted_case_numbers(&app, &ids);
    assert_eq!(seqs, (1..=CASES as i32).collect::<Vec<_>>(), "gap-free numbers 1..M");
}
