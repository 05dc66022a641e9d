use crate::helpers::*;
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

/// Sends `n` login POSTs at once from `client` (one address, one CSRF token).
async fn concurrent_logins(
    app: &TestApp,
    client: &reqwest::Client,
    n: usize,
    name: impl Fn(usize) -> String,
) -> Vec<StatusCode> {
    let token = csrf_token(client, &app.address).await;
    let sends = (0..n).map(|i| {
        let form = [
            ("csrf", token.clone()),
            ("username", name(i)),
            ("password", "wrong-password-x".to_owned()),
        ];
        let request = client.post(app.url("/login")).form(&form);
        async move { request.send().await.expect("sent").status() }
    });
    futures_util::future::join_all(sends).await
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// Issue 8, security defect 2: the per-account count is taken before the
/// password is verified, atomically, so 25 concurrent tries (under the
/// address limit) get at most 5 verifications and the lock is audited once.
#[tokio::test]
async fn concurrent_wrong_passwords_verify_at_most_the_limit_and_lock_once() {
    let app = spawn_app().await;
    app.create_user("target-acct", Role::Coordinator, None, Some("观音桥街道"));
    let statuses = concurrent_logins(&app, &app.client, 25, |_| "target-acct".to_owned()).await;
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), 25, "{statuses:?}");
    assert_eq!(app.audit_count("login.failed"), 5, "verified at most the limit");
    assert_eq!(app.audit_count("login.refused_locked"), 20);
    assert_eq!(app.audit_count("login.locked"), 1);
    let right = app.login("target-acct", USER_PASSWORD).await;
    assert_eq!(right.status(), StatusCode::UNAUTHORIZED);
    assert!(alert_text(right).await.contains("锁定"));
    assert_eq!(app.audit_count("login.success"), 0);
    // The admin's list shows the lock.
    let user = yuanba::db::users::find_by_username(&mut app.conn(), "target-acct")
        .unwrap()
        .unwrap();
    assert!(user.is_locked(yuanba::db::now_ts()));
}

/// Issue 8, security defect 2: 60 concurrent failures from one address let
/// at most the limit (30) through; the rest are refused with a page.
#[tokio::test]
async fn concurrent_failures_from_one_address_pass_at_most_the_limit() {
    // Enough hashing room that the gate refuses none of the 30.
    let app = spawn_app_with(|c| c.hash_workers = 8).await;
    let limit = yuanba::auth::rate_limit::IP_MAX_FAILURES as usize;
    let statuses = concurrent_logins(&app, &app.client, 60, |i| format!("nobody-{i}")).await;
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), limit, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 60 - limit);
    assert_eq!(app.audit_count("login.failed"), limit as i64);
    assert_eq!(app.audit_count("login.ip_limited"), 1);
    let res = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(alert_text(res).await, "此网络登录失败次数过多，请稍后再试。");
}

/// Issue 8, security defect 2: password hashing is bounded; past the bound a
/// login is answered at once with a page (429, Retry-After), keeping what
/// was typed, and the attempt does not count as a failure.
#[tokio::test]
async fn logins_past_the_hashing_bound_get_a_busy_page() {
    let app = spawn_app_with(|c| c.hash_workers = 0).await;
    app.create_user("waiting", Role::Coordinator, None, Some("观音桥街道"));
    for _ in 0..6 {
        let res = app.login("waiting", USER_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers().get("retry-after").unwrap(), "5");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = scraper::Html::parse_document(&res.text().await.unwrap());
        assert_eq!(select_text(&html, ".alert-error"), vec!["系统正忙，请稍等几秒后再试。"]);
        assert_eq!(first_attr(&html, "input#f-username", "value"), "waiting");
    }
    assert_eq!(app.audit_count("login.failed"), 0);
    assert_eq!(
        app.audit_count("login.refused_locked"),
        0,
        "busy answers are not failures"
    );
}

