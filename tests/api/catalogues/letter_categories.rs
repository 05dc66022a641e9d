//! Letter categories: created, edited (names, clocks, order), retired and
//! restored; letters keep their category.

use super::{options, refused, value};
use crate::helpers::mailbox::{GYQ, coordinator, send_letter, track};
use crate::helpers::*;
use reqwest::StatusCode;

fn fields<'a>(code: &'a str, name_zh: &'a str, ack: &'a str, resolve: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("code", code),
        ("name_zh", name_zh),
        ("name_en", "Noise"),
        ("ack_days", ack),
        ("resolve_days", resolve),
        ("sort_order", "8"),
    ]
}

#[tokio::test]
async fn admins_create_a_category_with_errors_next_to_fields_and_codes_unique() {
    let app = spawn_app().await;
    app.login_admin().await;
    let res = app
        .post_form("/admin/letter-categories", &fields("Noise!", "噪音扰民", "0", "15"))
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-code").join("").is_empty());
    assert!(!select_text(&page, "#e-ack_days").join("").is_empty());
    assert_eq!(value(&page, "#f-name_zh"), "噪音扰民");
    assert_eq!(value(&page, "#f-code"), "Noise!");

    let res = app
        .post_form("/admin/letter-categories", &fields("noise", "噪音扰民", "2", "15"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("letter_category.create"), 1);
    let res = app
        .post_form("/admin/letter-categories", &fields("noise", "噪声", "2", "15"))
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(select_text(&page, "#e-code"), vec!["已有使用此代码的类别。"]);
    assert_eq!(app.audit_count("letter_category.create"), 1);

    let (_, form) = get_html(&new_client(), &app.url("/letters/new")).await;
    assert_eq!(select_text(&form, "#f-category option[value=noise]"), vec!["噪音扰民"]);
    let noise = yuanba::db::letter_categories::find(&mut app.conn(), "noise")
        .unwrap()
        .unwrap();
    assert_eq!((noise.ack_days, noise.resolve_days, noise.active), (2, 15, true));
}

#[tokio::test]
async fn a_retired_category_leaves_the_letter_form_and_letters_keep_it() {
    let app = spawn_app().await;
    let (letter, receipt) = send_letter(&app, GYQ, &[]).await;
    assert_eq!(letter.category, "facilities");
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    app.login_admin().await;
    let edit = |name_zh: &'static str, version: &'static str| {
        [
            ("name_zh", name_zh),
            ("name_en", "Shared facilities"),
            ("ack_days", "3"),
            ("resolve_days", "20"),
            ("sort_order", "2"),
            ("version", version),
        ]
    };
    let res = app
        .post_form("/admin/letter-categories/facilities", &edit("公共设施维护", "0"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A form built before that edit is stale.
    let res = app
        .post_form("/admin/letter-categories/facilities", &edit("设施", "0"))
        .await;
    let page = refused(res, StatusCode::CONFLICT).await;
    assert_eq!(select_text(&page, "#conflict").len(), 1);
    assert_eq!(value(&page, "#f-name_zh"), "公共设施维护");

    let res = app
        .post_form(
            "/admin/letter-categories/facilities/retire",
            &[("retired", "yes"), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("letter_category.retire"), 1);
    let (_, list) = app.get_html("/admin/letter-categories").await;
    assert_eq!(select_text(&list, "#category-facilities .tag"), vec!["已停用"]);
    let (_, form) = get_html(&new_client(), &app.url("/letters/new")).await;
    assert!(!options(&form, "#f-category").contains(&"facilities".to_owned()));

    // The letter keeps its category, shown under its current name.
    let (status, body) = track(&app, &receipt).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("公共设施维护"));
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    assert!(page.html().contains("公共设施维护"));

    let res = app
        .post_form(
            "/admin/letter-categories/facilities/retire",
            &[("retired", "no"), ("version", "2")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, form) = get_html(&new_client(), &app.url("/letters/new")).await;
    assert!(options(&form, "#f-category").contains(&"facilities".to_owned()));
    // Only admins.
    assert_eq!(
        get(&staff, &app.url("/admin/letter-categories/facilities"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
