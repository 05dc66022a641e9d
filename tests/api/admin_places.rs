//! Admin place management (issue 13): the CSV import of the hierarchy (all
//! or nothing, idempotent), rename with conflict detection, moves that
//! refuse wrong kinds and cycles, and retiring a place: gone from the
//! pickers, still named on what was recorded under it.

use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::places;
use yuanba::domain::place::PlaceKind;
use yuanba::domain::role::Role;

use crate::helpers::mailbox::{Upload, attr, compound_id, multipart_body, send_letter, street_id};
use crate::helpers::*;

const GYQ: &str = "观音桥街道";

async fn admin(app: &TestApp) -> Client {
    let client = new_client();
    let res = login(&client, &app.address, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// Uploads `csv` to the import form; returns the status and the page.
async fn import(app: &TestApp, client: &Client, csv: &[u8]) -> (StatusCode, Html) {
    let csrf = csrf_token(client, &app.address).await;
    let file = Upload {
        field: "file",
        filename: "places.csv",
        content_type: "text/csv",
        data: csv.to_vec(),
    };
    let (content_type, body) = multipart_body(&csrf, &[], &[file]);
    let res = client
        .post(app.url("/admin/places/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

fn place_count(app: &TestApp) -> usize {
    places::descendants(&mut app.conn(), &district(app)).unwrap().len()
}

fn district(app: &TestApp) -> String {
    yuanba::db::place_admin::district(&mut app.conn()).unwrap().unwrap().id
}

fn find(app: &TestApp, parent: &str, name: &str) -> places::Place {
    places::find_child(&mut app.conn(), Some(parent), name)
        .unwrap()
        .unwrap()
}

fn add(app: &TestApp, parent: &str, kind: PlaceKind, name: &str) -> String {
    places::ensure(&mut app.conn(), Some(parent), kind, name, None, 0).unwrap()
}

/// Posts one of a place page's forms with the version the page shows.
async fn post_place(
    app: &TestApp,
    client: &Client,
    id: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Html) {
    let (_, page) = get_html(client, &app.url(&format!("/admin/places/{id}"))).await;
    let version = attr(&page, "#rename-form input[name=version]", "value");
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    let res = post_form(client, &app.address, &format!("/admin/places/{id}/{action}"), &all).await;
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

const GOOD: &str = "\u{feff}street,community,grid,compound\n\
观音桥街道,新塔社区,第1网格,新塔小区\n\
观音桥街道,新塔社区,第2网格,\n\
鱼嘴镇,双溪村,第1网格,\n\
新设街道,,,\n";

#[tokio::test]
async fn an_imported_file_shows_in_the_tree_and_importing_it_again_creates_nothing() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let before = place_count(&app);
    let (status, page) = import(&app, &admin, GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    // 新塔社区, two grids, 新塔小区, 双溪村, its grid, 新设街道; 观音桥街道 and
    // 鱼嘴镇 were there already.
    assert_eq!(select_text(&page, "#created"), ["新建 7 个地点"]);
    assert_eq!(select_text(&page, "#present"), ["2 个已存在，未改动"]);
    assert_eq!(place_count(&app), before + 7);
    let town = street_id(&app, "鱼嘴镇");
    assert_eq!(find(&app, &town, "双溪村").kind, PlaceKind::Village);
    let gyq = street_id(&app, GYQ);
    let community = find(&app, &gyq, "新塔社区");
    let (status, html) = get_html(&admin, &app.url(&format!("/admin/places/{gyq}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(select_text(&html, "#children td a").contains(&"新塔社区".to_owned()));
    let (_, html) = get_html(&admin, &app.url(&format!("/admin/places/{}", community.id))).await;
    assert_eq!(
        select_text(&html, "#children .child-count"),
        ["1", "0"],
        "第1网格 holds 新塔小区"
    );
    // The district page lists the new street too, with its count of children.
    let (_, html) = get_html(&admin, &app.url("/admin/places")).await;
    assert!(select_text(&html, "#children td a").contains(&"新设街道".to_owned()));

    let (status, page) = import(&app, &admin, GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, "#created"), ["新建 0 个地点"]);
    assert_eq!(select_text(&page, "#present"), ["9 个已存在，未改动"]);
    assert_eq!(place_count(&app), before + 7);
    assert_eq!(app.audit_count("place.import"), 2);
}

#[tokio::test]
async fn a_bad_file_lists_each_bad_line_and_stores_nothing() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let before = place_count(&app);
    let long = "长".repeat(41);
    let bad = format!(
        "street,street_kind,community,grid\n\
         观音桥街道,,好社区,第1网格\n\
         ,,孤儿社区,\n\
         观音桥街道,,,第9网格\n\
         观音桥街道,县,,\n\
         观音桥街道,,{long},\n\
         观音桥街道,,好社区,第1网格\n"
    );
    let (status, page) = import(&app, &admin, bad.as_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = select_text(&page, "#line-errors li");
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors[0].starts_with("第 3 行") && errors[0].contains("街道/镇不能为空"));
    assert!(errors[1].starts_with("第 4 行") && errors[1].contains("不能跳级"));
    assert!(errors[2].starts_with("第 5 行") && errors[2].contains("类别只能是"));
    assert!(errors[3].starts_with("第 6 行") && errors[3].contains("40 个字"));
    assert!(errors[4].starts_with("第 7 行") && errors[4].contains("完全相同"));
    assert_eq!(place_count(&app), before, "the good line was not stored either");

    // A clash with what is stored (观音桥街道 is a street) is found in the
    // transaction: the new town of the line before is rolled back with it.
    let clash = "street,street_kind\n新镇,镇\n观音桥街道,镇\n";
    let (status, page) = import(&app, &admin, clash.as_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = select_text(&page, "#line-errors li");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("第 3 行") && errors[0].contains("另一个类别"));
    assert_eq!(place_count(&app), before);

    // Not UTF-8 (GBK), and a file without the street column.
    let (status, page) = import(&app, &admin, b"street\n\xb9\xdb\xd2\xf4\xc7\xc5\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(select_text(&page, "#line-errors li")[0].contains("UTF-8"));
    let (status, _) = import(&app, &admin, "grid\n第1网格\n".as_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(place_count(&app), before);
    assert_eq!(app.audit_count("place.import"), 0);
}

#[tokio::test]
async fn two_admins_renaming_at_once_cannot_overwrite_each_other() {
    let app = spawn_app().await;
    app.create_user("admin2", Role::Admin, None, None);
    let first = admin(&app).await;
    let second = new_client();
    login(&second, &app.address, "admin2", USER_PASSWORD).await;
    let gyq = street_id(&app, GYQ);
    let community = add(&app, &gyq, PlaceKind::Community, "旧名社区");
    add(&app, &gyq, PlaceKind::Community, "邻居社区");
    let path = format!("/admin/places/{community}");
    // Both open the page at the same version.
    let (_, seen) = get_html(&second, &app.url(&path)).await;
    let version = attr(&seen, "#rename-form input[name=version]", "value");
    let (status, _) = post_place(
        &app,
        &first,
        &community,
        "rename",
        &[("name", "新名社区"), ("short_name", "")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let res = post_form(
        &second,
        &app.address,
        &format!("{path}/rename"),
        &[("version", &version), ("name", "另一个名"), ("short_name", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert!(select_text(&page, "#conflict")[0].contains("已被其他人修改"));
    assert_eq!(attr(&page, "#f-name", "value"), "另一个名", "what was typed is kept");
    assert!(
        select_text(&page, "#place-name")[0].starts_with("新名社区"),
        "the stored name is shown"
    );
    let stored = places::find(&mut app.conn(), &community).unwrap().unwrap();
    assert_eq!(stored.name, "新名社区");
    assert_eq!(app.audit_count("place.rename"), 1);
    // A sibling's name and an empty name are field errors.
    let (status, page) = post_place(&app, &first, &community, "rename", &[("name", "邻居社区")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&page, "#e-name"), ["同一级下已有同名地点。"]);
    let (status, _) = post_place(&app, &first, &community, "rename", &[("name", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The admin home reads the change in words.
    let (_, home) = get_html(&first, &app.url("/admin")).await;
    assert!(
        select_text(&home, ".audit-line")
            .iter()
            .any(|l| l.contains("重命名了地点"))
    );
}

#[tokio::test]
async fn a_move_goes_only_under_the_level_above_and_never_under_itself() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let gyq = street_id(&app, GYQ);
    let from = add(&app, &gyq, PlaceKind::Community, "甲社区");
    let to = add(&app, &gyq, PlaceKind::Community, "乙社区");
    let grid = add(&app, &from, PlaceKind::Grid, "第1网格");
    let compound = add(&app, &grid, PlaceKind::Compound, "甲小区");
    let (_, page) = get_html(&admin, &app.url(&format!("/admin/places/{grid}"))).await;
    assert!(select_text(&page, "#move .hint")[0].contains("仍按当时记录"));
    let offered: Vec<String> = select_text(&page, "#f-parent_id option");
    assert!(offered.contains(&"乙社区".to_owned()));

    for (target, message) in [
        (gyq.as_str(), "上级的类别不对"),
        (compound.as_str(), "它自己或它的下级"),
    ] {
        let (status, page) = post_place(&app, &admin, &grid, "move", &[("parent_id", target)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(select_text(&page, "#e-parent_id")[0].contains(message), "{message}");
    }
    let (status, _) = post_place(&app, &admin, &compound, "move", &[("parent_id", &to)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a compound lies in a grid");
    let (status, _) = post_place(&app, &admin, &grid, "move", &[("parent_id", &to)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let moved = places::find(&mut app.conn(), &grid).unwrap().unwrap();
    assert_eq!(moved.parent_id.as_deref(), Some(to.as_str()));
    assert_eq!(app.audit_count("place.move"), 1);
}

#[tokio::test]
async fn a_retired_place_leaves_the_pickers_and_keeps_its_name_on_old_records() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let compound = compound_id(&app, GYQ);
    let (letter, _) = send_letter(&app, GYQ, &[]).await;
    let (status, _) = post_place(&app, &admin, &compound, "retire", &[("retired", "yes")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("place.retire"), 1);

    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/letters/new")).await;
    let values: Vec<String> = {
        let sel = scraper::Selector::parse("select[name=compound_id] option").unwrap();
        form.select(&sel)
            .map(|o| o.value().attr("value").unwrap_or("").to_owned())
            .collect()
    };
    assert!(!values.contains(&compound), "the retired compound is not offered");
    // The letter sent before still names it.
    let (_, page) = get_html(&admin, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    assert!(page.root_element().text().collect::<String>().contains("塔坪小区"));

    // A retired community leaves the mediation application's picker; a case
    // recorded there still shows it.
    let gyq = street_id(&app, GYQ);
    let community = find(&app, &gyq, "塔坪社区").id;
    let case = crate::helpers::mediation::apply_online(&app, GYQ).await;
    app.run_sql(&format!(
        "UPDATE cases SET community_id = '{community}' WHERE id = '{case}'"
    ))
    .unwrap();
    let (status, _) = post_place(&app, &admin, &community, "retire", &[("retired", "yes")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert!(
        !select_text(&form, "select[name=community_id] option")
            .iter()
            .any(|o| o.contains("塔坪社区"))
    );
    let case_page = crate::helpers::mediation::case_page(&admin, &app, &case).await;
    assert!(case_page.root_element().text().collect::<String>().contains("塔坪社区"));
    // The admin's tree marks it; restoring brings it back.
    let (_, tree) = get_html(&admin, &app.url(&format!("/admin/places/{community}"))).await;
    assert_eq!(select_text(&tree, "#retired-tag"), ["已撤销"]);
    let (status, _) = post_place(&app, &admin, &community, "retire", &[("retired", "no")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert!(
        select_text(&form, "select[name=community_id] option")
            .iter()
            .any(|o| o.contains("塔坪社区"))
    );
    assert_eq!(app.audit_count("place.restore"), 1);
}

#[tokio::test]
async fn children_come_fifty_to_a_page() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let gyq = street_id(&app, GYQ);
    let community = add(&app, &gyq, PlaceKind::Community, "大社区");
    for n in 1..=55 {
        add(&app, &community, PlaceKind::Grid, &format!("第{n}网格"));
    }
    let path = format!("/admin/places/{community}");
    let (_, first) = get_html(&admin, &app.url(&path)).await;
    assert_eq!(select_text(&first, "#children .child-row").len(), 50);
    assert_eq!(select_text(&first, "#child-total"), ["共 55 个"]);
    assert!(select_text(&first, "#pages span")[0].contains("1 / 2"));
    let (_, second) = get_html(&admin, &app.url(&format!("{path}?page=2"))).await;
    assert_eq!(select_text(&second, "#children .child-row").len(), 5);
}

#[tokio::test]
async fn of_two_renames_sent_at_the_same_moment_exactly_one_wins() {
    let app = spawn_app().await;
    app.create_user("admin2", Role::Admin, None, None);
    let first = admin(&app).await;
    let second = new_client();
    login(&second, &app.address, "admin2", USER_PASSWORD).await;
    let gyq = street_id(&app, GYQ);
    let grid = add(
        &app,
        &add(&app, &gyq, PlaceKind::Community, "并发社区"),
        PlaceKind::Grid,
        "旧网格",
    );
    let path = format!("/admin/places/{grid}/rename");
    let (a, b) = tokio::join!(
        post_form(&first, &app.address, &path, &[("version", "0"), ("name", "甲网格")]),
        post_form(&second, &app.address, &path, &[("version", "0"), ("name", "乙网格")]),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let stored = places::find(&mut app.conn(), &grid).unwrap().unwrap();
    assert_eq!(stored.version, 1);
    assert!(["甲网格", "乙网格"].contains(&stored.name.as_str()));
    assert_eq!(app.audit_count("place.rename"), 1);
}
