use crate::common::*;
use crate::*;

#[tokio::test]
async fn resident_applies_for_mediation_and_follows_the_case() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    b.fill("#f-applicant_name", "张秀英").await;
    b.click("form[action='/mediation/apply'] button.button-primary").await;
    assert_eq!(b.text("#e-applicant_phone").await, "此项为必填项。");
    b.shot("phone-apply-errors").await;
    b.fill("#f-applicant_phone", "13812345678").await;
    b.fill("#f-respondent_name_1", "王建国").await;
    b.find("#f-dispute_type option[value=neighbour]")
        .await
        .click()
        .await
        .unwrap();
    b.fill("#f-summary", "楼上卫生间漏水，我家天花板发霉脱落。").await;
    b.fill("#f-requests", "修复漏水").await;
    b.find("#f-street_id option:nth-child(4)").await.click().await.unwrap();
    b.find("#f-ack_rights").await.click().await.unwrap();
    b.find("#f-consent_privacy").await.click().await.unwrap();
    b.click("form[action='/mediation/apply'] button.button-primary").await;
    let code = b.text(".receipt code").await;
    assert_eq!(code.len(), 39);
    b.shot("phone-apply-receipt").await;
    b.client.goto(&app.url("/track")).await.unwrap();
    b.fill("#f-code", &code).await;
    b.click("form[action='/track'] button[type=submit]").await;
    assert_eq!(b.text(".tag-state").await, "待受理");
    b.shot("phone-track").await;

    // Staff view of the demo cases.
    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-coordinator-wld").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.client.goto(&app.url("/staff/cases?queue=all")).await.unwrap();
    b.shot("desktop-case-list").await;
    b.click("tbody tr:first-child a").await;
    assert!(!b.text("#case-state").await.is_empty());
    b.shot("desktop-case-page").await;
    b.size(PHONE).await;
    b.shot("phone-case-page").await;
    b.close().await;
}

#[tokio::test]
async fn a_resident_signs_up_and_finds_the_application_on_me() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.click("a[href='/register']").await;
    b.fill("#f-phone", "13966667777").await;
    b.fill("#f-name", "王阿姨").await;
    b.fill("#f-password", "short").await;
    b.click("form[action='/register'] button[type=submit]").await;
    assert_eq!(b.text("#e-password").await, "密码至少 10 个字符。");
    assert_eq!(b.text("#e-consent").await, "请阅读个人信息告知并勾选同意。");
    b.shot("phone-register-errors").await;
    b.fill("#f-password", "yuanba is where we talk").await;
    b.fill("#f-password_confirm", "yuanba is where we talk").await;
    b.find("#f-consent").await.click().await.unwrap();
    b.click("form[action='/register'] button[type=submit]").await;
    // The same answer whether or not the number was free: log in next.
    assert_eq!(b.path().await, "/login");
    b.fill("#f-username", "13966667777").await;
    b.fill("#f-password", "yuanba is where we talk").await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.path().await, "/me");

    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    b.fill("#f-applicant_name", "王淑芬").await;
    b.fill("#f-applicant_phone", "13966667777").await;
    b.fill("#f-respondent_name_1", "刘强").await;
    b.find("#f-dispute_type option[value=neighbour]")
        .await
        .click()
        .await
        .unwrap();
    b.fill("#f-summary", "隔壁装修噪音从早到晚，协商无果。").await;
    b.fill("#f-requests", "限定装修时间").await;
    b.find("#f-street_id option:nth-child(4)").await.click().await.unwrap();
    b.find("#f-ack_rights").await.click().await.unwrap();
    b.find("#f-consent_privacy").await.click().await.unwrap();
    b.click("form[action='/mediation/apply'] button.button-primary").await;
    b.client.goto(&app.url("/me")).await.unwrap();
    assert_eq!(b.text(".my-case .tag-state").await, "待受理");
    b.shot("phone-me-cases").await;
    b.close().await;
}
