mod common;

use common::*;
use reqwest::StatusCode;
use yuanba::domain::role::{MediatorLevel, Role};

const FAILED_ZH: &str = "用户名或密码不正确。";

async fn alert_text(res: reqwest::Response) -> String {
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    select_text(&html, ".alert-error").join(" ")
}

#[tokio::test]
async fn staff_log_in_and_land_on_their_home() {
    let app = spawn_app().await;
    app.create_user("coord-gyq", Role::Coordinator, None, Some("观音桥街道"));
    let res = app.login("coord-gyq", USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff");
    let (status, html) = app.get_html("/staff").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, ".who-name"), vec!["测试用户"]);
    assert_eq!(app.audit_count("login.success"), 1);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_message() {
    let app = spawn_app().await;
    app.create_user("mediator-a", Role::Mediator, Some(MediatorLevel::Senior), None);
    let wrong = app.login("mediator-a", "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong_text = alert_text(wrong).await;
    let unknown = app.login("nobody-here", "not-the-password").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let unknown_text = alert_text(unknown).await;
    assert_eq!(wrong_text, FAILED_ZH);
    assert_eq!(unknown_text, wrong_text);
    assert_eq!(app.audit_count("login.failed"), 2);
    // No session was opened.
    let res = app.get("/staff").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn empty_fields_are_flagged_next_to_each_field() {
    let app = spawn_app().await;
    let res = app.post_form("/login", &[("username", ""), ("password", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-username"), vec!["此项为必填项。"]);
    assert_eq!(select_text(&html, "#e-password"), vec!["此项为必填项。"]);
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    app.create_user("locked-out", Role::Coordinator, None, Some("五里店街道"));
    for _ in 0..4 {
        let res = app.login("locked-out", "wrong-password-x").await;
        assert_eq!(alert_text(res).await, FAILED_ZH);
    }
    let fifth = app.login("locked-out", "wrong-password-x").await;
    assert!(alert_text(fifth).await.contains("锁定"));
    let right = app.login("locked-out", USER_PASSWORD).await;
    assert_eq!(right.status(), StatusCode::UNAUTHORIZED);
    assert!(alert_text(right).await.contains("15 分钟"));
    assert_eq!(app.audit_count("login.locked"), 1);
    assert_eq!(app.audit_count("login.refused_locked"), 1);
    assert_eq!(app.audit_count("login.success"), 0);
}

#[tokio::test]
async fn login_rotates_the_session_and_the_old_cookie_dies() {
    let app = spawn_app().await;
    app.create_user("rotating", Role::Coordinator, None, Some("观音桥街道"));
    let first = app.login("rotating", USER_PASSWORD).await;
    let first_token = cookie_value(&first, "yb_session").expect("session cookie");
    let second = app.login("rotating", USER_PASSWORD).await;
    let second_token = cookie_value(&second, "yb_session").expect("new session cookie");
    assert_ne!(first_token, second_token);
    // A client presenting the first cookie is no longer logged in.
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = stale
        .get(app.url("/staff"))
        .header("cookie", format!("yb_session={first_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    let res = stale
        .get(app.url("/staff"))
        .header("cookie", format!("yb_session={second_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_invalidates_the_old_cookie_on_the_server() {
    let app = spawn_app().await;
    app.create_user("leaving", Role::Mediator, Some(MediatorLevel::Trainee), None);
    let res = app.login("leaving", USER_PASSWORD).await;
    let token = cookie_value(&res, "yb_session").unwrap();
    let res = app.post_form("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = replay
        .get(app.url("/staff"))
        .header("cookie", format!("yb_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the replayed cookie must not work after logout"
    );
    assert_eq!(app.audit_count("logout"), 1);
}

#[tokio::test]
async fn disabling_a_user_ends_their_live_session_at_once() {
    let app = spawn_app().await;
    let id = app.create_user("to-disable", Role::Coordinator, None, Some("观音桥街道"));
    let victim = new_client();
    assert_eq!(
        login(&victim, &app.address, "to-disable", USER_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(get(&victim, &app.url("/staff")).await.status(), StatusCode::OK);

    app.login_admin().await;
    let res = app.post_form(&format!("/admin/users/{id}/disable"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = get(&victim, &app.url("/staff")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    // And the password no longer opens a session.
    let res = login(&victim, &app.address, "to-disable", USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.audit_count("user.disable"), 1);
}

#[tokio::test]
async fn next_parameter_only_redirects_locally() {
    let app = spawn_app().await;
    app.create_user("nexter", Role::Coordinator, None, Some("观音桥街道"));
    let res = app
        .post_form(
            "/login",
            &[
                ("username", "nexter"),
                ("password", USER_PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/staff");
    let res = app
        .post_form(
            "/login",
            &[
                ("username", "nexter"),
                ("password", USER_PASSWORD),
                ("next", "/staff/area"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/staff/area");
}

#[tokio::test]
async fn one_address_is_throttled_after_many_failures_and_it_is_audited() {
    let app = spawn_app().await;
    for i in 0..yuanba::auth::rate_limit::IP_MAX_FAILURES {
        let res = app.login(&format!("nobody-{i}"), "wrong-password-x").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is now refused from this address.
    let res = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(alert_text(res).await, "此网络登录失败次数过多，请稍后再试。");
    assert_eq!(app.audit_count("login.ip_limited"), 1);
    assert_eq!(app.audit_count("login.success"), 0);
}
