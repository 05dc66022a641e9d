//! Pairings: the mentor's cap (also under concurrency), one active mentor
//! per mentee, ending with history and audit, the plan ticked off by the
//! mentor, and who sees a pairing.

use super::*;
use scraper::Html;

use crate::helpers::mediation::attr;

#[tokio::test]
async fn many_concurrent_pairings_for_one_mentor_exactly_the_cap_succeed() {
    let app = spawn_app().await;
    let mentor_id = senior(&app, "laoma");
    let names: Vec<String> = (0..8).map(|i| format!("xiaoma{i}")).collect();
    for name in &names {
        trainee(&app, name);
    }
    let admin = admin(&app).await;
    let requests = names.iter().map(|name| pair(&app, &admin, "laoma", name));
    let answers = futures_util::future::join_all(requests).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((won, refused), (3, 5), "{statuses:?}");
    assert_eq!(active_pairings(&app, &mentor_id), 3);
    assert_eq!(app.audit_count("mentoring.pair"), 3);
}

#[tokio::test]
async fn past_the_cap_the_refusal_sits_next_to_the_mentor_field_keeping_the_input() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    for i in 0..4 {
        trainee(&app, &format!("xiaoma{i}"));
    }
    let admin = admin(&app).await;
    for i in 0..3 {
        paired(&app, &admin, "laoma", &format!("xiaoma{i}")).await;
    }
    let res = pair(&app, &admin, "laoma", "xiaoma3").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    let error = select_text(&html, "#e-mentor").join("");
    assert!(error.contains("带教人数已满"), "{error}");
    assert_eq!(first_attr(&html, "input[name=mentee]", "value"), "xiaoma3");
    // An admin raises the cap: the fourth pairing is now allowed.
    let settings = [
        ("mentee_cap", "4"),
        ("min_cases", "20"),
        ("min_success_pct", "85"),
        ("max_oral_pct", "30"),
        ("min_training_hours", "44"),
    ];
    let res = post_form(&admin, &app.address, "/admin/mentoring", &settings).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("mentoring.settings"), 1);
    paired(&app, &admin, "laoma", "xiaoma3").await;
}

#[tokio::test]
async fn only_a_laoma_mentors_only_a_xiaoma_is_mentored_and_a_mentee_has_one_mentor() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    senior(&app, "laoma2");
    trainee(&app, "xiaoma");
    trainee(&app, "xiaoma2");
    let admin = admin(&app).await;
    let res = pair(&app, &admin, "xiaoma2", "xiaoma").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(!select_text(&html, "#e-mentor").join("").is_empty());
    let res = pair(&app, &admin, "laoma", "laoma2").await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(!select_text(&html, "#e-mentee").join("").is_empty());
    paired(&app, &admin, "laoma", "xiaoma").await;
    let res = pair(&app, &admin, "laoma2", "xiaoma").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(select_text(&html, "#e-mentee").join("").contains("已有结对"));
    let res = pair(&app, &admin, "nobody", "xiaoma2").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn ending_a_pairing_is_audited_and_kept_as_history_then_a_new_mentor_may_take_over() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    senior(&app, "laoma2");
    let mentee_id = trainee(&app, "xiaoma");
    let admin = admin(&app).await;
    let first = paired(&app, &admin, "laoma", "xiaoma").await;
    let path = format!("/mentoring/pairings/{first}/end");
    let res = post_form(
        &admin,
        &app.address,
        &path,
        &[("ended_on", "2026-06-30"), ("reason", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-reason").len(), 1, "the error sits at the reason");
    assert!(select_text(&html, "#e-ended_on").is_empty());
    assert_eq!(
        attr(&html, "#f-ended_on", "value"),
        "2026-06-30",
        "the date typed is kept"
    );
    let fields = [("ended_on", "2026-06-30"), ("reason", "老马调任")];
    let res = post_form(&admin, &app.address, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("mentoring.end"), 1);
    paired(&app, &admin, "laoma2", "xiaoma").await;
    let (status, html) = get_html(&admin, &app.url(&format!("/mentoring/mediators/{mentee_id}"))).await;
    assert_eq!(status, StatusCode::OK);
    let history = select_text(&html, ".pairing-history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history
            .iter()
            .any(|h| h.contains("2026-06-30") && h.contains("老马调任"))
    );
}

#[tokio::test]
async fn the_mentor_ticks_plan_items_and_only_the_pair_and_admins_see_the_pairing() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    senior(&app, "other");
    let mentee_id = trainee(&app, "xiaoma");
    let admin = admin(&app).await;
    let id = paired(&app, &admin, "laoma", "xiaoma").await;
    let (mentor, mentee, other) = (
        client_of(&app, "laoma").await,
        client_of(&app, "xiaoma").await,
        client_of(&app, "other").await,
    );
    let page = format!("/mentoring/pairings/{id}");
    let tick = format!("{page}/plan");
    let fields = [("position", "1"), ("done_on", "2026-03-01"), ("comment", "笔录规范")];
    let res = post_form(&mentee, &app.address, &tick, &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a mentee cannot tick their own plan"
    );
    // A bad date is refused next to the date, the comment typed kept.
    let bad = [("position", "1"), ("done_on", "2026-13-01"), ("comment", "笔录规范")];
    let res = post_form(&mentor, &app.address, &tick, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-done_on").len(), 1);
    assert_eq!(attr(&html, "#f-comment", "value"), "笔录规范");
    let res = post_form(&mentor, &app.address, &tick, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = get_html(&mentee, &app.url(&page)).await;
    assert_eq!(status, StatusCode::OK);
    let done = select_text(&html, ".plan-item.done").join(" ");
    assert!(done.contains("2026-03-01") && done.contains("笔录规范"), "{done}");
    assert_eq!(get(&other, &app.url(&page)).await.status(), StatusCode::FORBIDDEN);
    let record = app.url(&format!("/mentoring/mediators/{mentee_id}"));
    assert_eq!(get(&other, &record).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(get(&mentor, &record).await.status(), StatusCode::OK);
    // The dashboards: the mentor sees the mentee, the mentee their mentor.
    let (_, html) = get_html(&mentor, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".pairing-card .mentee-name"), vec!["测试用户"]);
    assert_eq!(select_text(&html, ".criterion").len(), 6);
    let (_, html) = get_html(&mentee, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".pairing-card .mentor-name").len(), 1);
    assert_eq!(select_text(&html, ".plan-item").len(), 2);
    let (_, html) = get_html(&other, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".pairing-card").len(), 0);
    assert_eq!(select_text(&html, "#no-pairing").len(), 1);
}
