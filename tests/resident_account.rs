//! Residents create their own account with a mobile number: errors sit next
//! to their fields and store nothing; a good form logs the resident in, is
//! audited, and a taken number is refused. Their mediation applications,
//! made logged in or attached later with the receipt code, are on 我的.

mod common;

use common::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::db::users;

fn user_count(app: &TestApp) -> i64 {
    users::count_by_role(&mut app.conn(), yuanba::domain::role::Role::Resident).unwrap()
}

#[tokio::test]
async fn bad_input_is_shown_next_to_each_field_and_stores_nothing() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            "/register",
            &[
                ("phone", "1234"),
                ("name", ""),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "#e-phone"), vec!["请填写 11 位手机号码。"]);
    assert_eq!(select_text(&page, "#e-name"), vec!["此项为必填项。"]);
    assert_eq!(select_text(&page, "#e-password"), vec!["密码至少 10 个字符。"]);
    assert_eq!(select_text(&page, "#e-consent"), vec!["请阅读个人信息告知并勾选同意。"]);
    assert_eq!(select_text(&page, "input#f-phone").len(), 1);

    let res = app
        .post_form(
            "/register",
            &[
                ("phone", "13912345678"),
                ("name", "张阿姨"),
                ("password", "a long enough password"),
                ("password_confirm", "a different password"),
                ("consent", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&page, "#e-password_confirm"),
        vec!["两次输入的新密码不一致。"]
    );
    assert_eq!(user_count(&app), 0);
    assert_eq!(app.audit_count("resident.register"), 0);
}

#[tokio::test]
async fn a_resident_registers_is_logged_in_and_a_taken_number_is_refused() {
    let app = spawn_app().await;
    let (status, form) = app.get_html("/register").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&form, "details.notice summary"), vec!["个人信息告知"]);
    let fields = [
        ("phone", "139 1234 5678"),
        ("name", "张阿姨"),
        ("password", "a long enough password"),
        ("password_confirm", "a long enough password"),
        ("consent", "yes"),
    ];
    let res = app.post_form("/register", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/me");
    let (status, me) = app.get_html("/me").await;
    assert_eq!(status, StatusCode::OK, "logged in as a resident");
    assert!(select_text(&me, ".who").concat().contains("张阿姨"));
    assert_eq!(user_count(&app), 1);
    assert_eq!(app.audit_count("resident.register"), 1);
    let stored = users::find_by_username(&mut app.conn(), "13912345678")
        .unwrap()
        .expect("stored by its digits");
    assert!(stored.password_hash.starts_with("$argon2id$"));

    // Logged out, the same number again: refused next to the phone field.
    let other = new_client();
    let res = post_form(&other, &app.address, "/register", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&page, "#e-phone"),
        vec!["这个手机号已经注册过。请直接登录；忘记密码请联系社区。"]
    );
    assert_eq!(user_count(&app), 1);

    // The new account logs in like any other.
    let res = login(&other, &app.address, "13912345678", "a long enough password").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn register(app: &TestApp, client: &reqwest::Client, phone: &str) {
    let fields = [
        ("phone", phone),
        ("name", "李大爷"),
        ("password", "a long enough password"),
        ("password_confirm", "a long enough password"),
        ("consent", "yes"),
    ];
    let res = post_form(client, &app.address, "/register", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// Applies for mediation with `client`; returns the receipt code.
async fn apply(app: &TestApp, client: &reqwest::Client, summary: &str) -> String {
    let (_, form) = get_html(client, &app.url("/mediation/apply")).await;
    let token = first_attr(&form, "input[name=form_token]", "value");
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "五里店街道")
        .unwrap()
        .unwrap()
        .id;
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "李建华"),
        ("applicant_phone", "13700001111"),
        ("respondent_name_1", "周明"),
        ("respondent_phone_1", "13700002222"),
        ("dispute_type", "property_management"),
        ("summary", summary),
        ("requests", "请物业修复电梯"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(client, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Html::parse_document(&res.text().await.unwrap());
    select_text(&page, ".receipt code").pop().expect("receipt code")
}

#[tokio::test]
async fn mediation_applications_are_listed_on_me_when_made_logged_in_or_attached() {
    let app = spawn_app().await;
    let resident = new_client();
    register(&app, &resident, "13911110000").await;
    apply(&app, &resident, "电梯停运一个月，物业一直不修。").await;
    let (_, me) = get_html(&resident, &app.url("/me")).await;
    assert_eq!(select_text(&me, ".my-case").len(), 1);
    assert!(select_text(&me, ".my-case .tag-state")[0].contains("待受理"));

    // Sent without logging in, then attached with its code.
    let anonymous = new_client();
    let code = apply(&app, &anonymous, "楼道灯坏了三个月没人修。").await;
    let res = post_form(&resident, &app.address, "/me/letters/attach", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, me) = get_html(&resident, &app.url("/me")).await;
    assert_eq!(select_text(&me, ".my-case").len(), 2);
    assert_eq!(app.audit_count("case.attach"), 1);

    // Nobody else can take it over, and the page shows nothing internal.
    let other = new_client();
    register(&app, &other, "13922220000").await;
    let res = post_form(&other, &app.address, "/me/letters/attach", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (_, me) = get_html(&other, &app.url("/me")).await;
    assert!(select_text(&me, ".my-case").is_empty());
    assert_eq!(app.audit_count("case.attach"), 1);
}
