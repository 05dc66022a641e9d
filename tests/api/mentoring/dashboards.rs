//! `/mentoring` for mediators (DESIGN.md §6 "Dashboards"), on the demo
//! content: a 老马 sees what waits for their review with its age and their
//! mentees' recent debriefs, and nothing of another 老马's mentees; a 小马
//! sees the feedback they received.

use super::*;

async fn demo_client(app: &TestApp, username: &str) -> Client {
    let client = new_client();
    let res = login(&client, &app.address, username, "yuanba-demo-2026").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{username} logs in");
    client
}

#[tokio::test]
async fn mentor_and_mentee_dashboards_show_reviews_debriefs_and_feedback() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();

    // demo-laoma mentors demo-xiaoma's cases: one at AGREEMENT_REVIEW and
    // one at CLOSURE_REVIEW wait for them, entered today.
    let laoma = demo_client(&app, "demo-laoma").await;
    let (status, html) = get_html(&laoma, &app.url("/mentoring")).await;
    assert_eq!(status, StatusCode::OK);
    let pending = select_text(&html, "#pending-reviews .pending-review");
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert!(
        pending.iter().any(|p| p.contains("协议审核") || p.contains("协议")),
        "{pending:?}"
    );
    assert_eq!(select_text(&html, "#pending-reviews .age"), vec!["已等待 0 天"; 2]);
    let debriefs = select_text(&html, "#recent-debriefs .recent-debrief");
    assert!(!debriefs.is_empty() && debriefs.len() <= 8, "{}", debriefs.len());
    assert!(debriefs[0].contains("背对背"), "{}", debriefs[0]);

    // demo-laoma2's mentees' cases are all closed and reviewed, and they
    // wrote no debrief: nothing of demo-xiaoma's shows there.
    let laoma2 = demo_client(&app, "demo-laoma2").await;
    let (_, html) = get_html(&laoma2, &app.url("/mentoring")).await;
    assert!(select_text(&html, "#pending-reviews .pending-review").is_empty());
    assert!(select_text(&html, "#recent-debriefs .recent-debrief").is_empty());

    // demo-xiaoma sees the returned draft's comment on the dashboard.
    let xiaoma = demo_client(&app, "demo-xiaoma").await;
    let (_, html) = get_html(&xiaoma, &app.url("/mentoring")).await;
    let feedback = select_text(&html, "#my-feedback .feedback-comment").join("\n");
    assert!(feedback.contains("协议未写明履行方式和期限"), "{feedback}");
    assert!(select_text(&html, "#pending-reviews").is_empty());
}
