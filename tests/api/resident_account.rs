//! Residents create their own account with a mobile number: errors sit next
//! to their fields and store nothing; a good form creates the account and is
//! audited, and a taken number gets the very same answer, so the form cannot
//! tell who has an account. Their mediation applications,
//! made logged in or attached later with the receipt code, are on 我的.

use crate::helpers::*;
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

/// Issue 8, security defect 9: registering a taken number answers exactly
/// as registering a free one, and changes nothing of the existing account.
#[tokio::test]
async fn a_resident_registers_and_a_taken_number_gets_the_same_answer() {
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
    let first = app.post_form("/register", &fields).await;
    let first_answer = (first.status(), location(&first), first.text().await.unwrap());
    assert_eq!(first_answer.0, StatusCode::SEE_OTHER);
    assert_eq!(first_answer.1, "/login?registered=1");
    assert_eq!(user_count(&app), 1);
    assert_eq!(app.audit_count("resident.register"), 1);
    let stored = users::find_by_username(&mut app.conn(), "13912345678")
        .unwrap()
        .expect("stored by its digits");
    assert!(stored.password_hash.starts_with("$argon2id$"));
    let (_, page) = app.get_html("/login?registered=1").await;
    assert!(
        select_text(&page, ".alert-info")
            .concat()
            .starts_with("如果该号码可以使用")
    );

    // Another browser, the same number with another password: the same answer.
    let other = new_client();
    let again = [
        ("phone", "13912345678"),
        ("name", "冒充者"),
        ("password", "another long password"),
        ("password_confirm", "another long password"),
        ("consent", "yes"),
    ];
    let second = post_form(&other, &app.address, "/register", &again).await;
    let second_answer = (second.status(), location(&second), second.text().await.unwrap());
    assert_eq!(second_answer, first_answer);
    assert_eq!(user_count(&app), 1);
    assert_eq!(app.audit_count("resident.register"), 1);
    let res = login(&other, &app.address, "13912345678", "another long password").await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the existing account is untouched"
    );

    // The new account logs in like any other, with the first password.
    let res = login(&other, &app.address, "13912345678", "a long enough password").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, me) = get_html(&other, &app.url("/me")).await;
    assert_eq!(status, StatusCode::OK, "logged in as a resident");
    assert!(select_text(&me, ".who").concat().contains("张阿姨"));
}

/// Issue 8, security defect 8: residents keep 10 characters but a common
/// password is refused, next to its field, keeping what was typed.
#[tokio::test]
async fn a_common_password_is_refused_at_registration() {
    let app = spawn_app().await;
    for common in ["1234567890", "qwertyuiop", "woaini1314"] {
        let fields = [
            ("phone", "13912345679"),
            ("name", "王大爷"),
            ("password", common),
            ("password_confirm", common),
            ("consent", "yes"),
        ];
        let res = app.post_form("/register", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{common}");
        let page = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(
            select_text(&page, "#e-password"),
            vec!["这个密码太常见，很容易被猜到，请换一个。"]
        );
        assert_eq!(first_attr(&page, "input#f-phone", "value"), "13912345679");
    }
    assert_eq!(user_count(&app), 0);
    // Ten characters that are not common still do for a resident.
    let fields = [
        ("phone", "13912345679"),
        ("name", "王大爷"),
        ("password", "ten chars!"),
        ("password_confirm", "ten chars!"),
        ("consent", "yes"),
    ];
    assert_eq!(
        app.post_form("/register", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(user_count(&app), 1);
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
    let res = login(client, &app.address, phone, "a long enough password").await;
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

/// Sends `n` POSTs of a wrong receipt code to `path` at once, from one address.
async fn concurrent_codes(app: &TestApp, client: &reqwest::Client, path: &str, n: usize) -> Vec<StatusCode> {
    let token = csrf_token(client, &app.address).await;
    let sends = (0..n).map(|i| {
        // Well-formed codes, so each one is looked up in the database.
        let form = [("csrf", token.clone()), ("code", format!("{i:032}"))];
        let request = client.post(app.url(path)).form(&form);
        async move { request.send().await.expect("sent").status() }
    });
    futures_util::future::join_all(sends).await
}

/// Issue 8, security defect 2: receipt-code guesses are reserved before the
/// lookup, so concurrent guesses from one address pass the limit never,
/// on the tracking page and when attaching to an account alike.
#[tokio::test]
async fn concurrent_receipt_guesses_pass_at_most_the_limit() {
    let app = spawn_app().await;
    let limit = yuanba::auth::rate_limit::CODE_MAX_FAILURES as usize;
    let anonymous = new_client();
    let statuses = concurrent_codes(&app, &anonymous, "/track", 40).await;
    let misses = statuses.iter().filter(|s| **s == StatusCode::NOT_FOUND).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((misses, refused), (limit, 40 - limit), "{statuses:?}");
    // Even a right code is refused now from this address, with a page.
    let code = apply(&app, &new_client(), "楼上漏水，协商不成。").await;
    let res = post_form(&anonymous, &app.address, "/track", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "#e-code").len(), 1);
}

#[tokio::test]
async fn concurrent_attach_guesses_pass_at_most_the_limit() {
    let app = spawn_app().await;
    let limit = yuanba::auth::rate_limit::CODE_MAX_FAILURES as usize;
    let resident = new_client();
    register(&app, &resident, "13933330000").await;
    let statuses = concurrent_codes(&app, &resident, "/me/letters/attach", 30).await;
    let misses = statuses.iter().filter(|s| **s == StatusCode::NOT_FOUND).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((misses, refused), (limit, 30 - limit), "{statuses:?}");
    assert_eq!(app.audit_count("case.attach") + app.audit_count("letter.attach"), 0);
}
