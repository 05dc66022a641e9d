//! Places, household import and headcount, the menu, demo data and street scope.

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn coordinator_browses_and_adds_places_with_inline_errors() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let street = street_id(&app, "观音桥街道");
    let res = get(&coord, &app.url("/staff/places")).await;
    assert_eq!(location(&res), format!("/staff/places/{street}"));
    let (status, body) = post(
        &app,
        &coord,
        &format!("/staff/places/{street}/children"),
        &[("name", " ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "name").is_empty());
    let (status, _) = post(
        &app,
        &coord,
        &format!("/staff/places/{street}/children"),
        &[("name", "新社区")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = post(
        &app,
        &coord,
        &format!("/staff/places/{street}/children"),
        &[("name", "新社区")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "duplicate sibling refused");
    assert_eq!(field_error(&body, "name"), "同一级下已有同名地点。");
    let (_, html) = get_html(&coord, &app.url(&format!("/staff/places/{street}"))).await;
    assert!(select_text(&html, ".children a").contains(&"新社区".to_owned()));
    let community = child(&app, &street, "新社区");
    assert_eq!(
        places::find(&mut app.conn(), &community).unwrap().unwrap().kind.code(),
        "community"
    );
}

#[tokio::test]
async fn csv_import_stores_households_and_counts_heads_by_the_rules() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(&app, "观音桥街道");
    let (status, body) = post(
        &app,
        &coord,
        &format!("/staff/places/{compound}/import"),
        &[("csv", GOOD_CSV)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, "#imported"), vec!["已导入 5 户。"]);
    // 张三 holds two units (once), 李四;王五 co-own one (once), the two
    // unsold units count once together: N = 3; A = 420.50 m².
    assert_eq!(select_text(&html, ".total-owners"), vec!["3"]);
    assert_eq!(select_text(&html, ".total-area"), vec!["420.50"]);
    assert_eq!(count(&app, "households"), 5);
    assert_eq!(app.audit_count("households.import"), 1);
    // Building 1 alone: 张三, 李四;王五, developer = 3 owners, 350.50 m².
    let building = child(&app, &compound, "1栋");
    let (_, html) = get_html(&coord, &app.url(&format!("/staff/places/{building}"))).await;
    assert_eq!(select_text(&html, ".total-owners"), vec!["3"]);
    assert_eq!(select_text(&html, ".total-area"), vec!["350.50"]);
}

#[tokio::test]
async fn a_bad_csv_row_is_listed_and_nothing_is_imported() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(&app, "观音桥街道");
    let csv = "1栋,1单元,101,80,张三\n1栋,1单元,102,八十,李四\n1栋,1单元,103,75,\n";
    let (status, body) = post(
        &app,
        &coord,
        &format!("/staff/places/{compound}/import"),
        &[("csv", csv)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = select_text(&Html::parse_document(&body), "#line-errors li");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("第 2 行"), "{errors:?}");
    assert!(errors[1].starts_with("第 3 行"), "{errors:?}");
    assert_eq!(count(&app, "households"), 0);
    assert!(
        places::children(&mut app.conn(), &compound).unwrap().is_empty(),
        "no building half-made"
    );
    assert_eq!(app.audit_count("households.import"), 0);
}

#[tokio::test]
async fn another_streets_coordinator_gets_403_and_changes_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let other = coordinator(&app, "ct-coord", "寸滩街道").await;
    let building = child(&app, &w.compound, "1栋");
    let unit = child(&app, &child(&app, &building, "1单元"), "101");
    let audit_before = count(&app, "audit_log");
    for path in [
        format!("/staff/places/{}", w.compound),
        format!("/staff/places/{}/import", w.compound),
        format!("/staff/places/{building}/codes"),
        format!("/staff/projects/{}", w.project),
        format!("/staff/projects/new?compound={}", w.compound),
    ] {
        assert_eq!(
            get(&other, &app.url(&path)).await.status(),
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
    }
    let csv = [("csv", "3栋,1单元,101,50,赵六")];
    let posts: Vec<(String, &[(&str, &str)])> = vec![
        (format!("/staff/places/{}/import", w.compound), &csv),
        (format!("/staff/places/{}/children", w.compound), &[("name", "9栋")]),
        (format!("/staff/places/{building}/codes"), &[]),
        (format!("/staff/codes/{unit}/revoke"), &[]),
        (format!("/staff/codes/{unit}/reissue"), &[]),
        (format!("/staff/projects/{}/stage", w.project), &[("version", "1")]),
        (
            format!("/staff/projects/{}/items", w.project),
            &[("menu_item_id", "menu-wires"), ("rule", "ordinary"), ("reason", "x")],
        ),
    ];
    for (path, fields) in posts {
        let (status, _) = post(&app, &other, &path, fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "POST {path}");
    }
    let fields = [
        ("compound_id", w.compound.as_str()),
        ("title", "t"),
        ("description", "d"),
    ];
    let (status, _) = post(&app, &other, "/staff/projects/new", &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no project on another street's compound");
    let (_, html) = get_html(&other, &app.url("/staff/projects")).await;
    assert!(select_text(&html, "#projects li").is_empty());
    assert_eq!(count(&app, "audit_log"), audit_before);
    assert_eq!(count(&app, "households"), 5);
    assert_eq!(count(&app, "projects"), 1);
    assert_eq!(count(&app, "project_items"), 1);
    assert_eq!(count(&app, "household_codes"), 4);
    // The owning coordinator still sees everything and moves the stage.
    let (status, _) = post(
        &app,
        &w.coord,
        &format!("/staff/projects/{}/stage", w.project),
        &[("version", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("project.stage"), 1);
    let (_, html) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    assert_eq!(select_text(&html, "#stage"), vec!["方案公示"]);
    // A second post of the same (now stale) version does not move it again.
    let stale = [("version", "1")];
    let (status, _) = post(&app, &w.coord, &format!("/staff/projects/{}/stage", w.project), &stale).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    assert_eq!(select_text(&html, "#stage"), vec!["方案公示"]);
    assert_eq!(app.audit_count("project.stage"), 1);
}

#[tokio::test]
async fn the_menu_catalogue_is_seeded_and_admin_managed() {
    let app = spawn_app().await;
    app.login_admin().await;
    let (status, html) = app.get_html("/admin/menu").await;
    assert_eq!(status, StatusCode::OK);
    let names = select_text(&html, "#menu td:first-child");
    for name in ["雨棚", "飞线整治", "污水管网", "外立面", "店招"] {
        assert!(names.contains(&name.to_owned()), "{names:?}");
    }
    let res = app
        .post_form(
            "/admin/menu",
            &[
                ("name", ""),
                ("class", "basic"),
                ("cost", "1.234"),
                ("cost_unit", "户"),
                ("rule", "ordinary"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(!field_error(&body, "name").is_empty());
    assert!(!field_error(&body, "cost").is_empty());
    let fields = [
        ("name", "智能快递柜"),
        ("class", "upgrade"),
        ("cost", "3000"),
        ("cost_unit", "个"),
        ("rule", "ordinary"),
    ];
    assert_eq!(
        app.post_form("/admin/menu", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = app.get_html("/admin/menu").await;
    assert!(select_text(&html, "#menu td:first-child").contains(&"智能快递柜".to_owned()));
    // Coordinators cannot manage the menu.
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    assert_eq!(
        get(&coord, &app.url("/admin/menu")).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn seed_demo_adds_taping_with_a_project_once() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    assert_eq!(count(&app, "projects"), 1, "idempotent");
    assert_eq!(count(&app, "households"), 36);
    let project = yuanba::db::projects::list(&mut app.conn(), None).unwrap().remove(0);
    let (status, html) = get_html(&new_client(), &app.url(&format!("/projects/{}", project.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&html, ".item-name"),
        vec!["雨棚", "飞线整治", "污水管网", "外立面", "店招"]
    );
    // Two flats of 陈国华 count once and the three unsold flats once: 36 − 1 − 2.
    assert!(
        select_text(&html, ".tally-total")[0].ends_with("· 33"),
        "{:?}",
        select_text(&html, ".tally-total")
    );
    let mut conn = app.conn();
    assert!(matches!(
        yuanba::db::ballots::verify_chain(&mut conn).unwrap(),
        yuanba::domain::ballot_chain::ChainCheck::Intact { rows } if rows > 0
    ));
}

async fn upload(app: &TestApp, client: &Client, compound: &str, file: &[u8]) -> (StatusCode, String) {
    let token = csrf_token(client, &app.address).await;
    let mut body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"households.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--b0undary--\r\n");
    let res = client
        .post(app.url(&format!("/staff/places/{compound}/import/file")))
        .header("content-type", "multipart/form-data; boundary=b0undary")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_csv_file_can_be_uploaded_and_must_be_utf8() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(&app, "观音桥街道");
    // "张三" in GBK: not UTF-8, refused with a hint, nothing stored.
    let (status, body) = upload(&app, &coord, &compound, b"1\xb6\xb0,1,101,80,\xd5\xc5\xc8\xfd").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&Html::parse_document(&body), "#line-errors li").len(), 1);
    assert_eq!(count(&app, "households"), 0);
    let file = format!("\u{feff}{GOOD_CSV}").replace('\n', "\r\n");
    let (status, body) = upload(&app, &coord, &compound, file.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        select_text(&Html::parse_document(&body), "#imported"),
        vec!["已导入 5 户。"]
    );
    assert_eq!(count(&app, "households"), 5);
}
