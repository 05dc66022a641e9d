//! The portal `/` (issue 14 item 8): open consultations with days left and
//! the tally's headline, the chosen compound's first; the footer's
//! configured contacts and operator, and the community's once the place is
//! known; everything escaped.

use crate::helpers::mailbox::compound_named;
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::domain::role::Role;

async fn coordinator(app: &TestApp) -> Client {
    app.create_user("portal-coord", Role::Coordinator, None, Some("观音桥街道"));
    let client = new_client();
    let res = login(&client, &app.address, "portal-coord", USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// A project on the whole compound, closing in `days` (China days).
async fn project(app: &TestApp, coord: &Client, compound: &str, title: &str, closes_in: i64) -> String {
    let today = yuanba::dates::china_day(yuanba::db::now_ts());
    let closes = yuanba::dates::day_text(today + closes_in);
    let fields = [
        ("compound_id", compound),
        ("population_id", ""),
        ("title", title),
        ("description", "雨棚、飞线整治"),
        ("closes_on", closes.as_str()),
    ];
    let res = post_form(coord, &app.address, "/staff/projects/new", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    location(&res).trim_start_matches("/staff/projects/").to_owned()
}

fn hrefs(html: &Html) -> Vec<String> {
    let sel = scraper::Selector::parse("#consultations .consultation-link").unwrap();
    html.select(&sel)
        .map(|a| a.value().attr("href").unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn open_consultations_are_on_the_portal_with_the_chosen_compound_first() {
    let app = spawn_app().await;
    let coord = coordinator(&app).await;
    let taping = compound_named(&app, "观音桥街道", "塔坪小区");
    let jianxin = compound_named(&app, "观音桥街道", "建新小区");
    let mine = project(&app, &coord, &taping, "塔坪<b>雨棚</b>", 9).await;
    let other = project(&app, &coord, &jianxin, "建新飞线整治", 3).await;
    let resident = new_client();
    let (status, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    // Soonest to close first while no compound is chosen.
    assert_eq!(
        hrefs(&home),
        [format!("/projects/{other}"), format!("/projects/{mine}")]
    );
    let titles = select_text(&home, ".consultation-title");
    assert_eq!(titles[1], "塔坪<b>雨棚</b>", "the title is text, not markup");
    assert_eq!(
        select_text(&home, ".consultation-countdown"),
        ["还剩 3 天", "还剩 9 天"]
    );
    assert_eq!(
        select_text(&home, ".consultation-headline")[0],
        "改造项目清单正在准备中"
    );
    assert!(select_text(&home, ".tag-mine").is_empty());
    assert_eq!(first_attr(&home, "#all-projects", "href"), "/projects");
    // The resident chooses 塔坪小区: its consultation comes first, marked.
    let res = post_form(&resident, &app.address, "/prefs/compound", &[("compound", &taping)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(
        hrefs(&home),
        [format!("/projects/{mine}"), format!("/projects/{other}")]
    );
    assert_eq!(select_text(&home, ".tag-mine").len(), 1);
    assert_eq!(first_attr(&home, "#f-my-compound option[selected]", "value"), taping);
    // An unknown place is not remembered.
    post_form(&resident, &app.address, "/prefs/compound", &[("compound", "<script>")]).await;
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(hrefs(&home)[0], format!("/projects/{other}"));
    // A project whose window has closed is not listed.
    let yesterday = yuanba::dates::china_day(yuanba::db::now_ts()) - 1;
    app.run_sql(&format!(
        "UPDATE projects SET opinions_open_day = NULL, opinions_close_day = {yesterday} WHERE id = '{other}'"
    ))
    .unwrap();
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(hrefs(&home), [format!("/projects/{mine}")]);
}

#[tokio::test]
async fn the_headline_counts_owners_that_answered() {
    let app = spawn_app().await;
    let coord = coordinator(&app).await;
    let taping = compound_named(&app, "观音桥街道", "塔坪小区");
    let csv = "building,entrance,unit,area_m2,owners\n1栋,1单元,101,80,张三\n1栋,1单元,102,80,李四\n";
    let res = post_form(
        &coord,
        &app.address,
        &format!("/staff/places/{taping}/import"),
        &[("csv", csv)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = project(&app, &coord, &taping, "塔坪雨棚", 5).await;
    let item = [
        ("menu_item_id", "menu-canopy"),
        ("rule", "ordinary"),
        ("reason", "共有部分"),
    ];
    let res = post_form(&coord, &app.address, &format!("/staff/projects/{id}/items"), &item).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, home) = get_html(&new_client(), &app.url("/")).await;
    assert_eq!(
        select_text(&home, ".consultation-headline"),
        ["已有 0 位业主表态，共 2 位"]
    );
}

#[tokio::test]
async fn the_footer_shows_the_configured_contacts_and_the_communitys_once_known() {
    let app = spawn_app_with(|c| {
        c.contacts.operator = "江北区<i>中心</i>".to_owned();
        c.contacts.centre_phone = "023-1234 5678".to_owned();
        c.contacts.centre_address = "建新北路 1 号".to_owned();
        c.contacts.centre_hours = "周一至周五 9:00–17:00".to_owned();
    })
    .await;
    let taping = compound_named(&app, "观音桥街道", "塔坪小区");
    let community = yuanba::db::places::lineage(&mut app.conn(), &taping).unwrap()[2]
        .id
        .clone();
    yuanba::db::place_contacts::set(
        &mut app.conn(),
        &community,
        "023-8888 0000",
        "塔坪社区居委会 <办公室>",
        "每天 8:30–18:00",
    )
    .unwrap();
    let resident = new_client();
    let (_, page) = get_html(&resident, &app.url("/letters/new")).await;
    assert_eq!(select_text(&page, "#footer-operator .operator"), ["江北区<i>中心</i>"]);
    assert_eq!(select_text(&page, "#footer-centre .footer-phone"), ["023-1234 5678"]);
    assert_eq!(select_text(&page, "#footer-centre .contact-address"), ["建新北路 1 号"]);
    assert_eq!(
        select_text(&page, "#footer-centre .contact-hours"),
        ["周一至周五 9:00–17:00"]
    );
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert!(
        select_text(&home, "#footer-community").is_empty(),
        "no place chosen yet"
    );
    post_form(&resident, &app.address, "/prefs/compound", &[("compound", &taping)]).await;
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(select_text(&home, "#footer-community .footer-phone"), ["023-8888 0000"]);
    assert_eq!(
        select_text(&home, "#footer-community .contact-address"),
        ["塔坪社区居委会 <办公室>"]
    );
    assert_eq!(
        select_text(&home, "#footer-community .contact-hours"),
        ["每天 8:30–18:00"]
    );
}
