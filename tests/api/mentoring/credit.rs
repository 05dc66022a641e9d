//! Credit (DESIGN.md §6): a case counts for its lead and for its mentor.
//! On the demo content — built through the real workflow — the figures on
//! each mediator's record equal a plain recount of the cases, and match
//! the numbers the demo was written to produce. The demo's late-stage 小马
//! meets every criterion but the recommendation, so their mentor can
//! propose graduation and an admin approve it.

use super::*;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use scraper::Html;

const DEMO_PASSWORD: &str = "yuanba-demo-2026";

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A recount straight from the tables: closed cases where `column` is the
/// mediator, those with an agreement in force, and those whose agreement
/// in force is oral.
fn recount(app: &TestApp, column: &str, user_id: &str) -> [i64; 3] {
    let closed = format!("SELECT id FROM cases WHERE {column} = $1 AND state IN ('CLOSED', 'ARCHIVED')");
    let queries = [
        format!("SELECT COUNT(*) AS n FROM ({closed}) c"),
        format!(
            "SELECT COUNT(DISTINCT a.case_id) AS n FROM agreements a WHERE a.effective_on <> '' AND a.case_id IN ({closed})"
        ),
        format!(
            "SELECT COUNT(DISTINCT a.case_id) AS n FROM agreements a WHERE a.effective_on <> '' AND a.kind = 'oral' AND a.case_id IN ({closed})"
        ),
    ];
    let mut conn = app.conn();
    queries.map(|q| {
        let q = if app.is_postgres() { q } else { q.replace("$1", "?") };
        diesel::sql_query(q)
            .bind::<Text, _>(user_id)
            .get_result::<N>(&mut *conn)
            .unwrap()
            .n
    })
}

fn id_of(app: &TestApp, username: &str) -> String {
    yuanba::db::users::find_by_username(&mut app.conn(), username)
        .unwrap()
        .unwrap()
        .id
}

async fn demo_client(app: &TestApp, username: &str) -> Client {
    let client = new_client();
    let res = login(&client, &app.address, username, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{username} logs in");
    client
}

/// (closed, successes, oral) of one row of the credit table.
fn row(html: &Html, id: &str) -> [i64; 3] {
    ["closed", "successes", "oral"].map(|cell| {
        let text = select_text(html, &format!("#{id} td.{cell}")).join("");
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("#{id} .{cell}: {text:?}"))
    })
}

#[tokio::test]
async fn each_case_is_credited_to_its_lead_and_its_mentor() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let admin = demo_client(&app, "demo-admin").await;
    let expected = [
        // The ready-to-graduate 小马 and their 老马: 22 closed, 2 failed,
        // 2 of the 20 agreements oral.
        ("demo-xiaoma3", [22, 20, 2], [0, 0, 0]),
        ("demo-laoma2", [0, 0, 0], [22, 20, 2]),
        // The 17 workflow demo cases: CLOSED and ARCHIVED, both written.
        ("demo-xiaoma", [2, 2, 0], [0, 0, 0]),
        ("demo-laoma", [0, 0, 0], [2, 2, 0]),
        ("demo-xiaoma4", [0, 0, 0], [0, 0, 0]),
    ];
    for (username, led, guided) in expected {
        let id = id_of(&app, username);
        let (status, html) = get_html(&admin, &app.url(&format!("/mentoring/mediators/{id}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(row(&html, "credit-led"), led, "{username} as lead");
        assert_eq!(row(&html, "credit-guided"), guided, "{username} as mentor");
        assert_eq!(
            recount(&app, "lead_mediator_id", &id),
            led,
            "{username}: recount as lead"
        );
        assert_eq!(recount(&app, "mentor_id", &id), guided, "{username}: recount as mentor");
    }
}

#[tokio::test]
async fn the_demo_trainee_ready_to_graduate_can_be_proposed_and_approved() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let mentee_id = id_of(&app, "demo-xiaoma3");
    let mentor = demo_client(&app, "demo-laoma2").await;
    let (_, html) = get_html(&mentor, &app.url(&format!("/mentoring/mediators/{mentee_id}"))).await;
    let unmet: Vec<String> = select_text(&html, "tr.criterion.unmet th");
    assert_eq!(unmet.len(), 1, "only the recommendation is missing: {unmet:?}");
    assert_eq!(select_text(&html, "tr.criterion-mentor_recommendation.unmet").len(), 1);

    let pairing = yuanba::db::mentorship::active_of_mentee(&mut app.conn(), &mentee_id)
        .unwrap()
        .unwrap()
        .id;
    let res = post_form(
        &mentor,
        &app.address,
        &format!("/mentoring/pairings/{pairing}/propose"),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let admin = demo_client(&app, "demo-admin").await;
    let res = post_form(
        &admin,
        &app.address,
        &format!("/mentoring/pairings/{pairing}/approve"),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let user = yuanba::db::users::find(&mut app.conn(), &mentee_id).unwrap().unwrap();
    assert_eq!(user.mediator_level, Some(MediatorLevel::Senior));
}
