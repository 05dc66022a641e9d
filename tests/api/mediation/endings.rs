//! Issue 11, items 8 and 9: ending without agreement records the other
//! remedies the parties were told of (人民调解法 Art. 26), and the archive
//! items a case must hold to close depend on how it ended.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mediation::*;
use crate::helpers::*;
use yuanba::db::case_ending_notices;

/// Accepted, served and assigned to the 小马 with the 老马, no session yet.
async fn to_assigned(app: &TestApp, cast: &Cast, case_id: &str) {
    expect_step(&cast.coordinator, app, case_id, "ACCEPTED", &[]).await;
    serve_all_parties(&cast.coordinator, app, case_id).await;
    let team = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", cast.mentor_id.as_str()),
    ];
    expect_step(&cast.coordinator, app, case_id, "ASSIGNED", &team).await;
}

/// Whether the first element matching `css` is ticked.
fn is_checked(html: &Html, css: &str) -> bool {
    let selector = scraper::Selector::parse(css).unwrap();
    html.select(&selector)
        .next()
        .is_some_and(|e| e.value().attr("checked").is_some())
}

/// The error texts next to the ending form's fields, in page order.
fn notice_errors(html: &Html, to: &str) -> Vec<String> {
    select_text(html, &format!("form[data-to={to}] .field-error"))
}

#[tokio::test]
async fn each_ending_without_agreement_needs_the_remedies_told() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let today = day(0);
    for to in ["FAILED", "TERMINATED", "WITHDRAWN"] {
        let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
        to_mediating(&app, &cast, &case_id).await;

        // Nothing about the remedies: each missing field is named.
        let res = step(&cast.lead, &app, &case_id, to, &[("note", "调解不成")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{to}");
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(
            notice_errors(&html, to),
            vec![
                "请勾选已告知当事人的救济途径（至少一项）。",
                "请选择告知方式。",
                "请按“年-月-日”格式填写日期，例如 2026-11-26。"
            ],
            "{to}"
        );
        assert_eq!(state_of(&app, &case_id), "MEDIATING");

        // Partly filled: what was typed stays, the missing field is named.
        let partial = [("remedy_arbitration", "yes"), ("told_on", today.as_str())];
        let res = step(&cast.lead, &app, &case_id, to, &partial).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(notice_errors(&html, to), vec!["请选择告知方式。"]);
        let form = format!("form[data-to={to}]");
        assert!(is_checked(&html, &format!("{form} input[name=remedy_arbitration]")));
        assert!(!is_checked(&html, &format!("{form} input[name=remedy_litigation]")));
        assert_eq!(attr(&html, &format!("{form} input[name=told_on]"), "value"), today);
        assert_eq!(state_of(&app, &case_id), "MEDIATING");
        assert!(
            case_ending_notices::for_case(&mut app.conn(), &case_id)
                .unwrap()
                .is_empty()
        );

        expect_step(&cast.lead, &app, &case_id, to, &ending_fields(&today, "已告知")).await;
        assert_eq!(state_of(&app, &case_id), to);
        let notices = case_ending_notices::for_case(&mut app.conn(), &case_id).unwrap();
        assert_eq!(notices.len(), 1);
        let n = &notices[0];
        assert_eq!(n.ending.code(), to);
        assert!(n.arbitration && n.litigation && !n.administrative);
        assert_eq!((n.told_how.code(), n.told_on.as_str()), ("written", today.as_str()));
        let page = case_page(&cast.lead, &app, &case_id).await;
        assert_eq!(select_text(&page, "#remedies .remedies-told"), vec!["仲裁、诉讼"]);
        assert_eq!(select_text(&page, "#remedies .told-how"), vec!["书面告知"]);
    }
}

#[tokio::test]
async fn the_day_the_parties_were_told_lies_between_registration_and_today() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    for (when, message) in [(day(-1), "日期不能早于案件登记日期。"), (day(1), "日期不能晚于今天。")]
    {
        let res = step(&cast.lead, &app, &case_id, "WITHDRAWN", &remedies(&when)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(notice_errors(&html, "WITHDRAWN"), vec![message]);
        assert_eq!(state_of(&app, &case_id), "MEDIATING");
    }
}

#[tokio::test]
async fn the_closure_report_prints_the_remedies_told() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let today = day(0);
    let fields = [
        ("remedy_administrative", "yes"),
        ("remedy_litigation", "yes"),
        ("told_how", "session_record"),
        ("told_on", today.as_str()),
    ];
    expect_step(&cast.lead, &app, &case_id, "FAILED", &fields).await;
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    let path = format!("/staff/cases/{case_id}/print/report");
    let res = post_form(&cast.lead, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&doc, ".remedies-report .remedies-told"),
        vec!["行政途径、诉讼"]
    );
    assert_eq!(select_text(&doc, ".remedies-report .told-how"), vec!["记入调解笔录"]);
    assert_eq!(select_text(&doc, ".remedies-report .told-on"), vec![today]);
}

