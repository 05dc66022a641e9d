//! Issue 16 journey: a resident applies online; the centre refers the
//! dispute to the 物业 committee; the committee's own user accepts it and
//! reports an agreement; the resident sees the outcome on /track.

use crate::common::*;
use crate::*;
use yuanba::db::resolution_orgs::{self, ResolutionOrg};
use yuanba::domain::resolution::{ChannelType, Sector};

const GYQ: &str = "观音桥街道";

async fn choose(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

#[tokio::test]
async fn a_dispute_goes_to_the_property_committee_and_its_outcome_reaches_the_resident() {
    let app = spawn_app().await;
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), GYQ)
        .unwrap()
        .unwrap()
        .id;
    let org = ResolutionOrg {
        id: yuanba::db::new_id(),
        name: "江北区物业纠纷人民调解委员会".into(),
        channel: ChannelType::SectorCommittee,
        sector: Some(Sector::Property),
        place_id: street.clone(),
        contact_phone: "023-67100201".into(),
        address: "建新北路社区服务中心一楼".into(),
        hours: "周一至周六 9:00–17:30".into(),
        dispute_types: String::new(),
        active: true,
        created_at: 0,
        updated_at: 0,
    };
    resolution_orgs::insert(&mut app.conn(), &org).unwrap();
    app.create_user("gyq-centre", Role::Coordinator, None, Some(GYQ));
    app.create_org_user("wuye-liu", &org.id);

    // The resident applies online on a phone.
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    b.fill("#f-applicant_name", "张秀英").await;
    b.fill("#f-applicant_phone", "13812345678").await;
    b.fill("#f-respondent_name_1", "某物业服务公司").await;
    choose(&b, "#f-dispute_type option[value=property_management]").await;
    b.fill("#f-summary", "物业公司长期不修电梯，却照收电梯维护费。").await;
    b.fill("#f-requests", "修复电梯，退还维护费").await;
    choose(&b, &format!("#f-street_id option[value='{street}']")).await;
    choose(&b, "#f-ack_rights").await;
    choose(&b, "#f-consent_privacy").await;
    b.click("form[action='/mediation/apply'] button.button-primary").await;
    let code = b.text(".receipt code").await;
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .unwrap();

    // The street's centre refers it to the 物业 committee.
    b.size(DESKTOP).await;
    b.log_in(&app, "gyq-centre", USER_PASSWORD).await;
    b.client
        .goto(&app.url(&format!("/centre/cases/{}/refer", case.id)))
        .await
        .unwrap();
    b.shot("desktop-centre-triage").await;
    choose(&b, &format!("#f-org_id option[value='{}']", org.id)).await;
    b.fill("#f-reason", "物业服务纠纷，转物业专业调委会").await;
    b.click("#refer-form button[type=submit]").await;
    assert!(b.path().await.starts_with("/centre/referrals/"));
    b.client.goto(&app.url("/centre")).await.unwrap();
    assert_eq!(b.text("#by-channel tr[data-channel=sector_committee] td").await, "1");
    b.shot("desktop-centre-board").await;
    b.size(PHONE).await;
    b.shot("phone-centre-board").await;
    b.click("form[action='/logout'] button").await;

    // The committee's own user accepts and reports an agreement.
    b.log_in(&app, "wuye-liu", USER_PASSWORD).await;
    assert_eq!(b.path().await, "/org");
    b.shot("phone-org-referrals").await;
    b.click("#referrals a").await;
    b.shot("phone-org-referral").await;
    b.click("#step-accept button[type=submit]").await;
    // Accepted: the parties are there, masked until asked for.
    assert!(b.text("#parties .phone").await.contains('*'));
    b.shot("phone-org-referral-parties").await;
    b.click("#reveal-contact button[type=submit]").await;
    assert_eq!(b.text("#parties .phone").await, "13812345678");
    choose(&b, "#f-outcome option[value=agreement]").await;
    b.fill("#outcome-note", "双方已签订调解协议").await;
    b.click("#step-outcome button[type=submit]").await;
    assert_eq!(b.text("#referral-facts .outcome").await, "达成协议");
    b.size(DESKTOP).await;
    b.shot("desktop-org-referral-outcome").await;
    b.click("form[action='/logout'] button").await;

    // The resident sees where it went and how it ended.
    b.size(PHONE).await;
    b.client.goto(&app.url("/track")).await.unwrap();
    b.fill("#f-code", &code).await;
    b.click("form[action='/track'] button[type=submit]").await;
    assert_eq!(b.text(".referral-org").await, "江北区物业纠纷人民调解委员会");
    assert!(b.text(".referral-outcome").await.contains("达成协议"));
    b.shot("phone-track-referral-outcome").await;

    // The admin's triage rules: a refused row keeps what was typed.
    b.size(DESKTOP).await;
    b.log_in(&app, "admin", ADMIN_PASSWORD).await;
    b.client.goto(&app.url("/admin/triage")).await.unwrap();
    b.shot("desktop-admin-triage").await;
    b.fill("#f-position", "0").await;
    b.fill("#f-max_amount", "两万").await;
    b.click("#rule-form button[type=submit]").await;
    assert!(!b.text("#e-position").await.is_empty());
    b.size(PHONE).await;
    b.shot("phone-admin-triage-errors").await;
    b.client.goto(&app.url("/admin/stats")).await.unwrap();
    assert_eq!(
        b.text("#stats-centre tr[data-channel=sector_committee] .outcomes")
            .await,
        "1"
    );
    b.close().await;
}
