//! Dispute types: the statutory codes stay, admins rename, reorder, retire
//! and restore them.

use super::{options, refused, value};
use crate::helpers::mediation::{apply_online_receipt, attr, case_page, cast};
use crate::helpers::*;
use reqwest::StatusCode;

fn edit<'a>(name_zh: &'a str, name_en: &'a str, order: &'a str, version: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("name_zh", name_zh),
        ("name_en", name_en),
        ("sort_order", order),
        ("version", version),
    ]
}

#[tokio::test]
async fn dispute_types_are_renamed_reordered_retired_and_restored_and_cases_keep_theirs() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    app.login_admin().await;
    let (status, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&list, "#dispute-types tbody tr").len(), 19);
    assert_eq!(select_text(&list, "#type-neighbour .name-zh"), vec!["邻里"]);

    // Bad input: each error next to its field, what was typed kept.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("  ", "Neighbour disputes", "x", "0"),
        )
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-name_zh").join("").is_empty());
    assert_eq!(
        select_text(&page, "#e-sort_order"),
        vec!["请填写 0 到 9999 之间的整数。"]
    );
    assert_eq!(value(&page, "#f-name_en"), "Neighbour disputes");
    assert_eq!(app.audit_count("dispute_type.update"), 0);

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("邻里纠纷", "Neighbour disputes", "5", "0"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.update"), 1);

    // A second admin's form built from version 0 is stale: a conflict,
    // showing what the type holds now, and nothing overwritten.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("邻里关系", "Neighbours", "20", "0"),
        )
        .await;
    let page = refused(res, StatusCode::CONFLICT).await;
    assert_eq!(select_text(&page, "#conflict").len(), 1);
    assert_eq!(value(&page, "#f-name_zh"), "邻里纠纷");
    assert_eq!(value(&page, "#edit-form input[name=version]"), "1");
    let row = yuanba::db::dispute_types::find(&mut app.conn(), "neighbour")
        .unwrap()
        .unwrap();
    assert_eq!((row.name_zh.as_str(), row.sort_order), ("邻里纠纷", 5));

    // The renamed type leads the application form (sort order 5).
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    assert_eq!(options(&form, "#f-dispute_type")[0], "neighbour");
    // The admins' label, then the type's plain-words hint (issue 14, item 10).
    let label = select_text(&form, "#f-dispute_type option[value=neighbour]").join("");
    assert!(label.starts_with("邻里纠纷（"), "{label}");
    let (case_id, receipt) = apply_online_receipt(&app, "观音桥街道").await;

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "yes"), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.retire"), 1);
    let (_, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(select_text(&list, "#type-neighbour .tag"), vec!["已停用"]);

    // Gone from the application and registration forms, refused if posted…
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert!(!options(&form, "#f-dispute_type").contains(&"neighbour".to_owned()));
    assert_eq!(options(&form, "#f-dispute_type").len(), 18);
    let token = attr(&form, "input[name=form_token]", "value");
    let street = crate::helpers::mailbox::street_id(&app, "观音桥街道");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-dispute_type").join("").is_empty());
    assert_eq!(value(&page, "#f-applicant_name"), "张秀英");
    let (_, register) = get_html(&cast.coordinator, &app.url("/staff/cases/new")).await;
    assert!(!options(&register, "#f-dispute_type").contains(&"neighbour".to_owned()));
    assert!(options(&register, "#f-dispute_type").contains(&"housing".to_owned()));

    // …while the existing case keeps its type, under its current label, and
    // the list can still filter by it.
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert!(select_text(&page, "dd").contains(&"邻里纠纷".to_owned()));
    let (_, cases) = get_html(&cast.coordinator, &app.url("/staff/cases?queue=all")).await;
    assert!(options(&cases, "#f-dispute_type").contains(&"neighbour".to_owned()));
    let (status, track) = crate::helpers::mailbox::track(&app, &receipt).await;
    assert_eq!(status, StatusCode::OK);
    assert!(track.contains("邻里纠纷"), "{track}");

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "no"), ("version", "2")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.restore"), 1);
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    assert!(options(&form, "#f-dispute_type").contains(&"neighbour".to_owned()));

    // A stale retire is a conflict too.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "yes"), ("version", "2")],
        )
        .await;
    refused(res, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn only_admins_manage_dispute_types() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    for path in ["/admin/dispute-types", "/admin/dispute-types/neighbour"] {
        assert_eq!(
            get(&cast.coordinator, &app.url(path)).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(get(&cast.lead, &app.url(path)).await.status(), StatusCode::FORBIDDEN);
    }
    let res = post_form(
        &cast.coordinator,
        &app.address,
        "/admin/dispute-types/neighbour/retire",
        &[("retired", "yes"), ("version", "0")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let row = yuanba::db::dispute_types::find(&mut app.conn(), "neighbour")
        .unwrap()
        .unwrap();
    assert!(row.retired_at.is_none());
}
