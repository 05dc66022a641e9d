//! The portal and the household-code slip (issue 14 items 7 and 8): a
//! resident on a phone chooses their compound on `/`, sees its open
//! consultation first and opens it; staff print the building's slips on A4.
//! Screenshots: `/` at phone and desktop width, zh and en, elderly mode,
//! and the slip sheet; the sheet is also printed to target/screenshots/.

use crate::common::*;
use crate::*;
use yuanba::db::audit::AuditActor;
use yuanba::db::places;
use yuanba::domain::place::PlaceKind;
use yuanba::renovation::Scope;
use yuanba::renovation::projects::{ProjectForm, create};

/// Another compound of 观音桥街道 with a consultation closing sooner than
/// the demo's, so "mine first" is not the order anyway.
fn other_consultation(app: &TestApp) {
    let mut conn = app.conn();
    let street = places::find_street_by_name(&mut conn, "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let community = places::ensure(&mut conn, Some(&street), PlaceKind::Community, "建新社区", None, 0).unwrap();
    let grid = places::ensure(&mut conn, Some(&community), PlaceKind::Grid, "建新一网格", None, 0).unwrap();
    let compound = places::ensure(&mut conn, Some(&grid), PlaceKind::Compound, "建新小区", None, 0).unwrap();
    let today = yuanba::dates::china_day(yuanba::db::now_ts());
    let mut form = ProjectForm {
        compound_id: compound,
        title: "建新小区飞线整治".to_owned(),
        description: "楼道飞线、充电桩".to_owned(),
        ..ProjectForm::default()
    };
    form.schedule.closes_on = yuanba::dates::day_text(today + 2);
    create(&mut conn, &Scope::All, &form, &AuditActor::system())
        .unwrap()
        .expect("a valid project");
}

fn taping(app: &TestApp) -> (String, String) {
    let mut conn = app.conn();
    let street = places::find_street_by_name(&mut conn, "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let community = places::find_child(&mut conn, Some(&street), "塔坪社区")
        .unwrap()
        .unwrap()
        .id;
    let grid = places::find_child(&mut conn, Some(&community), "塔坪一网格")
        .unwrap()
        .unwrap()
        .id;
    let compound = places::find_child(&mut conn, Some(&grid), "塔坪小区")
        .unwrap()
        .unwrap()
        .id;
    let building = places::find_child(&mut conn, Some(&compound), "1栋")
        .unwrap()
        .unwrap()
        .id;
    (compound, building)
}

#[tokio::test]
async fn a_resident_finds_their_compounds_consultation_first_and_staff_print_the_slips() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    other_consultation(&app);
    let (compound, building) = taping(&app);
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/")).await.unwrap();
    assert_eq!(
        b.text("#consultations li:first-child .consultation-compound").await,
        "建新小区"
    );
    b.find(&format!("#f-my-compound option[value='{compound}']"))
        .await
        .click()
        .await
        .unwrap();
    b.click("form[action='/prefs/compound'] button[type=submit]").await;
    assert_eq!(
        b.text("#consultations li:first-child .consultation-compound").await,
        "塔坪小区"
    );
    assert_eq!(b.text("#consultations li:first-child .tag-mine").await, "本小区");
    assert!(!b.text("#footer-community .footer-phone").await.is_empty());
    b.shot("portal-phone-zh").await;
    // The footer with the centre's and the community's contacts.
    b.client
        .execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
        .await
        .unwrap();
    b.shot("portal-phone-zh-footer").await;
    b.click("form[action='/prefs/elder'] button").await;
    b.shot("portal-phone-zh-elder").await;
    b.size(DESKTOP).await;
    b.shot("portal-desktop-zh-elder").await;
    b.click("form[action='/prefs/elder'] button").await;
    b.click("form[action='/prefs/lang'] button").await;
    assert_eq!(b.text("#consultations li:first-child .tag-mine").await, "Your compound");
    b.shot("portal-desktop-en").await;
    b.size(PHONE).await;
    b.shot("portal-phone-en").await;
    b.click("#consultations li:first-child .consultation-link").await;
    assert!(b.path().await.starts_with("/projects/"));
    b.shot("portal-phone-en-project").await;
    b.click("form[action='/prefs/lang'] button").await;

    // Staff print the building's slips.
    b.size(DESKTOP).await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-coordinator").await;
    b.fill("#f-password", "yuanba-demo-2026").await;
    b.click("form[action='/login'] button[type=submit]").await;
    let codes = format!("/staff/places/{building}/codes");
    let issue = format!("form[action='{codes}'] button.button-primary");
    b.client.goto(&app.url(&codes)).await.unwrap();
    // Elderly mode first (the sheet is a POST's answer: a switch would
    // leave it), then the plain sheet, which is printed.
    b.click("form[action='/prefs/elder'] button").await;
    b.find("#f-replace_all").await.click().await.unwrap();
    b.click(&issue).await;
    b.shot("slips-desktop-zh-elder").await;
    b.size(PHONE).await;
    b.shot("slips-phone-zh-elder").await;
    b.client.goto(&app.url(&codes)).await.unwrap();
    b.click("form[action='/prefs/elder'] button").await;
    b.find("#f-replace_all").await.click().await.unwrap();
    b.click(&issue).await;
    assert_eq!(
        b.text(".code-slip:first-child .slip-title").await,
        "塔坪小区“微整形”改造"
    );
    assert!(
        b.find(".code-slip:first-child .slip-qr svg")
            .await
            .is_displayed()
            .await
            .unwrap()
    );
    b.shot("slips-phone-zh").await;
    b.size(DESKTOP).await;
    b.shot("slips-desktop-zh").await;
    let pdf = b
        .client
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .size(fantoccini::wd::PrintSize::A4)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::write(dir.join("slips-a4.pdf"), pdf).unwrap();
    b.close().await;
}
