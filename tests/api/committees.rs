//! Committees over HTTP: an admin names a committee's head; the head then
//! finds the committee's senior-led cases in "awaiting my review", with the
//! count in the navigation, and signs them off. Bad input, stale forms and
//! other roles change nothing.

use crate::helpers::mediation::{
    apply_online, day, ending_fields, expect_step, logged_in, post_case, serve_all_parties,
};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::domain::role::{MediatorLevel, Role};

fn committee_of(app: &TestApp, street: &str) -> yuanba::db::committees::Committee {
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), street)
        .unwrap()
        .unwrap();
    yuanba::db::committees::for_street(&mut app.conn(), &street.id)
        .unwrap()
        .unwrap()
}

/// The committee form as the admin's page offers it, with some fields changed.
async fn post_committee(app: &TestApp, committee_id: &str, changes: &[(&str, &str)]) -> reqwest::Response {
    let (status, page) = app.get_html("/admin/committees").await;
    assert_eq!(status, StatusCode::OK);
    let row = format!("#committee-{committee_id}");
    let value = |name: &str| first_attr(&page, &format!("{row} input[name={name}]"), "value");
    let mut fields: Vec<(String, String)> = ["name", "short_name", "seen_name", "seen_short_name", "seen_head"]
        .iter()
        .map(|n| (n.to_string(), value(n)))
        .collect();
    fields.push(("head".into(), value("seen_head")));
    for (name, new) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push((name.to_string(), new.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    app.post_form(&format!("/admin/committees/{committee_id}"), &borrowed)
        .await
}

#[tokio::test]
async fn an_admin_sets_the_head_and_bad_or_stale_forms_change_nothing() {
    let app = spawn_app().await;
    app.login_admin().await;
    let head_id = app.create_user("head-laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    let trainee_id = app.create_user("some-xiaoma", Role::Mediator, Some(MediatorLevel::Trainee), None);
    let committee = committee_of(&app, "观音桥街道");

    let res = post_committee(&app, &committee.id, &[("short_name", "观音桥1号")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(
            &page,
            &format!("#committee-{} #e-short_name-{}", committee.id, committee.id)
        ),
        vec!["简称不能含空格、数字、括号、“号”或“人调字”。"]
    );

    let res = post_committee(&app, &committee.id, &[("head", &trainee_id)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a 小马 cannot head");
    assert_eq!(committee_of(&app, "观音桥街道").head_user_id, None);

    let res = post_committee(&app, &committee.id, &[("head", &head_id), ("short_name", "观音")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = committee_of(&app, "观音桥街道");
    assert_eq!(saved.head_user_id.as_deref(), Some(head_id.as_str()));
    assert_eq!(saved.short_name, "观音");
    assert_eq!(app.audit_count("committee.update"), 1);

    // A form built before that change is refused and shows the current state.
    let stale = [
        ("name", committee.name.as_str()),
        ("short_name", "观音桥"),
        ("head", ""),
        ("seen_name", committee.name.as_str()),
        ("seen_short_name", committee.short_name.as_str()),
        ("seen_head", ""),
    ];
    let res = app
        .post_form(&format!("/admin/committees/{}", committee.id), &stale)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, ".alert-error").len(), 1);
    assert_eq!(
        first_attr(&page, &format!("#f-short_name-{}", committee.id), "value"),
        "观音"
    );
    assert_eq!(committee_of(&app, "观音桥街道").head_user_id, Some(head_id));
    assert_eq!(app.audit_count("committee.update"), 1);

    let coordinator_id = app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;
    assert_eq!(
        get(&coordinator, &app.url("/admin/committees")).await.status(),
        StatusCode::FORBIDDEN
    );
    let res = post_form(
        &coordinator,
        &app.address,
        &format!("/admin/committees/{}", committee.id),
        &[("name", "x"), ("short_name", "x"), ("head", &coordinator_id)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(committee_of(&app, "观音桥街道").short_name, "观音");
}

/// A resident applies; the coordinator accepts, serves every party and
/// assigns `lead` with no mentor; the lead mediates and the mediation fails.
async fn failed_case_led_by(app: &TestApp, coordinator: &Client, lead: &Client, lead_id: &str) -> String {
    let case_id = apply_online(app, "观音桥街道").await;
    expect_step(coordinator, app, &case_id, "ACCEPTED", &[]).await;
    serve_all_parties(coordinator, app, &case_id).await;
    expect_step(coordinator, app, &case_id, "ASSIGNED", &[("lead_mediator_id", lead_id)]).await;
    expect_step(lead, app, &case_id, "MEDIATING", &[]).await;
    let held_on = day(0);
    let session = [
        ("kind", "session"),
        ("held_on", held_on.as_str()),
        ("place", "观音桥社区调解室"),
        ("persons", "双方当事人"),
        ("content", "双方各执己见，未能达成一致。"),
        ("result", "未达成协议"),
    ];
    let res = post_case(lead, app, &case_id, "/records", &session).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let today = day(0);
    expect_step(
        lead,
        app,
        &case_id,
        "FAILED",
        &ending_fields(&today, "告知可向法院起诉"),
    )
    .await;
    expect_step(lead, app, &case_id, "CLOSURE_REVIEW", &[]).await;
    case_id
}

fn review_queue_numbers(page: &Html) -> Vec<String> {
    select_text(page, "table td a")
}

#[tokio::test]
async fn the_committee_head_reviews_senior_led_cases_and_sees_the_count_in_the_navigation() {
    let app = spawn_app().await;
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let lead_id = app.create_user("senior-lead", Role::Mediator, Some(MediatorLevel::Senior), None);
    let head_id = app.create_user("head-laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    app.create_user("other-laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    let committee = committee_of(&app, "观音桥街道");
    app.login_admin().await;
    let res = post_committee(&app, &committee.id, &[("head", &head_id)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let coordinator = logged_in(&app, "gyq-coord").await;
    let lead = logged_in(&app, "senior-lead").await;
    let head = logged_in(&app, "head-laoma").await;
    let other = logged_in(&app, "other-laoma").await;
    let case_id = failed_case_led_by(&app, &coordinator, &lead, &lead_id).await;

    let (_, queue) = get_html(&head, &app.url("/staff/cases?queue=review")).await;
    assert_eq!(review_queue_numbers(&queue).len(), 1, "the head's review queue");
    assert_eq!(select_text(&queue, ".main-nav .nav-badge").len(), 1);
    assert!(select_text(&queue, ".main-nav .nav-badge")[0].starts_with('1'));
    for client in [&lead, &other] {
        let (_, queue) = get_html(client, &app.url("/staff/cases?queue=review")).await;
        assert!(review_queue_numbers(&queue).is_empty(), "not theirs to sign");
        assert!(select_text(&queue, ".main-nav .nav-badge").is_empty());
    }
    // The coordinator has nothing registered or unassigned left.
    let (_, home) = get_html(&coordinator, &app.url("/staff")).await;
    assert!(select_text(&home, ".main-nav .nav-badge").is_empty());

    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    expect_step(&head, &app, &case_id, "CLOSED", &file).await;
    let state = yuanba::db::cases::find(&mut app.conn(), &case_id)
        .unwrap()
        .unwrap()
        .state;
    assert_eq!(state.code(), "CLOSED");
    let (_, queue) = get_html(&head, &app.url("/staff/cases?queue=review")).await;
    assert!(review_queue_numbers(&queue).is_empty());
    assert!(select_text(&queue, ".main-nav .nav-badge").is_empty());
}

#[tokio::test]
async fn a_coordinator_sees_waiting_intake_in_the_navigation() {
    let app = spawn_app().await;
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    app.create_user("wld-coord", Role::Coordinator, None, Some("五里店街道"));
    apply_online(&app, "观音桥街道").await;
    let gyq = logged_in(&app, "gyq-coord").await;
    let (_, page) = get_html(&gyq, &app.url("/staff")).await;
    assert_eq!(select_text(&page, ".main-nav .nav-badge").len(), 1);
    assert!(select_text(&page, ".main-nav .nav-badge")[0].starts_with('1'));
    let wld = logged_in(&app, "wld-coord").await;
    let (_, page) = get_html(&wld, &app.url("/staff")).await;
    assert!(
        select_text(&page, ".main-nav .nav-badge").is_empty(),
        "another street's intake"
    );
}
