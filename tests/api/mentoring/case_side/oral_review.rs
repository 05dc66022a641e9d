//! The mentor's after-the-fact review (事后审查) of a 小马's oral
//! agreement: in force at once, queued for the mentor with its age, and
//! reviewed once, with the comment in the 小马's training record.

use super::{accepted, html_of, tab_count};
use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::db::mentorship_records::{self, FeedbackKind};
use yuanba::domain::case_review::{ReviewDecision, ReviewStage};
use yuanba::domain::role::{MediatorLevel, Role};

/// An oral agreement with a term, in force at once.
async fn oral_agreement(app: &TestApp, cast: &Cast, case_id: &str) {
    let fields = [
        ("kind", "oral"),
        ("facts", "口头达成。"),
        ("agreed_on", day(0).leak() as &str),
    ];
    let res = post_case(&cast.lead, app, case_id, "/agreements", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, app, case_id).await;
    expect_step(&cast.lead, app, case_id, "AGREEMENT_EFFECTIVE", &[]).await;
}

#[tokio::test]
async fn a_trainees_oral_agreement_waits_for_the_mentors_review_with_its_age() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    assert_eq!(tab_count(&cast.mentor, &app, "review").await, "0");
    oral_agreement(&app, &cast, &case_id).await;
    assert_eq!(state_of(&app, &case_id), "AGREEMENT_EFFECTIVE", "in force at once");

    // In the mentor's review queue, counted, with its age in days.
    app.run_sql(&format!(
        "UPDATE oral_reviews SET entered_at = entered_at - 3 * 86400 - 60 WHERE case_id = '{case_id}'"
    ))
    .unwrap();
    assert_eq!(tab_count(&cast.mentor, &app, "review").await, "1");
    let (_, queue) = get_html(&cast.mentor, &app.url("/staff/cases?queue=review")).await;
    let items = select_text(&queue, "#oral-reviews .oral-item .age");
    assert_eq!(items.len(), 1);
    assert!(items[0].contains('3'), "three days old: {items:?}");
    assert_eq!(
        tab_count(&cast.lead, &app, "review").await,
        "0",
        "not the mentee's item"
    );

    // Only the mentor reviews; concerns need words.
    let review = |decision: &'static str, comment: &'static str| [("decision", decision), ("comment", comment)];
    let res = post_case(&cast.lead, &app, &case_id, "/oral-review", &review("approved", "")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, html) =
        html_of(post_case(&cast.mentor, &app, &case_id, "/oral-review", &review("concerns", "")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        select_text(&html, "#oral-review textarea[name=comment] + .field-error").len(),
        1
    );
    assert_eq!(
        attr(&html, "#oral-review input[checked]", "value"),
        "concerns",
        "choice kept"
    );
    let concern = "履行期限过长，应约定分期付款";
    let res = post_case(
        &cast.mentor,
        &app,
        &case_id,
        "/oral-review",
        &review("concerns", concern),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(tab_count(&cast.mentor, &app, "review").await, "0");
    let res = post_case(&cast.mentor, &app, &case_id, "/oral-review", &review("approved", "")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "reviewed once");

    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "#mentoring .review-comment"), vec![concern]);
    assert!(select_text(&page, "#oral-pending").is_empty());
    let record = mentorship_records::feedback_for(&mut app.conn(), &cast.lead_id).unwrap();
    assert_eq!(
        record[0].kind,
        FeedbackKind::Review(ReviewStage::OralAgreement, ReviewDecision::Concerns)
    );
    assert_eq!(app.audit_count("case.oral_review"), 1);
}

#[tokio::test]
async fn a_senior_leads_oral_agreement_needs_no_review_after() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    app.create_user("senior", Role::Mediator, Some(MediatorLevel::Senior), None);
    let senior = logged_in(&app, "senior").await;
    let senior_id = yuanba::db::users::find_by_username(&mut app.conn(), "senior")
        .unwrap()
        .unwrap()
        .id;
    let case_id = accepted(&app, &cast).await;
    expect_step(
        &cast.coordinator,
        &app,
        &case_id,
        "ASSIGNED",
        &[("lead_mediator_id", &senior_id)],
    )
    .await;
    expect_step(&senior, &app, &case_id, "MEDIATING", &[]).await;
    let as_lead = Cast {
        lead: senior,
        lead_id: senior_id,
        ..cast
    };
    oral_agreement(&app, &as_lead, &case_id).await;
    assert!(
        mentorship_records::pending_oral_for_case(&mut app.conn(), &case_id)
            .unwrap()
            .is_none()
    );
}
