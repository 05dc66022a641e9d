//! The dispute's own state through its referral (issue 16): REGISTERED at
//! the door while the referral is only sent, REFERRED from acceptance on,
//! and still REFERRED, with the outcome beside it, once the referral
//! closes; the case lists and `/track` say so. And the referral lists
//! cost the same number of queries at any length.

use super::*;
use crate::helpers::mailbox::track;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use yuanba::domain::resolution::ChannelType as C;

/// The `.cc-referral` line of the case's row in a case list.
async fn list_line(client: &Client, app: &TestApp, query: &str, case_id: &str) -> (String, String) {
    let list = page(client, app, &format!("/staff/cases?{query}")).await;
    let row = scraper::Selector::parse("tbody tr").unwrap();
    let tr = list
        .select(&row)
        .find(|tr| tr.html().contains(case_id))
        .expect("the case is listed");
    let text = |sel: &str| {
        tr.select(&scraper::Selector::parse(sel).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<String>()
    };
    (text(".cc-referral"), text(".next-actor"))
}

#[tokio::test]
async fn the_case_is_referred_at_acceptance_and_stays_referred_when_the_referral_closes() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let (case_id, receipt) = apply_online_receipt(&app, GYQ).await;
    let id = referred(&coordinator, &app, &case_id, &org_id).await;

    // Sent: still at the door, waiting for the organisation.
    assert_eq!(state_of(&app, &case_id), "REGISTERED");
    let (line, next) = list_line(&coordinator, &app, "queue=registered", &case_id).await;
    assert!(
        line.contains("江北区物业纠纷人民调解委员会") && line.contains("已转办，待受理"),
        "{line}"
    );
    assert!(next.contains("接收机构"), "{next}");

    let note = [("note", "电话确认")];
    assert_eq!(
        step_on(&coordinator, &app, &id, "accept", &note).await.status(),
        StatusCode::SEE_OTHER
    );
    // Accepted: the hand-off. The case left the door, with an event and audit.
    assert_eq!(state_of(&app, &case_id), "REFERRED");
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(case.outcome_note, "江北区物业纠纷人民调解委员会", "the destination");
    let events = yuanba::db::case_events::for_case(&mut app.conn(), &case_id).unwrap();
    let moved: Vec<_> = events
        .iter()
        .filter(|e| e.to_state.map(|s| s.code()) == Some("REFERRED"))
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].from_state.map(|s| s.code()), Some("REGISTERED"));
    let (_, queue) = get_html(&coordinator, &app.url("/staff/cases?queue=registered")).await;
    assert!(!queue.html().contains(&case_id), "no longer awaiting acceptance");

    let fields = [("outcome", "agreement"), ("note", "协议书已收到")];
    assert_eq!(
        step_on(&coordinator, &app, &id, "outcome", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let (line, next) = list_line(&coordinator, &app, "queue=all&state=REFERRED", &case_id).await;
    assert!(line.contains("达成协议"), "{line}");
    assert!(next.contains("化解中心"), "the centre closes it: {next}");
    assert_eq!(
        step_on(&coordinator, &app, &id, "close", &[]).await.status(),
        StatusCode::SEE_OTHER
    );

    // Closed: the case stays REFERRED (terminal), the outcome beside it.
    assert_eq!(state_of(&app, &case_id), "REFERRED");
    let (line, next) = list_line(&coordinator, &app, "queue=all&state=REFERRED", &case_id).await;
    assert!(line.contains("达成协议"), "{line}");
    assert!(next.is_empty(), "nobody acts on a closed referral: {next}");
    let (status, body) = track(&app, &receipt).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, ".state-line .tag-state")[0], "移送");
    assert!(select_text(&html, ".referral-outcome")[0].contains("达成协议"));
}

#[tokio::test]
async fn an_org_user_accepting_moves_the_case_and_a_stale_case_rolls_the_step_back() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let case_id = apply_online(&app, GYQ).await;
    let id = referred(&coordinator, &app, &case_id, &org_id).await;
    app.create_org_user("wuye-staff", &org_id);
    let committee = logged_in(&app, "wuye-staff").await;
    let version = referral(&app, &id).version.to_string();
    let res = post_form(
        &committee,
        &app.address,
        &format!("/org/referrals/{id}/accept"),
        &[("version", version.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &case_id), "REFERRED");
    assert_eq!(referral(&app, &id).state.code(), "accepted");

    // A returned referral leaves the case at the door.
    let other = apply_online(&app, GYQ).await;
    let second = referred(&coordinator, &app, &other, &org_id).await;
    let fields = [("reason", "不属物业服务范围"), ("note", "退回函")];
    assert_eq!(
        step_on(&coordinator, &app, &second, "return", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(state_of(&app, &other), "REGISTERED");
}

/// Runs `f` on a connection that counts the statements it sends.
fn queries<T>(app: &TestApp, f: impl FnOnce(&mut yuanba::db::DbConn) -> T) -> usize {
    use diesel::Connection;
    use diesel::connection::InstrumentationEvent;
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    let mut conn = app.conn();
    let conn: &mut yuanba::db::DbConn = &mut conn;
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    f(conn);
    n.load(Ordering::SeqCst)
}

#[tokio::test]
async fn referral_lists_cost_the_same_queries_at_any_length() {
    use yuanba::resolution::views;
    let app = spawn_app().await;
    let property = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let admin = yuanba::domain::viewer::Viewer {
        id: "admin".into(),
        role: yuanba::domain::role::Role::Admin,
        area_id: None,
    };
    referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    let now = yuanba::db::now_ts() + 400 * 86_400;
    let measure = |app: &TestApp| {
        let list = queries(app, |c| {
            assert!(!views::centre_list(c, &admin, false, now).unwrap().is_empty())
        });
        let late = queries(app, |c| {
            assert!(!views::centre_list(c, &admin, true, now).unwrap().is_empty())
        });
        let org = queries(app, |c| {
            assert!(!views::org_list(c, &property, now).unwrap().is_empty())
        });
        (list, late, org)
    };
    let one = measure(&app);
    for i in 0..4 {
        let other = org(&app, &format!("第{i}调解委员会"), C::StreetCommittee, None, "");
        let target = if i % 2 == 0 { &property } else { &other };
        referred(&coordinator, &app, &apply_online(&app, GYQ).await, target).await;
    }
    let five = measure(&app);
    assert_eq!(
        views::centre_list(&mut app.conn(), &admin, false, now).unwrap().len(),
        5
    );
    assert_eq!(one, five, "queries for 1 row vs 5 rows (list, overdue, org)");
    // One bounded range per unfinished state (3), case numbers, organisation names.
    assert!(
        five.0 <= 5,
        "three state ranges, case numbers, organisation names: {five:?}"
    );
}
