//! Key journeys in a real headless Chromium (Debian's chromium and
//! chromium-driver). Screenshots land in target/screenshots/ for review.

// The same harness as the API tests, compiled into this binary too; the
// journeys use only part of it, hence the allowance for unused helpers here.
#[path = "api/helpers/harness.rs"]
#[allow(dead_code)]
mod common;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use yuanba::domain::role::Role;

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);

struct Browser {
    client: Client,
    driver: tokio::process::Child,
}

impl Browser {
    async fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = tokio::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver must be installed (Debian package chromium-driver)");
        let mut caps = serde_json::Map::new();
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=zh-CN",
        ];
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..50 {
            if let Ok(client) = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                return Browser { client, driver };
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not start a Chromium session through chromedriver");
    }

    async fn size(&self, (w, h): (u32, u32)) {
        self.client.set_window_size(w, h).await.unwrap();
    }

    async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let wait = self.client.wait().at_most(Duration::from_secs(10));
        wait.for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css} not on page"))
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Clicks something that loads a new page and waits until it has: the
    /// old document's root goes stale once the browser has navigated.
    async fn click(&self, css: &str) {
        let old_root = self.find("html").await;
        self.find(css).await.click().await.unwrap();
        for _ in 0..100 {
            if old_root.tag_name().await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a page");
    }

    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    async fn close(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
    }
}

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
async fn case_documents_print_to_a4_pdf() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let archived = yuanba::db::cases::list(
        &mut app.conn(),
        &yuanba::db::cases::CaseScope::All,
        &Default::default(),
        100,
    )
    .unwrap()
    .into_iter()
    .find(|c| c.state.code() == "ARCHIVED")
    .unwrap();
    let b = Browser::start().await;
    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-coordinator-wld").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    for doc in ["registration", "agreement", "report"] {
        // Printing is a POST (audited): the case page's button.
        b.client
            .goto(&app.url(&format!("/staff/cases/{}", archived.id)))
            .await
            .unwrap();
        b.click(&format!("form[action$='/print/{doc}'] button")).await;
        assert!(b.text("h1").await.contains("人民调解"), "{doc}");
        assert!(!b.text(".seal").await.is_empty(), "{doc} has a seal block");
        let config = fantoccini::wd::PrintConfiguration::builder().build().unwrap();
        let pdf = b.client.print(config).await.unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{doc} renders to PDF");
        std::fs::write(dir.join(format!("print-{doc}.pdf")), pdf).unwrap();
    }
    b.close().await;
    assert_eq!(app.audit_count("case.print"), 3);
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

#[tokio::test]
async fn the_committee_head_sees_waiting_reviews_and_the_admin_sets_heads() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-laoma").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    let badge = b.text(".main-nav .nav-badge").await;
    assert!(badge.chars().next().is_some_and(|c| c.is_ascii_digit()), "{badge}");
    b.client.goto(&app.url("/staff/cases?queue=review")).await.unwrap();
    b.shot("desktop-review-queue").await;
    b.size(PHONE).await;
    b.shot("phone-review-queue").await;
    b.click(".nav-end button").await;

    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-admin").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.client.goto(&app.url("/admin/committees")).await.unwrap();
    assert_eq!(b.text("h1").await, "人民调解委员会");
    b.shot("desktop-admin-committees").await;
    b.close().await;
}

