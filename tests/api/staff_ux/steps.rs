//! Refused and taken steps (item 12): the page opens at the form, keeps
//! every value chosen, sums up at the top; a taken step is confirmed; steps
//! are named by what the user does.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;

#[tokio::test]
async fn steps_are_verbs_and_a_taken_step_is_confirmed_with_the_case_number() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert_eq!(select_text(&page, "#steps summary"), vec!["受理", "不予受理", "移送"]);
    assert_eq!(select_text(&page, "#step-ACCEPTED button[type=submit]"), vec!["受理"]);
    assert!(first_attr(&page, "#step-ACCEPTED form", "action").ends_with("/transition#step-ACCEPTED"));

    let res = step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert_eq!(to, format!("/staff/cases/{case_id}?from=REGISTERED&done=ACCEPTED#done"));
    let (_, page) = get_html(&cast.coordinator, &app.url(&to)).await;
    let number = yuanba::db::cases::find(&mut app.conn(), &case_id)
        .unwrap()
        .unwrap()
        .case_number
        .unwrap();
    assert_eq!(select_text(&page, "#done"), vec![format!("已受理，案号 {number}。")]);
    // Without the step just taken (an old link, a reload later) nothing is said.
    let (_, page) = get_html(
        &cast.coordinator,
        &app.url(&format!("/staff/cases/{case_id}?from=ACCEPTED&done=REGISTERED")),
    )
    .await;
    assert!(select_text(&page, "#done").is_empty());
}

#[tokio::test]
async fn a_refused_step_opens_at_its_form_with_every_value_kept_and_a_summary_on_top() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    // The parties were not served yet: assigning is refused.
    let team = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", cast.mentor_id.as_str()),
        ("note", "请尽快联系双方"),
    ];
    let res = step(&cast.coordinator, &app, &case_id, "ASSIGNED", &team).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "details#step-ASSIGNED[open] .step-error").len(), 1);
    assert_eq!(
        first_attr(
            &page,
            "#step-ASSIGNED select[name=lead_mediator_id] option[selected]",
            "value"
        ),
        cast.lead_id
    );
    assert_eq!(
        first_attr(&page, "#step-ASSIGNED select[name=mentor_id] option[selected]", "value"),
        cast.mentor_id
    );
    assert_eq!(
        select_text(&page, "#step-ASSIGNED textarea[name=note]"),
        vec!["请尽快联系双方"]
    );
    let summary = select_text(&page, ".step-summary");
    assert_eq!(summary.len(), 1);
    assert!(summary[0].starts_with("未能完成“指派调解员”"), "{summary:?}");
    assert_eq!(first_attr(&page, ".step-summary a", "href"), "#step-ASSIGNED");
}

#[tokio::test]
async fn a_refused_decline_keeps_the_reason_chosen() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    let reason = first_attr(
        &page,
        "#step-NOT_ACCEPTED select[name=reason_code] option:nth-child(3)",
        "value",
    );
    assert!(!reason.is_empty());
    let res = step(
        &cast.coordinator,
        &app,
        &case_id,
        "NOT_ACCEPTED",
        &[("reason_code", reason.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        first_attr(
            &page,
            "#step-NOT_ACCEPTED select[name=reason_code] option[selected]",
            "value"
        ),
        reason
    );
    assert_eq!(select_text(&page, "details#step-NOT_ACCEPTED[open]").len(), 1);
}
