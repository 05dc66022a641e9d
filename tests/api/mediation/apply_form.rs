//! Issue 14, item 10: the application form on phones. One respondent block
//! with "add another" and "remove" buttons that post the form back (no
//! JavaScript) without checking or storing it; optional parts folded in
//! <details> that open when they hold a value or an error; the statutory
//! dispute types offered in groups with plain-words hints.

use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};

use crate::helpers::mediation::*;
use crate::helpers::*;

fn count(html: &Html, css: &str) -> usize {
    html.select(&Selector::parse(css).unwrap()).count()
}

async fn open_form(client: &Client, app: &TestApp) -> String {
    let (_, form) = get_html(client, &app.url("/mediation/apply")).await;
    attr(&form, "input[name=form_token]", "value")
}

async fn post(client: &Client, app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, Html) {
    let res = post_form(client, &app.address, "/mediation/apply", fields).await;
    (res.status(), Html::parse_document(&res.text().await.unwrap()))
}

fn cases(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    yuanba::db::schema::cases::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

#[tokio::test]
async fn adding_a_respondent_keeps_every_value_and_stores_nothing() {
    let app = spawn_app().await;
    let resident = new_client();
    let (_, first) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert_eq!(count(&first, ".respondent-block"), 1, "one respondent block at first");
    assert_eq!(count(&first, "#f-respondent_name_2"), 0);
    assert_eq!(count(&first, "button[name=add_respondent]"), 1);
    let token = attr(&first, "input[name=form_token]", "value");

    let (status, page) = post(
        &resident,
        &app,
        &[
            ("form_token", &token),
            ("respondent_count", "1"),
            ("applicant_name", "张秀英"),
            ("applicant_address", "塔坪社区 3 栋"),
            ("respondent_name_1", "王建国"),
            ("respondent_phone_1", "13987654321"),
            ("summary", "楼上漏水"),
            ("dispute_type", "neighbour"),
            ("add_respondent", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&page, ".respondent-block"), 2);
    assert_eq!(attr(&page, "#f-respondent_name_2", "value"), "");
    assert_eq!(attr(&page, "#f-respondent_name_1", "value"), "王建国");
    assert_eq!(attr(&page, "#f-respondent_phone_1", "value"), "13987654321");
    assert_eq!(attr(&page, "#f-applicant_name", "value"), "张秀英");
    assert_eq!(attr(&page, "#f-applicant_address", "value"), "塔坪社区 3 栋");
    assert_eq!(select_text(&page, "#f-summary"), vec!["楼上漏水"]);
    assert_eq!(attr(&page, "#f-dispute_type option[selected]", "value"), "neighbour");
    assert_eq!(attr(&page, "input[name=form_token]", "value"), token, "same form");
    assert_eq!(count(&page, ".field-error"), 0, "nothing was checked");
    assert_eq!(count(&page, "#more-applicant[open]"), 1, "a group with a value is open");
    assert_eq!(
        attr(&page, "button[name=add_respondent]", "formaction"),
        "/mediation/apply#respondents"
    );
    assert_eq!(cases(&app), 0, "nothing stored");

    // Up to three; the third block's arrival hides "add".
    let (_, page) = post(
        &resident,
        &app,
        &[
            ("form_token", &token),
            ("respondent_count", "2"),
            ("add_respondent", "yes"),
        ],
    )
    .await;
    assert_eq!(count(&page, ".respondent-block"), 3);
    assert_eq!(count(&page, "button[name=add_respondent]"), 0);
    assert_eq!(count(&page, "button[name=remove_respondent]"), 2);

    // Removing the second moves the third up.
    let (_, page) = post(
        &resident,
        &app,
        &[
            ("form_token", &token),
            ("respondent_count", "3"),
            ("respondent_name_1", "甲"),
            ("respondent_name_2", "乙"),
            ("respondent_name_3", "丙"),
            ("remove_respondent", "2"),
        ],
    )
    .await;
    assert_eq!(count(&page, ".respondent-block"), 2);
    assert_eq!(attr(&page, "#f-respondent_name_2", "value"), "丙");
    assert_eq!(cases(&app), 0);
}

#[tokio::test]
async fn two_respondents_sent_are_both_stored() {
    let app = spawn_app().await;
    let resident = new_client();
    let token = open_form(&resident, &app).await;
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let (status, receipt) = post(
        &resident,
        &app,
        &[
            ("form_token", &token),
            ("respondent_count", "2"),
            ("applicant_name", "张秀英"),
            ("applicant_phone", "13812345678"),
            ("respondent_name_1", "王建国"),
            ("respondent_name_2", "李桂兰"),
            ("respondent_phone_2", "13700001111"),
            ("dispute_type", "neighbour"),
            ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
            ("requests", "修复漏水"),
            ("street_id", &street),
            ("ack_rights", "yes"),
            ("consent_privacy", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .expect("case stored");
    let respondents: Vec<String> = yuanba::db::case_parties::for_case(&mut app.conn(), &case.id)
        .unwrap()
        .into_iter()
        .filter(|p| p.party_role.code() == "respondent")
        .map(|p| p.name)
        .collect();
    assert_eq!(respondents, vec!["王建国", "李桂兰"]);
}

#[tokio::test]
async fn the_dispute_types_are_grouped_with_plain_words_hints() {
    let app = spawn_app().await;
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    let groups: Vec<String> = form
        .select(&Selector::parse("#f-dispute_type optgroup").unwrap())
        .filter_map(|g| g.value().attr("label").map(str::to_owned))
        .collect();
    assert_eq!(
        groups,
        vec![
            "家庭与邻里",
            "房屋、土地与物业",
            "钱款、合同与消费",
            "人身伤害、事故与污染",
            "工作",
            "村（居）务",
            "其他"
        ]
    );
    assert_eq!(
        count(&form, "#f-dispute_type optgroup option"),
        19,
        "all 19 statutory types"
    );
    assert_eq!(
        select_text(&form, "#f-dispute_type optgroup:first-of-type option[value=neighbour]"),
        vec!["邻里（噪音、漏水、占用楼道、采光通风、宠物）"]
    );
    assert_eq!(
        count(&form, "#more-applicant[open]"),
        0,
        "empty optional groups are closed"
    );
    assert_eq!(count(&form, "#more-place[open]"), 0);
}

#[tokio::test]
async fn an_error_inside_a_closed_group_opens_it() {
    let app = spawn_app().await;
    let resident = new_client();
    let token = open_form(&resident, &app).await;
    let long = "长".repeat(201);
    let (status, page) = post(
        &resident,
        &app,
        &[
            ("form_token", &token),
            ("place_detail", &long),
            ("applicant_name", "张秀英"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&page, "#more-place[open] #e-place_detail").len(), 1);
    assert_eq!(
        count(&page, "#more-applicant[open]"),
        0,
        "the group without a value stays closed"
    );
    assert_eq!(cases(&app), 0);
}
