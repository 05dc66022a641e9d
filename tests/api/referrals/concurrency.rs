//! Many sessions acting on one referral, or referring one case, at once:
//! exactly one wins and the losers leave no row behind, on both backends.

use super::*;

const RACERS: usize = 8;

async fn sessions(app: &TestApp) -> Vec<Client> {
    let mut clients = Vec::new();
    for n in 0..RACERS {
        clients.push(centre(app, &format!("gyq-racer-{n}")).await);
    }
    clients
}

/// Every session posts `fields` to `path` at the same moment.
async fn race(app: &TestApp, clients: &[Client], path: &str, fields: &[(&str, &str)]) -> Vec<StatusCode> {
    let form: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut tasks = Vec::new();
    for client in clients {
        let (client, address, path, form) = (client.clone(), app.address.clone(), path.to_owned(), form.clone());
        tasks.push(tokio::spawn(async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_form(&client, &address, &path, &pairs).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

#[tokio::test]
async fn of_many_concurrent_accepts_exactly_one_wins() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let clients = sessions(&app).await;
    let case_id = apply_online(&app, GYQ).await;
    let id = referred(&clients[0], &app, &case_id, &org_id).await;

    let path = format!("/centre/referrals/{id}/accept");
    let statuses = race(&app, &clients, &path, &[("version", "1"), ("note", "电话确认")]).await;
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let lost = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((won, lost), (1, RACERS - 1), "{statuses:?}");
    let after = referral(&app, &id);
    assert_eq!((after.state.code(), after.version), ("accepted", 2));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM referral_events WHERE kind = 'accept'"),
        1
    );
    assert_eq!(app.audit_count("referral.accept"), 1);
    let case_lines = "SELECT COUNT(*) AS n FROM case_events WHERE kind = 'referral'";
    assert_eq!(count(&app, case_lines), 2, "the sending and one acceptance");
}

#[tokio::test]
async fn of_many_concurrent_referrals_of_one_case_exactly_one_is_made() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let clients = sessions(&app).await;
    let case_id = apply_online(&app, GYQ).await;

    let path = format!("/centre/cases/{case_id}/refer");
    let statuses = race(
        &app,
        &clients,
        &path,
        &[("org_id", &org_id), ("reason", "转物业调委会")],
    )
    .await;
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(won, 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| [
            StatusCode::SEE_OTHER,
            StatusCode::CONFLICT,
            StatusCode::UNPROCESSABLE_ENTITY
        ]
        .contains(s)),
        "{statuses:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM referrals"), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM referral_events"), 1);
    assert_eq!(app.audit_count("referral.send"), 1);
}