#[tokio::test]
async fn a_case_withdrawn_before_any_session_closes_on_its_withdrawal_record() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_assigned(&app, &cast, &case_id).await;
    let today = day(0);
    expect_step(
        &cast.lead,
        &app,
        &case_id,
        "WITHDRAWN",
        &ending_fields(&today, "申请人撤回申请"),
    )
    .await;
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;

    // The cover list asks for the withdrawal record, not a session record.
    let page = case_page(&cast.mentor, &app, &case_id).await;
    let required = select_text(&page, "#archive-cover tr.cover-required td:first-child");
    assert!(required.contains(&"撤回申请记录".to_owned()), "{required:?}");
    assert!(!required.contains(&"调解记录".to_owned()), "{required:?}");
    assert_eq!(
        select_text(
            &page,
            "#archive-cover tr.cover-required.on-file[data-item=withdrawal_record] td:first-child"
        ),
        vec!["撤回申请记录"]
    );
    assert_eq!(
        select_text(&page, "#archive-cover tr.cover-as-needed").len(),
        7,
        "every as-needed item is listed"
    );

    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    expect_step(&cast.mentor, &app, &case_id, "CLOSED", &file).await;
    assert_eq!(state_of(&app, &case_id), "CLOSED");
    let page = case_page(&cast.mentor, &app, &case_id).await;
    assert!(select_text(&page, "#archive-cover tr.cover-required.not-on-file").is_empty());
}

#[tokio::test]
async fn a_case_terminated_before_any_session_closes_on_its_termination_record() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_assigned(&app, &cast, &case_id).await;
    let today = day(0);
    expect_step(
        &cast.lead,
        &app,
        &case_id,
        "TERMINATED",
        &ending_fields(&today, "一方拒绝调解"),
    )
    .await;
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    expect_step(&cast.mentor, &app, &case_id, "CLOSED", &file).await;
}

#[tokio::test]
async fn a_missing_required_item_blocks_closure_and_is_named() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    // Mediation failed without a session record on file.
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let today = day(0);
    expect_step(&cast.lead, &app, &case_id, "FAILED", &ending_fields(&today, "调解不成")).await;
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;

    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    let res = step(&cast.mentor, &app, &case_id, "CLOSED", &file).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, ".step-error"),
        vec!["卷宗材料不齐，请补齐必备材料。尚缺：调解记录。"]
    );
    assert!(
        is_checked(&html, "form[data-to=CLOSED] input[name=back_cover]"),
        "the ticks are kept"
    );
    assert_eq!(state_of(&app, &case_id), "CLOSURE_REVIEW");

    // The back cover left unticked is named too.
    let res = step(&cast.mentor, &app, &case_id, "CLOSED", &[("identity_proof", "yes")]).await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, ".step-error"),
        vec!["卷宗材料不齐，请补齐必备材料。尚缺：调解记录、卷宗封底。"]
    );
}

#[tokio::test]
async fn a_court_entrusted_case_prints_its_result_letter_to_the_court() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    app.run_sql(&format!(
        "UPDATE cases SET source = 'court_referral', external_ref = '(2026)渝0105民诉前调1234' WHERE id = '{case_id}'"
    ))
    .unwrap();
    to_mediating(&app, &cast, &case_id).await;
    let path = format!("/staff/cases/{case_id}/print/court-letter");
    let res = post_form(&cast.lead, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "no result yet");
    let today = day(0);
    let fields = [
        ("remedy_litigation", "yes"),
        ("told_how", "session_record"),
        ("told_on", today.as_str()),
    ];
    expect_step(&cast.lead, &app, &case_id, "FAILED", &fields).await;
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "#print-court-letter button").len(), 1);
    let res = post_form(&cast.lead, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&doc, "h1").len(), 1);
    assert!(select_text(&doc, "h1")[0].contains("调解结果告知函"));
    assert_eq!(
        select_text(&doc, ".court-case-number"),
        vec!["(2026)渝0105民诉前调1234"]
    );
    assert!(select_text(&doc, ".court-result")[0].contains("未能达成调解协议"));
    assert_eq!(select_text(&doc, ".court-body .nm"), vec!["张秀英", "王建国"]);
}
