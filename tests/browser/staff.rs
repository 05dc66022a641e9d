use crate::common::*;
use crate::*;

#[tokio::test]
async fn staff_journey_login_create_user_change_password() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/")).await.unwrap();
    assert_eq!(b.text("h1").await, "有事好商量，大家的事大家议");
    b.shot("phone-home").await;

    // A wrong password is answered on the form, in Chinese.
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "admin").await;
    b.fill("#f-password", "wrong-password").await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.text(".alert-error").await, "用户名或密码不正确。");
    b.shot("phone-login-error").await;

    b.fill("#f-password", ADMIN_PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.path().await, "/admin");
    b.shot("phone-admin-home").await;

    // Create a coordinator; an empty name is flagged next to its field.
    b.client.goto(&app.url("/admin/users/new")).await.unwrap();
    b.fill("#f-username", "gyq-li").await;
    b.click("form[action='/admin/users/new'] button[type=submit]").await;
    assert_eq!(b.text("#e-display_name").await, "此项为必填项。");
    b.shot("phone-new-user-errors").await;
    b.fill("#f-display_name", "李网格").await;
    b.client
        .find(Locator::Css("#f-area_id option:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.click("form[action='/admin/users/new'] button[type=submit]").await;
    let temporary = b.text(".secret code").await;
    assert_eq!(temporary.len(), 16);
    b.size(DESKTOP).await;
    b.shot("desktop-user-created").await;
    b.client.goto(&app.url("/admin/users")).await.unwrap();
    b.shot("desktop-users").await;
    b.client.goto(&app.url("/admin/audit")).await.unwrap();
    b.shot("desktop-audit").await;
    b.click("form[action='/logout'] button").await;
    assert_eq!(b.path().await, "/");

    // The new coordinator must replace the temporary password first.
    b.size(PHONE).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "gyq-li").await;
    b.fill("#f-password", &temporary).await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.path().await, "/account/password");
    b.fill("#f-current", &temporary).await;
    b.fill("#f-new_password", "my new password 1").await;
    b.fill("#f-confirm", "my new password 1").await;
    b.click("form[action='/account/password'] button[type=submit]").await;
    assert_eq!(b.path().await, "/account/password");
    b.click(".alert-success + p a").await;
    assert_eq!(b.path().await, "/staff");
    assert_eq!(b.text(".who-name").await, "李网格");
    b.shot("phone-staff-dashboard").await;
    b.close().await;
}

#[tokio::test]
async fn language_and_elderly_mode_switches_work_without_javascript() {
    let app = spawn_app().await;
    app.create_user("13900000009", Role::Resident, None, None);
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.click("form[action='/prefs/elder'] button").await;
    let class = b
        .client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("class")
        .await
        .unwrap();
    assert_eq!(class.as_deref(), Some("elder"));
    b.shot("phone-login-elder").await;
    b.click("form[action='/prefs/lang'] button").await;
    assert_eq!(b.text("h1").await, "Log in");
    b.shot("phone-login-elder-en").await;
    b.fill("#f-username", "13900000009").await;
    b.fill("#f-password", USER_PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.path().await, "/me");
    assert_eq!(b.text("h1").await, "My page");
    b.shot("phone-me-en").await;
    b.close().await;
}
