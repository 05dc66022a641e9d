//! Renovation consultation over HTTP: places, household import, codes,
//! projects, the intention form, the public tally, the ballot hash chain and
//! street scope.

mod common;

use common::*;
use diesel::prelude::*;
use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};
use yuanba::db::places;
use yuanba::domain::role::Role;

const GOOD_CSV: &str = "building,entrance,unit,area_m2,owners
1栋,1单元,101,80,张三
1栋,1单元,102,80.00,张三
1栋,1单元,201,100.50,李四;王五
1栋,1单元,202,90,开发商
2栋,1单元,301,70,开发商
";

fn street_id(app: &TestApp, name: &str) -> String {
    places::find_street_by_name(&mut app.conn(), name).unwrap().unwrap().id
}

/// 塔坪社区 › 一网格 › 塔坪小区 under `street`; returns the compound's id.
fn make_compound(app: &TestApp, street: &str) -> String {
    let street = street_id(app, street);
    let mut conn = app.conn();
    let community = places::ensure(&mut conn, Some(&street), "community", "塔坪社区", None, 0).unwrap();
    let grid = places::ensure(&mut conn, Some(&community), "grid", "一网格", None, 0).unwrap();
    places::ensure(&mut conn, Some(&grid), "compound", "塔坪小区", None, 0).unwrap()
}

fn child(app: &TestApp, parent: &str, name: &str) -> String {
    places::find_child(&mut app.conn(), Some(parent), name)
        .unwrap()
        .expect("place exists")
        .id
}

async fn coordinator(app: &TestApp, username: &str, street: &str) -> Client {
    app.create_user(username, Role::Coordinator, None, Some(street));
    let client = new_client();
    let res = login(&client, &app.address, username, USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

fn attr(html: &Html, css: &str, name: &str) -> String {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name))
        .unwrap_or_default()
        .to_owned()
}

async fn post(app: &TestApp, client: &Client, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let res = post_form(client, &app.address, path, fields).await;
    let status = res.status();
    let location = location(&res);
    let body = res.text().await.unwrap();
    (
        status,
        if status == StatusCode::SEE_OTHER {
            location
        } else {
            body
        },
    )
}

fn count(app: &TestApp, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.conn();
    let rows: Vec<N> = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .load(&mut *conn)
        .unwrap();
    rows[0].n
}

/// A coordinator of 观音桥街道 with the compound imported, a project on the
/// whole compound with one ordinary item (雨棚), and codes for building 1.
struct World {
    coord: Client,
    compound: String,
    project: String,
    item: String,
    /// (unit name, code) of building 1, entrance 1.
    codes: Vec<(String, String)>,
}

