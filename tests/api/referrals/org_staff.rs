//! A receiving organisation's own staff account (role org_staff): it sees
//! only its organisation's referrals, answers them itself (no evidence
//! needed: the answer is theirs), and a step on another organisation's
//! referral is not found and changes nothing.

use super::*;
use yuanba::domain::resolution::ChannelType as C;

/// A logged-in staff member of `org_id`.
async fn org_staff(app: &TestApp, name: &str, org_id: &str) -> Client {
    app.create_org_user(name, org_id);
    logged_in(app, name).await
}

/// Posts an organisation's step with the version the database holds now.
async fn org_step(client: &Client, app: &TestApp, id: &str, action: &str, fields: &[(&str, &str)]) -> Response {
    let version = referral(app, id).version.to_string();
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    post_form(client, &app.address, &format!("/org/referrals/{id}/{action}"), &form).await
}

fn events_of(app: &TestApp, id: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) AS n FROM referral_events WHERE referral_id = '{id}'"),
    )
}

#[tokio::test]
async fn an_org_user_sees_and_answers_only_its_own_referrals() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let medical = org(
        &app,
        "江北区医疗纠纷人民调解委员会",
        C::SectorCommittee,
        Some(Sector::Medical),
        "",
    );
    let coordinator = centre(&app, "gyq-centre").await;
    let mine = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    let theirs = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &medical).await;
    let committee = org_staff(&app, "wuye-staff", &property).await;

    // Its list holds its own referral only; the other one is not found.
    let list = page(&committee, &app, "/org").await;
    let ids: Vec<String> = list
        .select(&scraper::Selector::parse(".referral-row").unwrap())
        .map(|e| e.value().attr("data-id").unwrap().to_owned())
        .collect();
    assert_eq!(ids, vec![mine.clone()]);
    let (status, _) = get_html(&committee, &app.url(&format!("/org/referrals/{theirs}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A step on the other organisation's referral: 404, nothing written.
    let audits = app.audit_count("referral.accept");
    let res = org_step(&committee, &app, &theirs, "accept", &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let untouched = referral(&app, &theirs);
    assert_eq!((untouched.state.code(), untouched.version), ("sent", 1));
    assert_eq!(events_of(&app, &theirs), 1, "only the sending");
    assert_eq!(app.audit_count("referral.accept"), audits);

    // The centre's own pages and the mediation workbench are not theirs.
    for path in [
        "/centre/referrals",
        &format!("/centre/referrals/{mine}"),
        "/staff/cases",
    ] {
        let (status, _) = get_html(&committee, &app.url(path)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    // Closing and escalating stay with the centre.
    assert_eq!(
        org_step(&committee, &app, &mine, "close", &[]).await.status(),
        StatusCode::NOT_FOUND
    );

    // Happy path: accept without evidence, report an agreement.
    let detail = page(&committee, &app, &format!("/org/referrals/{mine}")).await;
    assert_eq!(select_text(&detail, "#step-accept h2").len(), 1);
    assert_eq!(
        org_step(&committee, &app, &mine, "accept", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let accepted = referral(&app, &mine);
    assert_eq!(accepted.state.code(), "accepted");
    assert!(accepted.report_by.is_some());
    let res = org_step(&committee, &app, &mine, "outcome", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no outcome chosen");
    let page_html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page_html, "#step-error").len(), 1);
    let fields = [("outcome", "agreement"), ("note", "双方已签订调解协议")];
    assert_eq!(
        org_step(&committee, &app, &mine, "outcome", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(referral(&app, &mine).state.code(), "outcome_reported");
    assert_eq!(app.audit_count("referral.accept"), audits + 1);
    assert_eq!(app.audit_count("referral.report_outcome"), 1);

    // The centre sees who answered and closes.
    let detail = page(&coordinator, &app, &format!("/centre/referrals/{mine}")).await;
    assert_eq!(select_text(&detail, ".referral-event").len(), 3);
    assert_eq!(
        step_on(&coordinator, &app, &mine, "close", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let list = page(&committee, &app, "/org").await;
    assert!(
        select_text(&list, ".referral-row").is_empty(),
        "closed ones leave the list"
    );
}

#[tokio::test]
async fn an_org_user_returns_a_referral_with_its_reason() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let case_id = apply_online(&app, GYQ).await;
    let id = referred(&coordinator, &app, &case_id, &property).await;
    let committee = org_staff(&app, "wuye-staff", &property).await;

    let res = org_step(&committee, &app, &id, "return", &[("reason", "  ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(referral(&app, &id).state.code(), "sent");
    let res = org_step(
        &committee,
        &app,
        &id,
        "return",
        &[("reason", "系邻里漏水纠纷，不属物业服务范围")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let returned = referral(&app, &id);
    assert_eq!(returned.state.code(), "returned");
    assert!(returned.returned_reason.contains("不属物业"));
    // Back in the centre's triage with the reason.
    let triage = page(&coordinator, &app, &format!("/centre/cases/{case_id}/refer")).await;
    assert!(select_text(&triage, ".returned-reason")[0].contains("不属物业服务范围"));
}

#[tokio::test]
async fn an_admin_gives_an_org_account_its_organisation() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let admin = new_client();
    assert_eq!(
        login(&admin, &app.address, "admin", ADMIN_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let form = page(&admin, &app, "/admin/users/new").await;
    assert!(
        select_text(&form, "#f-org_id option")
            .iter()
            .any(|o| o.contains("物业"))
    );

    let base = [
        ("role", "org_staff"),
        ("username", "wuye-liu"),
        ("display_name", "刘敏"),
    ];
    let res = post_form(&admin, &app.address, "/admin/users/new", &base).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an organisation is required"
    );
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-org_id").len(),
        1,
        "the error is beside the field"
    );
    assert!(
        yuanba::db::users::find_by_username(&mut app.conn(), "wuye-liu")
            .unwrap()
            .is_none()
    );

    let mut fields = base.to_vec();
    fields.push(("org_id", property.as_str()));
    let res = post_form(&admin, &app.address, "/admin/users/new", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let user = yuanba::db::users::find_by_username(&mut app.conn(), "wuye-liu")
        .unwrap()
        .unwrap();
    assert_eq!(user.org_id.as_deref(), Some(property.as_str()));
    assert!(app.audit_count("user.create") >= 1);
}

/// The parties reach the organisation only once it accepts, masked; seeing
/// them in full is a POST that the audit log records, and another
/// organisation's user cannot.
#[tokio::test]
async fn an_org_user_sees_the_parties_after_accepting_and_in_full_only_audited() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let medical = org(
        &app,
        "江北区医疗纠纷人民调解委员会",
        C::SectorCommittee,
        Some(Sector::Medical),
        "",
    );
    let coordinator = centre(&app, "gyq-parties").await;
    let id = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    let committee = org_staff(&app, "wuye-parties", &property).await;
    let path = format!("/org/referrals/{id}");

    let before = page(&committee, &app, &path).await;
    assert!(select_text(&before, "#parties").is_empty(), "not before accepting");
    assert_eq!(select_text(&before, "#parties-later").len(), 1);
    let res = post_form(&committee, &app.address, &format!("{path}/contact"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(select_text(&html, "#parties").is_empty(), "nothing to reveal yet");
    assert_eq!(
        app.audit_count("referral.contact_view"),
        0,
        "nothing shown, nothing logged"
    );

    assert_eq!(
        org_step(&committee, &app, &id, "accept", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let masked = page(&committee, &app, &path).await;
    let phones = select_text(&masked, "#parties .phone");
    assert_eq!(phones.len(), 2, "applicant and respondent");
    assert!(phones.iter().all(|p| p.contains('*')), "masked: {phones:?}");
    assert!(!masked.html().contains("13812345678"));

    let res = post_form(&committee, &app.address, &format!("{path}/contact"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let full = Html::parse_document(&res.text().await.unwrap());
    let names = select_text(&full, "#parties .name");
    assert!(names.iter().any(|n| n.trim() == "张秀英"), "{names:?}");
    assert!(
        select_text(&full, "#parties .phone")
            .iter()
            .any(|p| p.trim() == "13812345678")
    );
    assert_eq!(app.audit_count("referral.contact_view"), 1);

    // Another organisation's user: not found, nothing logged.
    let other = org_staff(&app, "yiliao-parties", &medical).await;
    let res = post_form(&other, &app.address, &format!("{path}/contact"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_count("referral.contact_view"), 1);
}
