use crate::common::*;
use crate::*;

#[tokio::test]
async fn case_documents_print_to_a4_pdf() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let archived = demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::Archived)
        .into_iter()
        .next()
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
    let case_id = demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::AgreementReview)
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
    let case_id = demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::AgreementReview)
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
