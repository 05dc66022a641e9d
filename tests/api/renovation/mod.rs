//! Renovation consultation over HTTP: places, household import, codes,
//! projects, the intention form, the public tally, the ballot hash chain and
//! street scope.

mod code_hashes;
mod dashboard;
mod evidence;
mod headline;
mod owner_masking;
mod place_tests;
mod records;
mod schedule;
mod slips;
mod voting;

use crate::helpers::*;
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
    crate::helpers::mailbox::compound_named(app, street, "塔坪小区")
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
    // The same answer, priority 1, for every item of the project.
    let items = yuanba::db::projects::items(&mut app.conn(), &w.project).unwrap();
    let names: Vec<(String, String)> = items
        .iter()
        .map(|(i, _)| (format!("a_{}", i.id), format!("p_{}", i.id)))
        .collect();
    let mut fields = vec![
        ("form_token", token),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", unit),
        ("code", code),
        ("free_text", "希望尽快施工"),
    ];
    for (a, p) in &names {
        fields.push((a.as_str(), answer));
        fields.push((p.as_str(), "1"));
    }
    post_confirmed(app, client, &format!("/projects/{}/respond", w.project), &fields).await
}

/// Posts the intention form; when the page asks the resident to confirm the
/// household a code belongs to, confirms it as shown and posts again.
async fn post_confirmed(app: &TestApp, client: &Client, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (status, body) = post(app, client, path, fields).await;
    let confirm = Html::parse_document(&body)
        .select(&Selector::parse("input[name=confirm_unit]").unwrap())
        .next()
        .and_then(|i| i.value().attr("value").map(str::to_owned));
    let Some(unit) = confirm else {
        return (status, body);
    };
    assert_eq!(status, StatusCode::OK, "a confirmation is not an error");
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_unit", &unit));
    post(app, client, path, &confirmed).await
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
