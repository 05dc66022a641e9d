//! An admin manages staff accounts; every change is audited.

use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::domain::role::{MediatorLevel, Role};

async fn html_of(res: reqwest::Response) -> Html {
    Html::parse_document(&res.text().await.unwrap())
}

fn street_id(app: &TestApp, name: &str) -> String {
    yuanba::db::places::find_street_by_name(&mut app.conn(), name)
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn bad_input_is_shown_next_to_each_field_and_nothing_is_created() {
    let app = spawn_app().await;
    app.login_admin().await;
    let res = app
        .post_form(
            "/admin/users/new",
            &[
                ("username", "A B"),
                ("display_name", ""),
                ("role", "coordinator"),
                ("level", ""),
                ("area_id", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = html_of(res).await;
    assert_eq!(
        select_text(&html, "#e-username"),
        vec!["用户名只能包含小写字母、数字、点、下划线和连字符。"]
    );
    assert_eq!(select_text(&html, "#e-display_name"), vec!["此项为必填项。"]);
    assert_eq!(
        select_text(&html, "#e-area_id"),
        vec!["社区/街道工作人员须选择所属街道或镇。"]
    );
    // What was typed is kept.
    let value = html
        .select(&scraper::Selector::parse("#f-username").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value");
    assert_eq!(value, Some("A B"));

    let res = app
        .post_form(
            "/admin/users/new",
            &[
                ("username", "med-1"),
                ("display_name", "调解员"),
                ("role", "mediator"),
                ("level", ""),
            ],
        )
        .await;
    let html = html_of(res).await;
    assert_eq!(select_text(&html, "#e-level"), vec!["调解员须选择级别：小马或老马。"]);
    let res = app
        .post_form(
            "/admin/users/new",
            &[("username", "12345"), ("display_name", "居民"), ("role", "resident")],
        )
        .await;
    assert_eq!(
        select_text(&html_of(res).await, "#e-username"),
        vec!["请填写 11 位手机号码。"]
    );
    assert_eq!(app.audit_count("user.create"), 1, "only the bootstrap admin");
}

#[tokio::test]
async fn a_new_coordinator_gets_a_one_time_password_and_must_change_it() {
    let app = spawn_app().await;
    app.login_admin().await;
    let area = street_id(&app, "华新街街道");
    let res = app
        .post_form(
            "/admin/users/new",
            &[
                ("username", "hxj-staff"),
                ("display_name", "刘华"),
                ("role", "coordinator"),
                ("area_id", &area),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = html_of(res).await;
    let temporary = select_text(&html, ".secret code")
        .pop()
        .expect("temporary password shown");
    assert_eq!(temporary.len(), 16);
    // Taking the name again is refused next to the field.
    let res = app
        .post_form(
            "/admin/users/new",
            &[
                ("username", "hxj-staff"),
                ("display_name", "刘华"),
                ("role", "coordinator"),
                ("area_id", &area),
            ],
        )
        .await;
    assert_eq!(
        select_text(&html_of(res).await, "#e-username"),
        vec!["该登录名已被使用。"]
    );

    let staff = new_client();
    let res = login(&staff, &app.address, "hxj-staff", &temporary).await;
    assert_eq!(location(&res), "/account/password");
    // Nothing else opens until the password is changed.
    let res = get(&staff, &app.url("/staff")).await;
    assert_eq!(location(&res), "/account/password");
    let res = post_form(
        &staff,
        &app.address,
        "/account/password",
        &[("current", &temporary), ("new_password", "short"), ("confirm", "short")],
    )
    .await;
    assert_eq!(
        select_text(&html_of(res).await, "#e-new_password"),
        vec!["工作人员账户的密码至少 12 个字符。"]
    );
    let res = post_form(
        &staff,
        &app.address,
        "/account/password",
        &[
            ("current", "wrong-one-here"),
            ("new_password", "a-long-new-pass"),
            ("confirm", "a-long-new-pass"),
        ],
    )
    .await;
    assert_eq!(select_text(&html_of(res).await, "#e-current"), vec!["当前密码不正确。"]);
    let res = post_form(
        &staff,
        &app.address,
        "/account/password",
        &[
            ("current", &temporary),
            ("new_password", "a-long-new-pass"),
            ("confirm", "a-long-new-pass"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/account/password?changed=1");
    let (_, html) = get_html(&staff, &app.url("/account/password?changed=1")).await;
    assert_eq!(first_attr(&html, ".alert-success + p a", "href"), "/staff");
    let (status, html) = get_html(&staff, &app.url("/staff/area")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, "h1"), vec!["华新街街道"]);
    assert_eq!(app.audit_count("user.password_changed"), 1);
}

#[tokio::test]
async fn reset_password_ends_sessions_and_the_old_password() {
    let app = spawn_app().await;
    let id = app.create_user("forgetful", Role::Mediator, Some(MediatorLevel::Trainee), None);
    let user = new_client();
    login(&user, &app.address, "forgetful", USER_PASSWORD).await;
    // Someone else locked the name with wrong passwords: the reset lifts it.
    let guesser = new_client();
    for _ in 0..5 {
        login(&guesser, &app.address, "forgetful", "wrong-guess-here").await;
    }
    assert_eq!(app.audit_count("login.locked"), 1);
    app.login_admin().await;
    let res = app.post_form(&format!("/admin/users/{id}/reset-password"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let temporary = select_text(&html_of(res).await, ".secret code").pop().unwrap();
    assert_eq!(location(&get(&user, &app.url("/staff")).await), "/login?next=%2Fstaff");
    assert_eq!(
        login(&user, &app.address, "forgetful", USER_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        location(&login(&user, &app.address, "forgetful", &temporary).await),
        "/account/password"
    );
    assert_eq!(app.audit_count("user.password_reset"), 1);
}

#[tokio::test]
async fn role_changes_are_validated_audited_and_end_sessions() {
    let app = spawn_app().await;
    let id = app.create_user("promote-me", Role::Mediator, Some(MediatorLevel::Trainee), None);
    let user = new_client();
    login(&user, &app.address, "promote-me", USER_PASSWORD).await;
    app.login_admin().await;
    let res = app
        .post_form(
            &format!("/admin/users/{id}/role"),
            &[("role", "mediator"), ("level", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        select_text(&html_of(res).await, "#e-level"),
        vec!["调解员须选择级别：小马或老马。"]
    );
    let res = app
        .post_form(
            &format!("/admin/users/{id}/role"),
            &[("role", "mediator"), ("level", "senior")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("user.role_change"), 1);
    assert_eq!(
        get(&user, &app.url("/staff")).await.status(),
        StatusCode::SEE_OTHER,
        "session ended"
    );
    login(&user, &app.address, "promote-me", USER_PASSWORD).await;
    let (_, html) = get_html(&user, &app.url("/staff")).await;
    assert_eq!(select_text(&html, ".badge"), vec!["老马（资深调解员）"]);
    // An admin cannot demote themselves.
    let admin = yuanba::db::users::find_by_username(&mut app.conn(), "admin")
        .unwrap()
        .unwrap();
    let res = app
        .post_form(&format!("/admin/users/{}/role", admin.id), &[("role", "resident")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_audit_page_filters_and_pages_by_keyset() {
    let app = spawn_app().await;
    app.create_user("noisy", Role::Coordinator, None, Some("观音桥街道"));
    for _ in 0..3 {
        app.login("noisy", "wrong-password-1").await;
    }
    app.login_admin().await;
    let (status, html) = app.get_html("/admin/audit?action=login.failed").await;
    assert_eq!(status, StatusCode::OK);
    // Each row reads as a sentence: who, in words what, the code kept as data for scripts, not shown.
    assert_eq!(select_text(&html, "tbody .audit-does"), vec!["登录失败"; 3]);
    // The attempted account is named by its display name.
    assert_eq!(select_text(&html, "tbody .audit-who"), vec!["测试用户"; 3]);
    let codes: Vec<&str> = html
        .select(&scraper::Selector::parse("tbody .audit-does").unwrap())
        .filter_map(|e| e.value().attr("data-code"))
        .collect();
    assert_eq!(codes, vec!["login.failed"; 3]);
    let (_, html) = app.get_html("/admin/audit?actor=nobody").await;
    assert_eq!(select_text(&html, ".empty").len(), 1);
    let (_, html) = app.get_html("/admin/audit?from=not-a-date").await;
    assert_eq!(
        select_text(&html, "#e-from"),
        vec!["请按“年-月-日”格式填写日期，例如 2026-11-26。"]
    );

    // 60 more rows: the first page holds 50 and links to the rest.
    let mut conn = app.conn();
    for i in 0..60 {
        yuanba::db::audit::record(
            &mut conn,
            &yuanba::db::audit::AuditActor::system(),
            "test.bulk",
            None,
            &i.to_string(),
        )
        .unwrap();
    }
    let (_, html) = app.get_html("/admin/audit?action=test.bulk").await;
    assert_eq!(select_text(&html, "tbody tr").len(), 50);
    let next = html
        .select(&scraper::Selector::parse("a[href^='/admin/audit?']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let (_, html) = app.get_html(&next).await;
    let details = select_text(&html, "tbody td:nth-child(3)");
    assert_eq!(details.len(), 10);
    assert_eq!(details.last().unwrap(), "0", "oldest last");
}

/// Issue 8, security defect 8: staff passwords need 12 characters and no
/// password may be a common one, on every form that sets one.
#[tokio::test]
async fn staff_passwords_need_twelve_characters_and_must_not_be_common() {
    let app = spawn_app().await;
    app.create_user("policy-staff", Role::Coordinator, None, Some("观音桥街道"));
    app.login("policy-staff", USER_PASSWORD).await;
    for (new, message) in [
        ("eleven-char", "工作人员账户的密码至少 12 个字符。"),
        ("qwerty123456", "这个密码太常见，很容易被猜到，请换一个。"),
        ("1qaz2wsx3edc", "这个密码太常见，很容易被猜到，请换一个。"),
    ] {
        let res = app
            .post_form(
                "/account/password",
                &[("current", USER_PASSWORD), ("new_password", new), ("confirm", new)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert_eq!(select_text(&html_of(res).await, "#e-new_password"), vec![message]);
    }
    assert_eq!(app.audit_count("user.password_changed"), 0);
    let (_, html) = app.get_html("/account/password").await;
    assert!(select_text(&html, "#h-new_password").concat().contains("12"));
    // The generated passwords (admin create and reset) meet the staff rule.
    for _ in 0..20 {
        let generated = yuanba::auth::tokens::random_password();
        let rule = yuanba::domain::account::PasswordRule::Staff;
        assert!(yuanba::domain::account::NewPassword::parse(&generated, rule).is_ok());
    }
}

/// Issue 8, security defect 7: a changed password ends every other session
/// of the user, and the page says so; the admin's reset ends all of them.
#[tokio::test]
async fn changing_a_password_ends_every_other_session_and_says_so() {
    let app = spawn_app().await;
    app.create_user("two-phones", Role::Mediator, Some(MediatorLevel::Senior), None);
    let other = new_client();
    login(&other, &app.address, "two-phones", USER_PASSWORD).await;
    assert_eq!(get(&other, &app.url("/staff")).await.status(), StatusCode::OK);
    app.login("two-phones", USER_PASSWORD).await;
    let new = "a fresh sentence 2026";
    let res = app
        .post_form(
            "/account/password",
            &[("current", USER_PASSWORD), ("new_password", new), ("confirm", new)],
        )
        .await;
    assert_eq!(location(&res), "/account/password?changed=1");
    let (_, html) = app.get_html("/account/password?changed=1").await;
    assert_eq!(
        select_text(&html, ".alert-success"),
        vec!["密码已修改。您在其他设备和浏览器上的登录都已退出。"]
    );
    // This browser stays logged in; the other one is out.
    assert_eq!(app.get("/staff").await.status(), StatusCode::OK);
    let res = get(&other, &app.url("/staff")).await;
    assert_eq!(location(&res), "/login?next=%2Fstaff");
    assert_eq!(app.audit_count("user.password_changed"), 1);
    let detail: String = {
        use diesel::prelude::*;
        use yuanba::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("user.password_changed"))
            .select(audit_log::detail)
            .first(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(detail, "sessions_ended=1");
}
