//! Security review, item 4: the public board shows a letter's text only in
//! a version staff approved, and masks phone and identity numbers in all
//! public text (the board and the tracking page).

use reqwest::StatusCode;
use scraper::Html;
use yuanba::db::letters;

use crate::helpers::mailbox::*;
use crate::helpers::*;

const SENT: &str = "我是3栋的王秀英，电话13912345678，3栋门口的雨棚破了，下雨天进出不便。";

async fn send_personal_letter(app: &TestApp) -> (letters::Letter, String) {
    let resident = new_client();
    let tokens = open_form(&resident, app).await;
    let (_, form) = get_html(&resident, &app.url("/letters/new")).await;
    assert!(select_text(&form, "#public-notice")[0].contains("哪些内容会公开"));
    let mut fields = basic_fields(&compound_id(app, GYQ));
    fields[3].1 = SENT.to_owned();
    let res = post_letter(&resident, app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    let code = select_text(&html, ".receipt code").pop().unwrap();
    (all_letters(app).pop().unwrap(), code)
}

async fn board_texts(app: &TestApp) -> (Vec<String>, Vec<String>, String) {
    let board = format!("/board/{}", compound_id(app, GYQ));
    let res = get(&new_client(), &app.url(&board)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let html = Html::parse_document(&body);
    (
        select_text(&html, ".board-text"),
        select_text(&html, ".official-reply p"),
        body,
    )
}

#[tokio::test]
async fn letter_text_goes_public_only_as_approved_and_numbers_are_masked() {
    let app = spawn_app().await;
    let (letter, code) = send_personal_letter(&app).await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let reply = "已联系物业，请致电 023-67891234 了解进度。";
    act(&staff, &app, &letter.id, "status", &[("to", "in_progress")]).await;
    act(&staff, &app, &letter.id, "reply", &[("body", reply)]).await;

    // Handled but not approved: no text at all, the reply masked.
    let (texts, replies, body) = board_texts(&app).await;
    assert!(texts.is_empty(), "{texts:?}");
    assert_eq!(replies, vec!["已联系物业，请致电 ***-******** 了解进度。"]);
    assert!(!body.contains("王秀英") && !body.contains("13912345678") && !body.contains("雨棚破了"));
    let (_, tracked) = track(&app, &code).await;
    assert!(tracked.contains("***-********") && !tracked.contains("67891234"));

    // The staff page offers a draft with the numbers already masked.
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    let draft = select_text(&page, "#f-public_body").join("");
    assert!(
        draft.contains("***********") && !draft.contains("13912345678"),
        "{draft}"
    );

    // Bad input and a stale version change nothing.
    let res = act(
        &staff,
        &app,
        &letter.id,
        "publish",
        &[("public_body", "  "), ("action", "publish")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-public_body"), vec!["此项为必填项。"]);
    let stale = [("version", "1"), ("public_body", "旧版本"), ("action", "publish")];
    let res = post_form(
        &staff,
        &app.address,
        &format!("/staff/letters/{}/publish", letter.id),
        &stale,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let outsider = coordinator(&app, "wld-coord", WLD).await;
    let res = act(
        &outsider,
        &app,
        &letter.id,
        "publish",
        &[("public_body", "x"), ("action", "publish")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        letters::find(&mut app.conn(), &letter.id).unwrap().unwrap().public_body,
        None
    );
    assert_eq!(app.audit_count("letter.publish"), 0);

    // Approved: the edited text shows, a number staff overlooked masked.
    let edited = "3栋门口的雨棚破了，联系 139 1234 5678。";
    let res = act(
        &staff,
        &app,
        &letter.id,
        "publish",
        &[("public_body", edited), ("action", "publish")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("letter.publish"), 1);
    let (texts, _, body) = board_texts(&app).await;
    assert_eq!(texts, vec!["3栋门口的雨棚破了，联系 *** **** ****。"]);
    assert!(!body.contains("王秀英"));

    // Withdrawn: gone again, and audited.
    let res = act(
        &staff,
        &app,
        &letter.id,
        "publish",
        &[("public_body", edited), ("action", "withdraw")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("letter.unpublish"), 1);
    assert!(board_texts(&app).await.0.is_empty());
}
