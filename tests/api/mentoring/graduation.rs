//! Graduation (出师): refused while a criterion is unmet, with the unmet ones
//! listed; allowed once all are met; the admin's approval makes the mentee
//! a 老马 (audited) and ends the pairing. The training ledger feeds it.

use super::*;
use scraper::Html;

/// Makes `case_id` a case `lead_id` led to closure, with an agreement that
/// took effect (`kind` written or oral): the facts the criteria count.
fn closed_with_agreement(app: &TestApp, case_id: &str, lead_id: &str, kind: &str) {
    app.run_sql(&format!(
        "UPDATE cases SET state = 'CLOSED', lead_mediator_id = '{lead_id}' WHERE id = '{case_id}';
         INSERT INTO agreements (id, case_id, version, kind, facts, terms, effective_on, created_by, created_at)
         VALUES ('agr-{case_id}', '{case_id}', 1, '{kind}', '事实', '条款', '2026-05-01', '{lead_id}', 0);"
    ))
    .unwrap();
}

async fn settings(app: &TestApp, admin: &Client, min_cases: &str, hours: &str) {
    let fields = [
        ("mentee_cap", "3"),
        ("min_cases", min_cases),
        ("min_success_pct", "85"),
        ("max_oral_pct", "30"),
        ("min_training_hours", hours),
    ];
    let res = post_form(admin, &app.address, "/admin/mentoring", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn add_hours(app: &TestApp, client: &Client, mentee_id: &str, hours: &str) -> Response {
    let fields = [
        ("category", "induction"),
        ("day", "2026-02-01"),
        ("topic", "人民调解法"),
        ("hours", hours),
    ];
    let path = format!("/mentoring/mediators/{mentee_id}/training");
    post_form(client, &app.address, &path, &fields).await
}

fn level_of(app: &TestApp, id: &str) -> Option<MediatorLevel> {
    yuanba::db::users::find(&mut app.conn(), id)
        .unwrap()
        .unwrap()
        .mediator_level
}

#[tokio::test]
async fn graduation_is_refused_with_the_unmet_criteria_then_allowed_and_audited() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    let mentee_id = trainee(&app, "xiaoma");
    let admin = admin(&app).await;
    settings(&app, &admin, "2", "3").await;
    let id = paired(&app, &admin, "laoma", "xiaoma").await;
    let (mentor, mentee) = (client_of(&app, "laoma").await, client_of(&app, "xiaoma").await);
    let propose = format!("/mentoring/pairings/{id}/propose");

    let res = post_form(&mentor, &app.address, &propose, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    let unmet = select_text(&html, "#refusal .unmet li");
    assert_eq!(unmet.len(), 3, "cases, success rate and hours: {unmet:?}");
    assert!(unmet.iter().any(|u| u.contains("培训学时")));

    // The ledger: the mentee cannot enter their own hours; the mentor can.
    assert_eq!(
        add_hours(&app, &mentee, &mentee_id, "3").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = add_hours(&app, &mentor, &mentee_id, "2.55").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(!select_text(&html, "#e-hours").join("").is_empty());
    assert_eq!(first_attr(&html, "input[name=hours]", "value"), "2.55");
    assert_eq!(
        add_hours(&app, &mentor, &mentee_id, "1.5").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add_hours(&app, &admin, &mentee_id, "1.5").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.audit_count("mentoring.training"), 2);

    // Two closed cases, one written and one oral agreement: 50 % oral fails.
    let one = crate::helpers::mediation::apply_online(&app, "观音桥街道").await;
    let two = crate::helpers::mediation::apply_online(&app, "观音桥街道").await;
    closed_with_agreement(&app, &one, &mentee_id, "written");
    closed_with_agreement(&app, &two, &mentee_id, "oral");
    let res = post_form(&mentor, &app.address, &propose, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#refusal .unmet li").len(), 1, "only the oral share");
    assert_eq!(select_text(&html, ".criterion-oral_share.unmet").len(), 1);

    app.run_sql(&format!(
        "UPDATE agreements SET kind = 'written' WHERE case_id = '{two}'"
    ))
    .unwrap();
    let res = post_form(&mentor, &app.address, &propose, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("mentoring.propose"), 1);
    let (_, html) = get_html(&admin, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".ready-mentee").len(), 1);

    // The mentee cannot approve; an admin does.
    let approve = format!("/mentoring/pairings/{id}/approve");
    let res = post_form(&mentee, &app.address, &approve, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(level_of(&app, &mentee_id), Some(MediatorLevel::Trainee));
    let res = post_form(&admin, &app.address, &approve, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(level_of(&app, &mentee_id), Some(MediatorLevel::Senior));
    assert_eq!(app.audit_count("mentoring.graduate"), 1);
    assert_eq!(
        yuanba::mentorship::active_mentor_of(&mut app.conn(), &mentee_id).unwrap(),
        None
    );
    let (_, html) = get_html(&admin, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".ready-mentee").len(), 0);
    assert_eq!(select_text(&html, "#by-month li").len(), 1);
    // Approving twice changes nothing more.
    let res = post_form(&admin, &app.address, &approve, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.audit_count("mentoring.graduate"), 1);
}

#[tokio::test]
async fn a_criminal_escalation_mark_blocks_graduation() {
    let app = spawn_app().await;
    senior(&app, "laoma");
    let mentee_id = trainee(&app, "xiaoma");
    let admin = admin(&app).await;
    settings(&app, &admin, "1", "0").await;
    let id = paired(&app, &admin, "laoma", "xiaoma").await;
    let case = crate::helpers::mediation::apply_online(&app, "观音桥街道").await;
    closed_with_agreement(&app, &case, &mentee_id, "written");
    let path = format!("/mentoring/mediators/{mentee_id}/incidents");
    let fields = [("case_ref", "2026-017"), ("note", "未及时上报，激化为故意伤害")];
    let res = post_form(&admin, &app.address, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("mentoring.incident"), 1);
    let mentor = client_of(&app, "laoma").await;
    let res = post_form(&mentor, &app.address, &format!("/mentoring/pairings/{id}/propose"), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    let unmet = select_text(&html, "#refusal .unmet li");
    assert_eq!(unmet.len(), 1, "{unmet:?}");
    assert!(unmet[0].contains("刑事"));
}
