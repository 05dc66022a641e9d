//! Issue 11, item 10: every record of a case is dated between the case's
//! registration day and today; a court's result follows the application;
//! an oral agreement takes effect from the acceptance on; judicial
//! confirmation is applied for by both parties jointly (人民调解法 Art. 33).

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mediation::*;
use crate::helpers::*;

const DAY: i64 = 86_400;

/// Moves the case's registration `days` back (and its acceptance `accepted`
/// days back), as if it had come in earlier.
fn registered_days_ago(app: &TestApp, case_id: &str, days: i64, accepted: i64) {
    app.run_sql(&format!(
        "UPDATE cases SET created_at = created_at - {}, accepted_at = accepted_at - {} WHERE id = '{case_id}'",
        days * DAY,
        accepted * DAY
    ))
    .unwrap();
}

async fn session_on(app: &TestApp, cast: &Cast, case_id: &str, held_on: &str) -> reqwest::Response {
    let fields = [
        ("kind", "session"),
        ("held_on", held_on),
        ("place", "观音桥社区调解室"),
        ("content", "双方陈述意见。"),
    ];
    post_case(&cast.lead, app, case_id, "/records", &fields).await
}

fn sessions(app: &TestApp, case_id: &str) -> usize {
    yuanba::db::case_records::for_case(&mut app.conn(), case_id)
        .unwrap()
        .len()
}

#[tokio::test]
async fn records_are_dated_from_the_registration_day_to_today() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    registered_days_ago(&app, &case_id, 10, 9);

    for (when, message) in [
        (day(-11), "日期不能早于案件登记日期。"),
        (day(1), "日期不能晚于今天。"),
        ("1999-01-01".to_owned(), "日期不能早于案件登记日期。"),
        ("2030-01-01".to_owned(), "日期不能晚于今天。"),
    ] {
        let res = session_on(&app, &cast, &case_id, &when).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{when}");
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(select_text(&html, "#record-session-e-held_on"), vec![message], "{when}");
        assert_eq!(attr(&html, "#record-session-held_on", "value"), when, "typed day kept");
        assert_eq!(select_text(&html, "form textarea[name=content]").len(), 2);
        assert!(
            select_text(&html, "form textarea[name=content]").contains(&"双方陈述意见。".to_owned()),
            "typed content kept"
        );
    }
    assert_eq!(sessions(&app, &case_id), 0);

    // The registration day and today are both in bounds.
    for when in [day(-10), day(0)] {
        let res = session_on(&app, &cast, &case_id, &when).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{when}");
    }
    let fields = [
        ("kind", "investigation"),
        ("held_on", "1999-01-01"),
        ("content", "走访。"),
    ];
    let res = post_case(&cast.lead, &app, &case_id, "/records", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "investigations too");
    assert_eq!(sessions(&app, &case_id), 2);
}

#[tokio::test]
async fn an_oral_agreement_takes_effect_from_the_acceptance_on() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    registered_days_ago(&app, &case_id, 10, 5);
    let oral = |agreed_on: String| {
        [("kind", "oral"), ("facts", "口头达成。"), ("agreed_on", "")].map(|(k, v)| {
            let v = if k == "agreed_on" {
                agreed_on.clone()
            } else {
                v.to_owned()
            };
            (k, v)
        })
    };
    let fields = oral(day(-6));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = post_case(&cast.lead, &app, &case_id, "/agreements", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(
        select_text(&html, ".alert-error")
            .join("")
            .contains("协议生效日期不能早于案件受理日期。")
    );
    let fields = oral(day(-5));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = post_case(&cast.lead, &app, &case_id, "/agreements", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the acceptance day itself");
}

#[tokio::test]
async fn a_court_result_follows_the_joint_application() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let fields = [("kind", "oral"), ("facts", "口头达成。"), ("terms", "赔偿。")];
    let res = post_case(&cast.lead, &app, &case_id, "/agreements", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    // The agreement took effect two days ago, the case came in before.
    registered_days_ago(&app, &case_id, 5, 5);
    app.run_sql(&format!(
        "UPDATE agreements SET effective_on = '{}' WHERE case_id = '{case_id}'",
        day(-2)
    ))
    .unwrap();
    let judicial = |joint: &str, result_on: &str| {
        vec![
            ("applied_on".to_owned(), day(-1)),
            ("court".to_owned(), "重庆市江北区人民法院".to_owned()),
            ("result".to_owned(), "confirmed".to_owned()),
            ("result_on".to_owned(), result_on.to_owned()),
            ("joint_application".to_owned(), joint.to_owned()),
        ]
    };
    let send = |fields: Vec<(String, String)>| {
        let (app, cast, case_id) = (&app, &cast, &case_id);
        async move {
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_case(&cast.lead, app, case_id, "/judicial", &form).await
        }
    };

    // Not applied for jointly: refused at the checkbox, the rest kept.
    let res = send(judicial("", &day(0))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#judicial .field-error"),
        vec!["司法确认须由双方当事人共同申请，请确认后勾选。"]
    );
    assert_eq!(attr(&html, "#f-court", "value"), "重庆市江北区人民法院");

    // A result dated before the application: refused at the result's date.
    let res = send(judicial("yes", &day(-2))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-result_on"), vec!["结果日期不能早于申请日期。"]);
    assert_eq!(attr(&html, "#f-result_on", "value"), day(-2));
    // Tomorrow is no result yet.
    let res = send(judicial("yes", &day(1))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        yuanba::db::judicial::for_case(&mut app.conn(), &case_id)
            .unwrap()
            .is_empty()
    );

    // On the application day itself: recorded, with the joint application.
    let res = send(judicial("yes", &day(-1))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rows = yuanba::db::judicial::for_case(&mut app.conn(), &case_id).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].joint_application);
    assert_eq!(rows[0].result_on, day(-1));
}

#[tokio::test]
async fn a_follow_up_visit_is_dated_from_the_registration_day_on() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    super::to_follow_up(&app, &cast, &case_id).await;
    registered_days_ago(&app, &case_id, 3, 3);
    let visit = |visited_on: String| {
        let fields = [
            ("visited_on", visited_on),
            ("visitor", "小马".to_owned()),
            ("method", "phone".to_owned()),
            ("performance", "performed".to_owned()),
            ("satisfaction", "5".to_owned()),
        ];
        let (app, cast, case_id) = (&app, &cast, &case_id);
        async move {
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_case(&cast.lead, app, case_id, "/follow-ups", &form).await
        }
    };
    let res = visit(day(-4)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-visited_on"), vec!["日期不能早于案件登记日期。"]);
    assert_eq!(attr(&html, "#f-visited_on", "value"), day(-4), "typed day kept");
    let res = visit(day(-3)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the registration day itself");
}