/// Issue 8, security defect 9: a real account and a name nobody has get the
/// same answers, through the lock and after it.
#[tokio::test]
async fn real_and_unknown_names_lock_alike() {
    let app = spawn_app().await;
    app.create_user("real-name", Role::Coordinator, None, Some("观音桥街道"));
    let mut answers = Vec::new();
    for name in ["real-name", "made-up-name"] {
        let mut seen = Vec::new();
        for _ in 0..7 {
            let res = app.login(name, "wrong-password-x").await;
            seen.push((res.status(), alert_text(res).await));
        }
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert!(answers[0][4].1.contains("锁定"), "{:?}", answers[0]);
    assert_eq!(answers[0][3].1, FAILED_ZH);
    assert_eq!(app.audit_count("login.locked"), 2);
}

/// Issue 8, security defect 11: text typed as a login that matches no
/// account (a password in the wrong field, say) is never stored.
#[tokio::test]
async fn the_audit_log_keeps_no_unknown_login_text() {
    let app = spawn_app().await;
    let typed = "my-secret-passphrase-2026";
    app.login(typed, "whatever-here").await;
    app.login(typed, "whatever-here").await;
    let rows = yuanba::db::audit::list(&mut app.conn(), &Default::default(), 100).unwrap();
    let failed: Vec<_> = rows.iter().filter(|r| r.action == "login.failed").collect();
    assert_eq!(failed.len(), 2);
    assert!(
        failed[0].actor_label.starts_with("unknown:"),
        "{}",
        failed[0].actor_label
    );
    assert_eq!(failed[0].actor_label, failed[1].actor_label, "same text, same label");
    for row in &rows {
        assert!(!format!("{row:?}").contains("secret-passphrase"), "{row:?}");
    }
    let rate_rows: i64 = {
        use diesel::prelude::*;
        yuanba::db::schema::rate_limits::table
            .filter(yuanba::db::schema::rate_limits::bucket.like("%passphrase%"))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(rate_rows, 0);
}

/// Issue 8, security defects 3 and 5: `next` with a control character is
/// not a redirect target (browsers drop tabs: `/\t/evil.example` is
/// `//evil.example`), and it never causes a 5xx.
#[tokio::test]
async fn next_with_control_characters_falls_back_to_the_home_page() {
    let app = spawn_app().await;
    app.create_user("nexter2", Role::Coordinator, None, Some("观音桥街道"));
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/a\rb",
        "/a\x0bb",
        "/\\evil.example",
        "//evil.example",
    ] {
        let res = app
            .post_form(
                "/login",
                &[("username", "nexter2"), ("password", USER_PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&res), "/staff", "{next:?}");
        for prefs in [("/prefs/lang", "lang", "en"), ("/prefs/elder", "elder", "1")] {
            let res = app.post_form(prefs.0, &[(prefs.1, prefs.2), ("next", next)]).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(location(&res), "/", "{next:?}");
        }
    }
    let (status, html) = app.get_html("/login?next=%2F%09%2Fevil.example").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_attr(&html, "form[action='/login'] input[name=next]", "value"), "");
}

/// Issue 8, security defect 13: behind TLS the session and anonymous cookies
/// carry the `__Host-` prefix (Secure, Path=/, no Domain), and only the
/// prefixed names are read.
#[tokio::test]
async fn secure_cookies_use_the_host_prefix() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    app.create_user("tls-user", Role::Coordinator, None, Some("观音桥街道"));
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = bare.get(app.url("/login")).send().await.unwrap();
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-yb_anon="), "{set}");
    assert!(
        set.contains("Secure") && set.contains("Path=/") && !set.contains("Domain"),
        "{set}"
    );
    let anon = set.split(';').next().unwrap().to_owned();
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    let csrf = first_attr(&html, "input[name=csrf]", "value");
    let res = bare
        .post(app.url("/login"))
        .header("cookie", &anon)
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "tls-user"),
            ("password", USER_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-yb_session="), "{set}");
    assert!(
        set.contains("Secure") && set.contains("Path=/") && !set.contains("Domain"),
        "{set}"
    );
    let token = set
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("__Host-yb_session=")
        .to_owned();
    let with = |cookie: String| bare.get(app.url("/staff")).header("cookie", cookie).send();
    assert_eq!(
        with(format!("__Host-yb_session={token}")).await.unwrap().status(),
        StatusCode::OK
    );
    let unprefixed = with(format!("yb_session={token}")).await.unwrap();
    assert_eq!(
        unprefixed.status(),
        StatusCode::SEE_OTHER,
        "the unprefixed name is not read"
    );
}