async fn world(app: &TestApp) -> World {
    let coord = coordinator(app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(app, "观音桥街道");
    let (status, _) = post(
        app,
        &coord,
        &format!("/staff/places/{compound}/import"),
        &[("csv", GOOD_CSV)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let fields = [
        ("compound_id", compound.as_str()),
        ("population_id", ""),
        ("title", "塔坪小区微整形"),
        ("description", "雨棚、飞线整治"),
    ];
    let (status, to) = post(app, &coord, "/staff/projects/new", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let project = to.trim_start_matches("/staff/projects/").to_owned();
    let fields = [
        ("menu_item_id", "menu-canopy"),
        ("rule", "ordinary"),
        ("reason", "共有部分的一般改造"),
    ];
    let (status, _) = post(app, &coord, &format!("/staff/projects/{project}/items"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let item = yuanba::db::projects::items(&mut app.conn(), &project).unwrap()[0]
        .0
        .id
        .clone();
    let building = child(app, &compound, "1栋");
    let (status, body) = post(app, &coord, &format!("/staff/places/{building}/codes"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = Html::parse_document(&body);
    let places = select_text(&sheet, ".slip-place");
    let codes = select_text(&sheet, ".slip-code");
    let codes = places
        .iter()
        .map(|p| p.rsplit(' ').next().unwrap().to_owned())
        .zip(codes)
        .collect();
    World {
        coord,
        compound,
        project,
        item,
        codes,
    }
}

impl World {
    fn code(&self, unit: &str) -> String {
        self.codes.iter().find(|(u, _)| u == unit).unwrap().1.clone()
    }
}

/// Fills in the intention form as a resident; returns (status, body).
async fn respond(app: &TestApp, w: &World, unit: &str, code: &str, answer: &str) -> (StatusCode, String) {
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let token = attr(&form, "input[name=form_token]", "value");
    respond_with(app, &resident, w, &token, unit, code, answer).await
}

async fn respond_with(
    app: &TestApp,
    client: &Client,
    w: &World,
    token: &str,
    unit: &str,
    code: &str,
    answer: &str,
) -> (StatusCode, String) {
    let a = format!("a_{}", w.item);
    let p = format!("p_{}", w.item);
    let fields = [
        ("form_token", token),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", unit),
        ("code", code),
        (a.as_str(), answer),
        (p.as_str(), "1"),
        ("free_text", "希望尽快施工"),
    ];
    post(app, client, &format!("/projects/{}/respond", w.project), &fields).await
}

fn result_of(body: &str) -> String {
    attr(&Html::parse_document(body), "#result", "data-result")
}

fn field_error(body: &str, field: &str) -> String {
    select_text(&Html::parse_document(body), &format!("#e-{field}")).join("")
}

async fn public_item(app: &TestApp, w: &World) -> Html {
    let (status, html) = get_html(&new_client(), &app.url(&format!("/projects/{}", w.project))).await;
    assert_eq!(status, StatusCode::OK);
    html
}

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
        places::find(&mut app.conn(), &community).unwrap().unwrap().kind,
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
async fn a_coded_answer_is_a_vote_and_an_uncoded_one_only_an_opinion() {
    let app = spawn_app().await;
    let w = world(&app).await;
    assert_eq!(w.codes.len(), 4, "one code per unit of building 1");
    assert_eq!(app.audit_count("household_codes.issue"), 1);
    // No code: kept as an opinion, said plainly, not counted.
    let (status, body) = respond(&app, &w, "101", "", "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "opinion");
    assert_eq!(count(&app, "ballots"), 0);
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["0.00 m² · 0"]);
    // With the unit's code: counted (the code may be typed in lower case).
    let (status, body) = respond(&app, &w, "201", &w.code("201").to_lowercase(), "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted");
    assert_eq!(count(&app, "ballots"), 1);
    assert_eq!(count(&app, "opinions"), 2);
}

#[tokio::test]
async fn the_public_page_shows_the_tally_and_what_is_still_needed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    respond(&app, &w, "201", &w.code("201"), "want").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".item-name"), vec!["雨棚"]);
    assert_eq!(select_text(&html, ".tally-total"), vec!["420.50 m² · 3"]);
    assert_eq!(select_text(&html, ".tally-participating"), vec!["100.50 m² · 1"]);
    // Turnout needs ⌈2/3 × 420.50⌉ = 280.34 m² and 2 owners.
    assert_eq!(
        select_text(&html, ".tally-turnout"),
        vec!["参与表决还差：179.84 m² 和 1 户"]
    );
    assert_eq!(select_text(&html, ".tally-approval"), vec!["同意票已达标。"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["尚未通过"]);
    // 张三 votes yes with unit 101's code; their 102 follows (160 m², once).
    respond(&app, &w, "101", &w.code("101"), "want").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["260.50 m² · 2"]);
    assert_eq!(
        select_text(&html, ".tally-turnout"),
        vec!["参与表决还差：19.84 m² 和 0 户"]
    );
    // The developer's unit 202 takes part and says no: turnout met, and
    // 260.50 of 420.50 m² and 2 of 3 owners in favour is more than half.
    respond(&app, &w, "202", &w.code("202"), "dont").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-turnout"), vec!["参与表决已达三分之二。"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["通过"]);
    // The latest expression counts once: 张三 changes to no via unit 102.
    respond(&app, &w, "102", &w.code("102"), "dont").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-yes"), vec!["100.50 m² · 1"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["尚未通过"]);
}

#[tokio::test]
async fn a_revoked_code_a_wrong_unit_and_an_unknown_unit_are_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let unit = child(&app, &child(&app, &child(&app, &w.compound, "1栋"), "1单元"), "201");
    let (status, _) = post(&app, &w.coord, &format!("/staff/codes/{unit}/revoke"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("household_codes.revoke"), 1);
    let (status, body) = respond(&app, &w, "201", &w.code("201"), "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "code"), "户码无效、已作废，或不属于这一户。");
    // Another unit's valid code does not work for this unit either.
    let (status, body) = respond(&app, &w, "202", &w.code("101"), "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "code").is_empty());
    let (status, body) = respond(&app, &w, "909", "", "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "unit"), "小区里没有这一户，请检查楼栋、单元和户号。");
    assert_eq!(count(&app, "opinions"), 0);
    assert_eq!(count(&app, "ballots"), 0);
    // A reissued code works again.
    let (status, body) = post(&app, &w.coord, &format!("/staff/codes/{unit}/reissue"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let code = select_text(&Html::parse_document(&body), ".slip-code").remove(0);
    let (_, body) = respond(&app, &w, "201", &code, "want").await;
    assert_eq!(result_of(&body), "counted");
}

#[tokio::test]
async fn a_double_submit_stores_one_record() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let code = w.code("201");
    let (first, second) = tokio::join!(
        respond_with(&app, &resident, &w, &token, "201", &code, "want"),
        respond_with(&app, &resident, &w, &token, "201", &code, "want"),
    );
    assert_eq!(first.0, StatusCode::OK);
    assert_eq!(second.0, StatusCode::OK);
    let mut results = [result_of(&first.1), result_of(&second.1)];
    results.sort();
    assert_eq!(results, ["counted".to_owned(), "duplicate".to_owned()]);
    assert_eq!(count(&app, "opinions"), 1);
    assert_eq!(count(&app, "ballots"), 1);
}

#[tokio::test]
async fn tampering_with_the_ballot_log_is_detected() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for unit in ["101", "201", "202"] {
        respond(&app, &w, unit, &w.code(unit), "want").await;
    }
    let (status, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&html, "#chain", "data-intact"), "yes");
    assert_eq!(select_text(&html, "#chain"), vec!["记录完整：共 3 条。"]);
    app.run_sql("UPDATE ballots SET choice = 'no' WHERE seq = 2").unwrap();
    let (_, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(attr(&html, "#chain", "data-intact"), "no");
    assert_eq!(select_text(&html, "#chain"), vec!["记录被改动：从第 2 条起校验失败。"]);
    // Residents cannot open the check.
    let (status, _) = get_html(&new_client(), &app.url("/staff/ballots/verify")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
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
    yuanba::seed::seed_demo(&mut app.conn()).unwrap();
    yuanba::seed::seed_demo(&mut app.conn()).unwrap();
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

#[tokio::test]
async fn meetings_and_opinions_entered_by_staff_count_with_channel_and_evidence() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/staff/projects/{}/meetings/new", w.project);
    let bad = [
        ("kind", "courtyard"),
        ("date", "2026-13-40"),
        ("place", ""),
        ("attendees", "many"),
        ("minutes", "x"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["date", "place", "attendees"] {
        assert!(!field_error(&body, field).is_empty(), "{field}");
    }
    let good = [
        ("kind", "courtyard"),
        ("date", "2026-11-20"),
        ("place", "塔坪小区院坝"),
        ("attendees", "42"),
        ("minutes", "讨论雨棚安装"),
    ];
    let (status, _) = post(&app, &w.coord, &path, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let meeting = yuanba::db::meetings::for_project(&mut app.conn(), &w.project)
        .unwrap()
        .remove(0)
        .id;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#meetings strong"), vec!["2026-11-20 院坝会"]);

    let path = format!("/staff/projects/{}/opinions/new", w.project);
    let (_, form) = get_html(&w.coord, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let a = format!("a_{}", w.item);
    let mut fields = vec![
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "202"),
        ("channel", "courtyard"),
        ("meeting_id", meeting.as_str()),
        ("evidence", ""),
        (a.as_str(), "want"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "evidence").is_empty());
    assert_eq!(count(&app, "opinions"), 0);
    fields[6] = ("evidence", "院坝会签到表第1页");
    let (status, _) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "ballots"), 1);
    assert_eq!(app.audit_count("opinion.staff_record"), 1);
    let (_, html) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    assert_eq!(select_text(&html, "#history .h-channel"), vec!["院坝会"]);
    assert_eq!(select_text(&html, "#history .h-counted"), vec!["计入表决"]);
    assert_eq!(select_text(&html, "#history .h-unit"), vec!["1栋 1单元 202"]);
    // The developer's 160 m² now takes part.
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["160.00 m² · 1"]);
    // Another street's coordinator can neither record nor look.
    let other = coordinator(&app, "ct-coord", "寸滩街道").await;
    assert_eq!(get(&other, &app.url(&path)).await.status(), StatusCode::FORBIDDEN);
    let (status, _) = post(
        &app,
        &other,
        &format!("/staff/projects/{}/meetings/new", w.project),
        &good,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        yuanba::db::meetings::for_project(&mut app.conn(), &w.project)
            .unwrap()
            .len(),
        1
    );
}
