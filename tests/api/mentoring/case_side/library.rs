//! Working methods (admin-kept) and the anonymised case library: closed
//! cases by type and method, with no party's name, phone, identity number
//! or address on the page.

use super::html_of;
use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_case_library_shows_closed_cases_by_method_without_personal_data() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let tagged = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &tagged).await;
    let res = post_case(
        &cast.lead,
        &app,
        &tagged,
        "/tags",
        &[("tag", "separate-talks"), ("tag", "elders")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = case_page(&cast.lead, &app, &tagged).await;
    assert_eq!(select_text(&page, "#method-tags .method-tag").len(), 2);
    let timeline = select_text(&page, "#timeline li").join("\n");
    assert!(timeline.contains("更新调解方法标签"), "{timeline}");
    assert_eq!(app.audit_count("case.method_tags"), 1);
    let other = apply_online(&app, "观音桥街道").await;
    let open = apply_online(&app, "观音桥街道").await;
    // The summaries name the parties, a phone, an identity number and the
    // place: everything the library must not show.
    let summary = "张秀英（电话13812345678，身份证500105199001011234）称楼上王建国家卫生间漏水，住塔坪小区3栋。";
    for id in [&tagged, &other, &open] {
        app.run_sql(&format!(
            "UPDATE cases SET summary = '{summary}', place_detail = '塔坪小区3栋' WHERE id = '{id}'"
        ))
        .unwrap();
    }
    for id in [&tagged, &other] {
        app.run_sql(&format!("UPDATE cases SET state = 'CLOSED' WHERE id = '{id}'"))
            .unwrap();
    }
    app.run_sql(&format!(
        "UPDATE cases SET dispute_type = 'contract' WHERE id = '{other}'"
    ))
    .unwrap();

    let (status, library) = get_html(&cast.lead, &app.url("/staff/library")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&library, ".library-entry").len(), 2, "closed cases only");
    let text = select_text(&library, "main").join("");
    for leaked in [
        "张秀英",
        "王建国",
        "13812345678",
        "500105199001011234",
        "塔坪小区3栋",
        "张*英",
        "138****5678",
    ] {
        assert!(!text.contains(leaked), "{leaked} leaked into the library");
    }
    let summaries = select_text(&library, ".library-summary");
    assert!(summaries[0].starts_with("申请人甲（电话"), "{summaries:?}");
    assert!(summaries[0].contains("被申请人甲家"), "{summaries:?}");

    let (_, by_tag) = get_html(&cast.mentor, &app.url("/staff/library?tag=separate-talks")).await;
    assert_eq!(select_text(&by_tag, ".library-entry").len(), 1);
    assert_eq!(select_text(&by_tag, ".library-entry .method-tag").len(), 2);
    let (_, by_type) = get_html(&cast.mentor, &app.url("/staff/library?dispute_type=contract")).await;
    assert_eq!(select_text(&by_type, ".library-entry").len(), 1);
    let (_, none) = get_html(
        &cast.mentor,
        &app.url("/staff/library?dispute_type=contract&tag=elders"),
    )
    .await;
    assert!(select_text(&none, ".library-entry").is_empty());
    let resident = new_client();
    assert_eq!(
        get(&resident, &app.url("/staff/library")).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn admins_keep_the_list_of_working_methods() {
    let app = spawn_app().await;
    app.login_admin().await;
    let (status, page) = app.get_html("/admin/method-tags").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, ".method-tag-row").len(), 6, "the starting list");
    let add = [("name_zh", "换位思考"), ("name_en", "Put yourself in their place")];
    assert_eq!(
        app.post_form("/admin/method-tags", &add).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = app.post_form("/admin/method-tags", &add).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "names are unique");
    let res = app
        .post_form("/admin/method-tags", &[("name_zh", ""), ("name_en", "x")])
        .await;
    let (status, html) = html_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, ".field-error").len(), 1);
    assert_eq!(
        attr(&html, "input[name=name_en]", "value"),
        "x",
        "what was typed is kept"
    );
    let res = app
        .post_form("/admin/method-tags/elders/retire", &[("retired", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let offered = yuanba::db::method_tags::offered_among(&mut app.conn(), &["elders".to_owned()]).unwrap();
    assert!(offered.is_empty(), "a retired method is no longer offered");
    assert_eq!(app.audit_count("method_tag.add"), 1);
    assert_eq!(app.audit_count("method_tag.retire"), 1);
}
