//! The language switch and elderly mode, and catalogue coverage of every page.

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::domain::role::{MediatorLevel, Role};
use yuanba::i18n::MISSING_MARK;

async fn switch_language(client: &reqwest::Client, address: &str, lang: &str, next: &str) -> reqwest::Response {
    post_form(client, address, "/prefs/lang", &[("lang", lang), ("next", next)]).await
}

#[tokio::test]
async fn chinese_by_default_and_the_switch_is_remembered() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/login").await;
    assert_eq!(select_text(&html, "h1"), vec!["登录"]);
    assert_eq!(html.root_element().value().attr("lang"), Some("zh-Hans"));

    let res = switch_language(&app.client, &app.address, "en", "/login").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");
    let (_, html) = app.get_html("/login").await;
    assert_eq!(select_text(&html, "h1"), vec!["Log in"]);
    assert_eq!(html.root_element().value().attr("lang"), Some("en"));
    // Remembered on other pages and after login.
    app.login_admin().await;
    let (_, html) = app.get_html("/admin").await;
    assert_eq!(select_text(&html, "h1"), vec!["Admin home"]);

    switch_language(&app.client, &app.address, "zh-CN", "/admin").await;
    let (_, html) = app.get_html("/admin").await;
    assert_eq!(select_text(&html, "h1"), vec!["管理首页"]);
}

#[tokio::test]
async fn form_errors_come_in_the_chosen_language() {
    let app = spawn_app().await;
    switch_language(&app.client, &app.address, "en", "/").await;
    let res = app.post_form("/login", &[("username", ""), ("password", "")]).await;
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-username"), vec!["This field is required."]);
}

#[tokio::test]
async fn elderly_mode_is_switched_on_and_remembered() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    assert_eq!(html.root_element().value().attr("class"), None);
    let res = app.post_form("/prefs/elder", &[("elder", "1"), ("next", "/")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/login").await;
    assert_eq!(html.root_element().value().attr("class"), Some("elder"));
    assert_eq!(select_text(&html, "button[aria-pressed=true]"), vec!["关闭适老模式"]);
    app.post_form("/prefs/elder", &[("elder", "0"), ("next", "/")]).await;
    let (_, html) = app.get_html("/").await;
    assert_eq!(html.root_element().value().attr("class"), None);
}

/// Every page a role can reach, in both languages, has no missing key.
#[tokio::test]
async fn no_page_shows_an_untranslated_key() {
    let app = spawn_app().await;
    let coord = app.create_user("coord", Role::Coordinator, None, Some("观音桥街道"));
    app.create_user("laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    app.create_user("13900000002", Role::Resident, None, None);
    let tours: [(&str, &str, Vec<String>); 4] = [
        (
            "admin",
            ADMIN_PASSWORD,
            [
                "/admin",
                "/admin/users",
                "/admin/users/new",
                "/admin/audit",
                "/account/password",
                "/staff/letters",
                "/admin/letter-categories",
            ]
            .map(String::from)
            .into_iter()
            .chain([format!("/admin/users/{coord}")])
            .collect(),
        ),
        (
            "coord",
            USER_PASSWORD,
            ["/staff", "/staff/area", "/staff/letters"].map(String::from).to_vec(),
        ),
        ("laoma", USER_PASSWORD, ["/staff"].map(String::from).to_vec()),
        ("13900000002", USER_PASSWORD, ["/me", "/"].map(String::from).to_vec()),
    ];
    for lang in ["zh-CN", "en"] {
        let anon = new_client();
        switch_language(&anon, &app.address, lang, "/").await;
        for path in ["/", "/login", "/nowhere", "/letters/new", "/track"] {
            let body = get(&anon, &app.url(path)).await.text().await.unwrap();
            assert!(!body.contains(MISSING_MARK), "{lang} {path} has a missing key");
        }
        for (user, password, paths) in &tours {
            let client = new_client();
            switch_language(&client, &app.address, lang, "/").await;
            assert_eq!(
                login(&client, &app.address, user, password).await.status(),
                StatusCode::SEE_OTHER
            );
            for path in paths {
                let res = get(&client, &app.url(path)).await;
                assert_eq!(res.status(), StatusCode::OK, "{user} {path}");
                let body = res.text().await.unwrap();
                assert!(!body.contains(MISSING_MARK), "{lang} {path} has a missing key");
            }
        }
    }
}
