//! The renovation menu: items are edited, retired and restored; a project
//! keeps the terms its residents were shown.

use super::{options, refused, value};
use crate::helpers::mailbox::{GYQ, compound_id, coordinator, make_project};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;

/// Adds the canopy item to `project` as its coordinator would.
async fn add_canopy(app: &TestApp, coord: &Client, project: &str) -> reqwest::Response {
    let fields = [
        ("menu_item_id", "menu-canopy"),
        ("rule", "ordinary"),
        ("reason", "共有部分的一般改造"),
    ];
    post_form(
        coord,
        &app.address,
        &format!("/staff/projects/{project}/items"),
        &fields,
    )
    .await
}

async fn public_page(app: &TestApp, project: &str) -> Html {
    let (status, html) = get_html(&new_client(), &app.url(&format!("/projects/{project}"))).await;
    assert_eq!(status, StatusCode::OK);
    html
}

fn edit<'a>(name: &'a str, cost: &'a str, order: &'a str, version: &'a str) -> [(&'static str, &'a str); 8] {
    [
        ("name", name),
        ("class", "improvement"),
        ("cost", cost),
        ("cost_unit", "处"),
        ("rule", "special"),
        ("neighbour", "yes"),
        ("sort_order", order),
        ("version", version),
    ]
}

#[tokio::test]
async fn a_menu_item_is_edited_retired_and_restored_and_projects_keep_its_terms() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", GYQ).await;
    let compound = compound_id(&app, GYQ);
    let first = make_project(&app, GYQ, &compound, "塔坪小区雨棚");
    assert_eq!(add_canopy(&app, &coord, &first).await.status(), StatusCode::SEE_OTHER);
    let page = public_page(&app, &first).await;
    assert_eq!(select_text(&page, ".item-name"), vec!["雨棚"]);
    assert!(select_text(&page, ".item-cost").join("").contains("800.00 / 户"));

    app.login_admin().await;
    let (status, form) = app.get_html("/admin/menu/menu-canopy").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(value(&form, "#f-name"), "雨棚");
    assert_eq!(value(&form, "#f-cost"), "800.00");
    assert_eq!(value(&form, "#edit-form input[name=version]"), "0");

    // Bad input: each error next to its field, what was typed kept.
    let res = app
        .post_form("/admin/menu/menu-canopy", &edit("", "12.345", "x", "0"))
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    for field in ["name", "cost", "sort_order"] {
        assert!(
            !select_text(&page, &format!("#e-{field}")).join("").is_empty(),
            "{field}"
        );
    }
    assert_eq!(value(&page, "#f-cost"), "12.345");
    assert_eq!(value(&page, "#f-cost_unit"), "处");

    let res = app
        .post_form("/admin/menu/menu-canopy", &edit("加装雨棚", "1200.50", "30", "0"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("menu.update"), 1);
    let item = yuanba::db::menu_items::find(&mut app.conn(), "menu-canopy")
        .unwrap()
        .unwrap();
    assert_eq!(
        (item.name.as_str(), item.unit_cost_cents, item.version),
        ("加装雨棚", 120_050, 1)
    );

    // The project that already had the item keeps what residents saw; a
    // project taking it up now gets the new terms.
    let page = public_page(&app, &first).await;
    assert_eq!(select_text(&page, ".item-name"), vec!["雨棚"]);
    assert!(select_text(&page, ".item-cost").join("").contains("800.00 / 户"));
    let second = make_project(&app, GYQ, &compound, "塔坪小区二期");
    assert_eq!(add_canopy(&app, &coord, &second).await.status(), StatusCode::SEE_OTHER);
    let page = public_page(&app, &second).await;
    assert_eq!(select_text(&page, ".item-name"), vec!["加装雨棚"]);
    assert!(select_text(&page, ".item-cost").join("").contains("1200.50 / 处"));

    // A second admin's stale form: a conflict showing the current values.
    let res = app
        .post_form("/admin/menu/menu-canopy", &edit("雨棚改", "900", "30", "0"))
        .await;
    let page = refused(res, StatusCode::CONFLICT).await;
    assert_eq!(select_text(&page, "#conflict").len(), 1);
    assert_eq!(value(&page, "#f-name"), "加装雨棚");

    let res = app
        .post_form(
            "/admin/menu/menu-canopy/retire",
            &[("retired", "yes"), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("menu.retire"), 1);
    let (_, menu) = app.get_html("/admin/menu").await;
    assert_eq!(select_text(&menu, "#item-menu-canopy .tag"), vec!["已停用"]);

    // Retired: not offered to a new project, refused if posted anyway…
    let third = make_project(&app, GYQ, &compound, "塔坪小区三期");
    let staff_page = format!("/staff/projects/{third}");
    let (_, page) = get_html(&coord, &app.url(&staff_page)).await;
    assert!(!options(&page, "#f-menu_item_id").contains(&"menu-canopy".to_owned()));
    assert!(!options(&page, "#f-menu_item_id").is_empty());
    let page = refused(add_canopy(&app, &coord, &third).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-menu_item_id").join("").is_empty());
    // …while the projects that have it still show it.
    assert_eq!(
        select_text(&public_page(&app, &first).await, ".item-name"),
        vec!["雨棚"]
    );

    let res = app
        .post_form("/admin/menu/menu-canopy/retire", &[("retired", "no"), ("version", "2")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("menu.restore"), 1);
    let (_, page) = get_html(&coord, &app.url(&staff_page)).await;
    assert!(options(&page, "#f-menu_item_id").contains(&"menu-canopy".to_owned()));

    // Only admins edit the menu.
    assert_eq!(
        get(&coord, &app.url("/admin/menu/menu-canopy")).await.status(),
        StatusCode::FORBIDDEN
    );
    let res = post_form(
        &coord,
        &app.address,
        "/admin/menu/menu-canopy",
        &edit("x", "1", "1", "3"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
