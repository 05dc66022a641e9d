//! Forged POSTs are refused; security headers are on every response.

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::domain::role::Role;

const HEADERS: [(&str, &str); 3] = [
    (
        "content-security-policy",
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
];

fn assert_security_headers(res: &reqwest::Response) {
    for (name, expected) in HEADERS {
        let value = res
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing on {}", res.status()))
            .to_str()
            .unwrap();
        assert!(value.starts_with(expected), "{name}: {value}");
    }
    assert!(res.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn a_post_without_a_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.login_admin().await;
    let form = [("username", "forged"), ("display_name", "伪造"), ("role", "admin")];
    let res = app
        .client
        .post(app.url("/admin/users/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .client
        .post(app.url("/admin/users/new"))
        .form(&[
            ("csrf", "0".repeat(64).as_str()),
            ("username", "forged2"),
            ("display_name", "x"),
            ("role", "admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, html) = app.get_html("/admin/users").await;
    let logins = select_text(&html, "tbody td:first-child");
    assert!(!logins.iter().any(|l| l.starts_with("forged")), "{logins:?}");
    assert_eq!(app.audit_count("user.create"), 1);
}

/// Found by the form property test (tests/api/routes.rs): PostgreSQL cannot
/// store U+0000, so a NUL in any text field was a 500 there (and stored on
/// SQLite). No browser sends one: every form refuses it with 400.
#[tokio::test]
async fn a_nul_in_a_form_field_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    app.login_admin().await;
    let res = app
        .post_form(
            "/admin/users/new",
            &[("username", "nul\0user"), ("display_name", "空字符"), ("role", "admin")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Also a raw NUL byte in a hand-made body.
    let csrf = csrf_token(&app.client, &app.address).await;
    let res = app
        .client
        .post(app.url("/admin/users/new"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&username=nul\0user&display_name=x&role=admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.audit_count("user.create"), 1, "only the bootstrap admin");
}

#[tokio::test]
async fn a_valid_token_from_a_foreign_origin_is_refused() {
    let app = spawn_app().await;
    let id = app.create_user("victim", Role::Coordinator, None, Some("观音桥街道"));
    app.login_admin().await;
    let token = csrf_token(&app.client, &app.address).await;
    let path = app.url(&format!("/admin/users/{id}/disable"));
    let res = app
        .client
        .post(&path)
        .header("origin", "https://evil.example")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .client
        .post(&path)
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("user.disable"), 0);
    // The same request from our own origin works.
    let res = app
        .client
        .post(&path)
        .header("origin", app.address.clone())
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("user.disable"), 1);
}

#[tokio::test]
async fn the_login_form_itself_needs_a_token() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("username", "admin"), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("login.success"), 0);
}

#[tokio::test]
async fn oversized_bodies_get_413_with_headers() {
    let app = spawn_app().await;
    let token = csrf_token(&app.client, &app.address).await;
    let huge = "x".repeat(200 * 1024);
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("csrf", token.as_str()), ("username", huge.as_str()), ("password", "p")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_security_headers(&res);
}

#[tokio::test]
async fn headers_are_on_200_404_and_500_and_errors_hide_internals() {
    let app = spawn_app().await;
    let ok = app.get("/").await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_security_headers(&ok);

    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_security_headers(&missing);
    let html = scraper::Html::parse_document(&missing.text().await.unwrap());
    assert_eq!(select_text(&html, "h1"), vec!["页面不存在"]);

    // Break the database under a logged-in admin to get a real 500.
    app.login_admin().await;
    app.run_sql("DROP TABLE audit_log").unwrap();
    let broken = app.get("/admin/audit").await;
    assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_security_headers(&broken);
    let request_id = broken
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let body = broken.text().await.unwrap();
    let html = scraper::Html::parse_document(&body);
    assert_eq!(select_text(&html, ".request-id"), vec![request_id]);
    assert!(
        !body.contains("audit_log")
            && !body.to_lowercase().contains("no such table")
            && !body.contains("does not exist"),
        "{body}"
    );
}

#[tokio::test]
async fn health_reports_app_and_database() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["backend"], if app.is_postgres() { "postgresql" } else { "sqlite" });
}

#[tokio::test]
async fn static_css_is_served_with_long_cache_headers() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    let selector = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = html
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert!(href.starts_with("/static/css/app.css?v="));
    let res = app.get(&href).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
}