/// Issue 12: a 老马 returns their 小马's draft agreement with a comment;
/// the 小马 finds the comment in their training record on a phone.
#[tokio::test]
async fn the_mentor_returns_a_draft_and_the_trainee_reads_the_comment() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let xiaoma = yuanba::db::users::find_by_username(&mut app.conn(), "demo-xiaoma")
        .unwrap()
        .unwrap();
    let case_id = yuanba::db::cases::list(
        &mut app.conn(),
        &yuanba::db::cases::CaseScope::All,
        &yuanba::db::cases::CaseFilter {
            states: vec![yuanba::domain::mediation_workflow::CaseState::AgreementReview],
            ..Default::default()
        },
        50,
    )
    .unwrap()
    .into_iter()
    .find(|c| c.lead_mediator_id.as_deref() == Some(xiaoma.id.as_str()))
    .expect("the demo has a 小马's draft under review")
    .id;
    let b = Browser::start().await;
    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-laoma").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.client
        .goto(&app.url(&format!("/staff/cases/{case_id}")))
        .await
        .unwrap();
    b.find("details:has(form.step[data-to=MEDIATING]) > summary")
        .await
        .click()
        .await
        .unwrap();
    let comment = "第二条履行期限写得不具体，请和双方确认具体日期后再提交。";
    b.fill("#step-MEDIATING-return_reason", comment).await;
    b.shot("desktop-mentor-returns-draft").await;
    b.click("form.step[data-to=MEDIATING] button[type=submit]").await;
    assert_eq!(b.text("#case-state").await, "调解中");
    b.click(".nav-end button").await;

    b.size(PHONE).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-xiaoma").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    // The dashboard shows the newest feedback first; the record keeps it all.
    b.client.goto(&app.url("/mentoring")).await.unwrap();
    assert_eq!(b.text("#my-feedback .feedback-comment").await, comment);
    b.shot("phone-trainee-dashboard").await;
    b.client
        .goto(&app.url(&format!("/mentoring/mediators/{}", xiaoma.id)))
        .await
        .unwrap();
    assert_eq!(b.text("#feedback .feedback-comment").await, comment);
    b.client
        .execute("document.getElementById('feedback').scrollIntoView()", vec![])
        .await
        .unwrap();
    b.shot("phone-trainee-feedback").await;
    b.close().await;
}

/// Issue 14 items 12–13: the 老马 opens a 小马's draft under review, sees in
/// one list what only the lead can record, approves anyway and lands at the
/// refused form (its fragment) with the list and a summary at the top.
#[tokio::test]
async fn the_reviewer_sees_what_is_missing_and_a_refused_approve_opens_at_its_form() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let xiaoma = yuanba::db::users::find_by_username(&mut app.conn(), "demo-xiaoma")
        .unwrap()
        .unwrap();
    let case_id = yuanba::db::cases::list(
        &mut app.conn(),
        &yuanba::db::cases::CaseScope::All,
        &yuanba::db::cases::CaseFilter {
            states: vec![yuanba::domain::mediation_workflow::CaseState::AgreementReview],
            ..Default::default()
        },
        50,
    )
    .unwrap()
    .into_iter()
    .find(|c| c.lead_mediator_id.as_deref() == Some(xiaoma.id.as_str()))
    .expect("the demo has a 小马's draft under review")
    .id;
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-laoma").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    // The workbench lists the review queue with the case waiting longest.
    assert!(!b.text(".queue-card[data-queue=review] .queue-link").await.is_empty());
    b.client
        .goto(&app.url(&format!("/staff/cases/{case_id}")))
        .await
        .unwrap();
    let missing = b.find("#next .missing-list").await.text().await.unwrap();
    assert!(missing.contains("主办调解员"), "{missing}");
    b.shot("phone-review-missing").await;
    b.find("#step-AGREEMENT_EFFECTIVE > summary")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(
        b.text("#step-AGREEMENT_EFFECTIVE button[type=submit]").await,
        "批准协议"
    );
    b.click("form.step[data-to=AGREEMENT_EFFECTIVE] button[type=submit]")
        .await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("step-AGREEMENT_EFFECTIVE"));
    assert!(!b.text("#step-AGREEMENT_EFFECTIVE .step-error").await.is_empty());
    assert!(!b.text(".step-summary").await.is_empty());
    // The page opened at the form, not at the top.
    let scrolled = b.client.execute("return window.scrollY", vec![]).await.unwrap();
    assert!(scrolled.as_f64().unwrap_or(0.0) > 0.0, "{scrolled:?}");
    b.shot("phone-review-refused").await;
    b.close().await;
}
