//! Admins edit a street's or community's public contact on its place page
//! (issue 14 item 1): the phone is checked and normalised like every other,
//! errors sit next to their fields with what was typed kept, a stale form is
//! a conflict that overwrites nothing, every save leaves an audit sentence,
//! and the portal footer shows the result.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mailbox::compound_named;
use crate::helpers::*;

const GYQ: &str = "观音桥街道";

fn fields<'a>(phone: &'a str, address: &'a str, hours: &'a str, version: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("phone", phone),
        ("address", address),
        ("hours", hours),
        ("version", version),
    ]
}

async fn page_of(res: reqwest::Response, status: StatusCode) -> Html {
    assert_eq!(res.status(), status);
    Html::parse_document(&res.text().await.unwrap())
}

/// 塔坪小区 and its community (塔坪社区).
fn places(app: &TestApp) -> (String, String) {
    let compound = compound_named(app, GYQ, "塔坪小区");
    let lineage = yuanba::db::places::lineage(&mut app.conn(), &compound).unwrap();
    (compound, lineage[2].id.clone())
}

#[tokio::test]
async fn an_admin_sets_a_communitys_contact_and_residents_see_it() {
    let app = spawn_app().await;
    let (compound, community) = places(&app);
    app.login_admin().await;
    let path = format!("/admin/places/{community}");
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, "#contact-none").len(), 1);
    assert_eq!(first_attr(&page, "#contact input[name=version]", "value"), "");

    // Bad input: every error next to its field, what was typed kept, nothing stored.
    let res = app
        .post_form(
            &format!("{path}/contact"),
            &fields("6778123", "", "周一至周五 <9:00>", ""),
        )
        .await;
    let page = page_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        select_text(&page, "#contact-e-phone"),
        ["固定电话请加上区号，例如 023-67781234。"]
    );
    assert!(!select_text(&page, "#contact-e-address").join("").is_empty());
    assert!(select_text(&page, "#contact-e-hours").is_empty());
    assert_eq!(first_attr(&page, "#contact-phone", "value"), "6778123");
    assert_eq!(first_attr(&page, "#contact-hours", "value"), "周一至周五 <9:00>");
    assert_eq!(app.audit_count("place.contact"), 0);
    assert!(
        yuanba::db::place_contacts::find(&mut app.conn(), &community)
            .unwrap()
            .is_none()
    );

    // A good one: normalised, saved, confirmed where the form is.
    let res = app
        .post_form(
            &format!("{path}/contact"),
            &fields("023 6778 1234", " 塔坪社区居委会 ", "周一至周五 9:00–17:00", ""),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}?saved=contact#contact"));
    let (_, page) = app.get_html(&location(&res)).await;
    assert_eq!(select_text(&page, "#contact-saved").len(), 1);
    assert_eq!(first_attr(&page, "#contact-phone", "value"), "023-67781234");
    assert_eq!(first_attr(&page, "#contact input[name=version]", "value"), "0");
    assert_eq!(app.audit_count("place.contact"), 1);

    // The resident who chose 塔坪小区 sees it in the footer.
    let resident = new_client();
    post_form(&resident, &app.address, "/prefs/compound", &[("compound", &compound)]).await;
    let (_, home) = get_html(&resident, &app.url("/")).await;
    assert_eq!(select_text(&home, "#footer-community .footer-phone"), ["023-67781234"]);
    assert_eq!(
        select_text(&home, "#footer-community .contact-address"),
        ["塔坪社区居委会"]
    );

    // The audit log says it in words, naming the community, without codes.
    let (_, audit) = app.get_html("/admin/audit").await;
    let line = select_text(&audit, ".audit-line")
        .into_iter()
        .find(|l| l.contains("修改了对外联系方式"))
        .expect("the contact change is in the log");
    assert!(line.contains("塔坪社区"), "{line}");
    assert!(
        line.contains("023-67781234 · 塔坪社区居委会 · 周一至周五 9:00–17:00"),
        "{line}"
    );
    assert!(!line.contains("place.contact"), "{line}");
}

#[tokio::test]
async fn a_stale_contact_form_is_a_conflict_and_overwrites_nothing() {
    let app = spawn_app().await;
    let (_, community) = places(&app);
    app.login_admin().await;
    let path = format!("/admin/places/{community}/contact");
    let first = fields("13812345678", "居委会一楼", "每天 8:30–18:00", "");
    assert_eq!(app.post_form(&path, &first).await.status(), StatusCode::SEE_OTHER);
    // A second admin's form, built before the first contact existed.
    let res = app.post_form(&path, &fields("13900000000", "别处", "晚上", "")).await;
    let page = page_of(res, StatusCode::CONFLICT).await;
    assert_eq!(select_text(&page, "#contact-conflict").len(), 1);
    // It shows what is stored now, with the version to save over.
    assert_eq!(first_attr(&page, "#contact-phone", "value"), "13812345678");
    assert_eq!(first_attr(&page, "#contact input[name=version]", "value"), "0");
    // Saving from version 0 works once; a second save from 0 is stale.
    let second = fields("13812345678", "居委会二楼", "每天 8:30–18:00", "0");
    assert_eq!(app.post_form(&path, &second).await.status(), StatusCode::SEE_OTHER);
    let res = app.post_form(&path, &fields("13900000000", "别处", "晚上", "0")).await;
    let page = page_of(res, StatusCode::CONFLICT).await;
    assert_eq!(first_attr(&page, "#contact-address", "value"), "居委会二楼");
    // A garbled version never matches.
    let res = app.post_form(&path, &fields("13900000000", "别处", "晚上", "x")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let stored = yuanba::db::place_contacts::find(&mut app.conn(), &community)
        .unwrap()
        .unwrap();
    assert_eq!((stored.address.as_str(), stored.version), ("居委会二楼", 1));
    assert_eq!(app.audit_count("place.contact"), 2);
}

#[tokio::test]
async fn concurrent_first_contacts_store_exactly_one() {
    let app = spawn_app().await;
    let (_, community) = places(&app);
    app.login_admin().await;
    let path = format!("/admin/places/{community}/contact");
    let tries = (0..6).map(|i| {
        let phone = format!("1381234567{i}");
        let path = path.clone();
        let app = &app;
        async move {
            app.post_form(&path, &fields(&phone, "居委会", "每天", ""))
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(won, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT)
    );
    assert_eq!(app.audit_count("place.contact"), 1);
}

#[tokio::test]
async fn only_streets_and_communities_have_a_contact_and_only_admins_set_it() {
    let app = spawn_app().await;
    let (compound, community) = places(&app);
    app.login_admin().await;
    let (_, page) = app.get_html(&format!("/admin/places/{compound}")).await;
    assert!(
        select_text(&page, "#contact").is_empty(),
        "a compound shows its community's"
    );
    let res = app
        .post_form(
            &format!("/admin/places/{compound}/contact"),
            &fields("13812345678", "x", "y", ""),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A coordinator may not.
    app.create_user("pc-coord", yuanba::domain::role::Role::Coordinator, None, Some(GYQ));
    let coord = new_client();
    login(&coord, &app.address, "pc-coord", USER_PASSWORD).await;
    let res = post_form(
        &coord,
        &app.address,
        &format!("/admin/places/{community}/contact"),
        &fields("13812345678", "x", "y", ""),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("place.contact"), 0);
}
