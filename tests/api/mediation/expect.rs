//! What a mediation applicant is told after sending (issue 14 item 3): the
//! receipt and `/track` give the day by which the committee decides on
//! acceptance and echo the dispute type, place and number of respondents;
//! `/track` adds the summary's first words; "我的" opens each application.

use super::*;
use yuanba::domain::mediation_intake::ACCEPT_WORKING_DAYS;
use yuanba::domain::resolution::deadline::nth_working_day_after;

const SUMMARY: &str =
    "楼上卫生间漏水三个月，我家厨房和客厅的天花板发霉脱落，多次上门沟通，对方一直不肯维修，物业也协调不了。";

/// Applies with `client` about 塔坪小区 with two respondents; returns the
/// receipt page.
async fn apply(app: &TestApp, client: &reqwest::Client) -> Html {
    let compound = crate::helpers::mailbox::compound_named(app, "观音桥街道", "塔坪小区");
    let lineage = yuanba::db::places::lineage(&mut app.conn(), &compound).unwrap();
    let (grid, community, street) = (&lineage[1].id, &lineage[2].id, &lineage[3].id);
    let (_, form) = get_html(client, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("respondent_name_2", "李物业"),
        ("respondent_phone_2", "13987654322"),
        ("dispute_type", "neighbour"),
        ("summary", SUMMARY),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("community_id", community.as_str()),
        ("grid_id", grid.as_str()),
        ("compound_id", compound.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(client, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    Html::parse_document(&res.text().await.unwrap())
}

/// The acceptance deadline as the page prints it (non-breaking hyphens).
fn expected_day(app: &TestApp) -> String {
    let calendar = yuanba::db::holidays::calendar(&mut app.conn()).unwrap();
    let today = yuanba::dates::china_day(yuanba::db::now_ts());
    let last = nth_working_day_after(today, ACCEPT_WORKING_DAYS, &calendar);
    yuanba::dates::day_text(last).replace('-', "‑")
}

#[tokio::test]
async fn the_receipt_and_track_say_when_to_expect_an_answer_and_echo_what_was_sent() {
    let app = spawn_app().await;
    let receipt = apply(&app, &new_client()).await;
    assert!(!select_text(&receipt, ".case-sent .case-type")[0].is_empty());
    assert_eq!(select_text(&receipt, ".case-sent .case-place"), ["塔坪小区"]);
    assert_eq!(select_text(&receipt, ".case-sent .case-respondents"), ["2"]);
    let expect = select_text(&receipt, ".case-expect").pop().expect("an answer-by line");
    assert!(expect.contains(&expected_day(&app)), "{expect}");
    // The status link shows the same, and the summary's first words.
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let (status, page) = get_html(&new_client(), &app.url(&format!("/track/{code}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, ".case-place"), ["塔坪小区"]);
    assert_eq!(select_text(&page, ".case-respondents"), ["2"]);
    let excerpt: String = SUMMARY.chars().take(40).collect();
    assert_eq!(select_text(&page, ".case-excerpt"), [format!("{excerpt}…")]);
    assert!(select_text(&page, ".case-expect")[0].contains(&expected_day(&app)));
    // Once accepted there is no acceptance deadline left to announce.
    let id = yuanba::db::cases::find_by_receipt(&mut app.conn(), &yuanba::receipts::receipt_hash(&code).unwrap())
        .unwrap()
        .unwrap()
        .id;
    app.run_sql(&format!("UPDATE cases SET state = 'ACCEPTED' WHERE id = '{id}'"))
        .unwrap();
    let (_, page) = get_html(&new_client(), &app.url(&format!("/track/{code}"))).await;
    assert!(select_text(&page, ".case-expect").is_empty());
}

#[tokio::test]
async fn a_residents_applications_on_me_open_their_status_page_and_nobody_elses() {
    let app = spawn_app().await;
    let resident = new_client();
    app.create_user("13911110000", Role::Resident, None, None);
    let res = login(&resident, &app.address, "13911110000", USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    apply(&app, &resident).await;
    let (_, me) = get_html(&resident, &app.url("/me")).await;
    let href = attr(&me, ".my-case a", "href");
    assert!(href.starts_with("/me/cases/"), "{href}");
    let (status, page) = get_html(&resident, &app.url(&href)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, ".case-respondents"), ["2"]);
    assert!(!select_text(&page, ".timeline li").is_empty(), "the history");
    let other = new_client();
    app.create_user("13922220000", Role::Resident, None, None);
    login(&other, &app.address, "13922220000", USER_PASSWORD).await;
    let (status, _) = get_html(&other, &app.url(&href)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
