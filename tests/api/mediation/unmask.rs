//! Security review, item 13: unmasking is a POST with the CSRF token (a GET
//! from a link writes no audit row), and an over-long search says so.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mediation::*;
use crate::helpers::*;

#[tokio::test]
async fn a_get_never_unmasks_a_case_and_the_post_needs_its_csrf_token() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let page = format!("/staff/cases/{case_id}");
    let (status, html) = get_html(&cast.coordinator, &app.url(&format!("{page}?unmask=1"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(select_text(&html, ".party-name").iter().all(|n| !n.contains("张秀英")));
    assert_eq!(app.audit_count("case.unmask"), 0, "a link writes no audit row");

    let forged = cast
        .coordinator
        .post(app.url(&format!("{page}/unmask")))
        .form(&[("csrf", "not-the-token")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("case.unmask"), 0);

    let res = post_form(&cast.coordinator, &app.address, &format!("{page}/unmask"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(select_text(&html, ".party-name").iter().any(|n| n.contains("张秀英")));
    assert_eq!(app.audit_count("case.unmask"), 1);
}

#[tokio::test]
async fn the_party_form_is_opened_by_an_audited_post_not_by_a_link() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let party = party_id(&app, &case_id, "applicant");
    let edit = format!("/staff/cases/{case_id}/parties/{party}/edit");
    let res = cast.coordinator.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("张秀英") && !body.contains("13812345678"),
        "no data on a GET"
    );
    assert_eq!(app.audit_count("case.unmask"), 0);

    let open = format!("/staff/cases/{case_id}/parties/{party}/open");
    let res = post_form(&cast.coordinator, &app.address, &open, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&html, "#f-name", "value"), "张秀英");
    assert_eq!(app.audit_count("case.unmask"), 1);
}

#[tokio::test]
async fn a_search_over_its_limit_says_so_next_to_the_field() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    apply_online(&app, "观音桥街道").await;
    let long = "张".repeat(41);
    let (status, html) = get_html(&cast.coordinator, &app.url(&format!("/staff/cases?q={long}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&html, "#e-q"),
        vec!["搜索内容最多 40 个字；下面的列表没有按它筛选。"]
    );
    assert_eq!(attr(&html, "#f-q", "value"), long, "what was typed is kept");
    let (_, html) = get_html(
        &cast.coordinator,
        &app.url(&format!("/staff/cases?q={}", "张".repeat(40))),
    )
    .await;
    assert!(select_text(&html, "#e-q").is_empty());
}

#[tokio::test]
async fn a_printed_document_is_a_post_and_a_link_to_it_audits_nothing() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let print = format!("/staff/cases/{case_id}/print/registration");
    let res = cast.coordinator.get(app.url(&print)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/staff/cases/{case_id}#documents"));
    assert_eq!(app.audit_count("case.print"), 0, "a link writes no audit row");

    let res = post_form(&cast.coordinator, &app.address, &print, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(select_text(&html, ".print-party").join("").contains("张秀英"));
    assert_eq!(app.audit_count("case.print"), 1);
}
