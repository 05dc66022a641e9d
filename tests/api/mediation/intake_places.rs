//! Security review, items 5 and 13: a case's street and community are
//! checked against the places (and, for staff, the user's area) before
//! anything is stored; a bad id is an error next to its field, not a 500.

use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::places;
use yuanba::domain::role::Role;

use crate::helpers::mediation::*;
use crate::helpers::*;

fn street(app: &TestApp, name: &str) -> String {
    places::find_street_by_name(&mut app.conn(), name).unwrap().unwrap().id
}

fn community(app: &TestApp, street_id: &str, name: &str) -> String {
    places::ensure(
        &mut app.conn(),
        Some(street_id),
        yuanba::domain::place::PlaceKind::Community,
        name,
        None,
        0,
    )
    .unwrap()
}

const COMMUNITY_ERROR: &str = "请选择上面所选街道下的社区，或选“不确定”。";

fn application<'a>(token: &'a str, street: &'a str, community: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("form_token", token),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水"),
        ("street_id", street),
        ("community_id", community),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
        ("source", "hotline"),
    ]
}

/// Posts `path`'s form with the given street and community; returns the
/// status and the page.
async fn post_intake(
    client: &Client,
    app: &TestApp,
    path: &str,
    street: &str,
    community: &str,
) -> (StatusCode, String) {
    let (_, form) = get_html(client, &app.url(path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let res = post_form(client, &app.address, path, &application(&token, street, community)).await;
    (res.status(), res.text().await.unwrap())
}

fn field_error(body: &str, field: &str) -> Vec<String> {
    select_text(&Html::parse_document(body), &format!("#e-{field}"))
}

#[tokio::test]
async fn an_unknown_or_foreign_community_is_refused_on_the_online_application() {
    let app = spawn_app().await;
    let (gyq, wld) = (street(&app, "观音桥街道"), street(&app, "五里店街道"));
    let foreign = community(&app, &wld, "五里店社区");
    let own = community(&app, &gyq, "塔坪社区");
    let resident = new_client();
    for bad in ["no-such-place", foreign.as_str(), gyq.as_str()] {
        let (status, body) = post_intake(&resident, &app, "/mediation/apply", &gyq, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(field_error(&body, "community_id"), vec![COMMUNITY_ERROR]);
        assert_eq!(
            attr(&Html::parse_document(&body), "#f-applicant_name", "value"),
            "张秀英",
            "typed text kept"
        );
    }
    assert_eq!(app.audit_count("case.apply"), 0, "nothing stored");
    let (status, _) = post_intake(&resident, &app, "/mediation/apply", &gyq, &own).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.audit_count("case.apply"), 1);
}

#[tokio::test]
async fn staff_register_cases_only_in_their_street_and_its_communities() {
    let app = spawn_app().await;
    let (gyq, wld) = (street(&app, "观音桥街道"), street(&app, "五里店街道"));
    let foreign = community(&app, &wld, "五里店社区");
    let own = community(&app, &gyq, "塔坪社区");
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;

    let (status, form) = get_html(&coordinator, &app.url("/staff/cases/new")).await;
    assert_eq!(status, StatusCode::OK);
    let offered: Vec<String> = form
        .select(&scraper::Selector::parse("#f-street_id option").unwrap())
        .filter_map(|o| o.value().attr("value").filter(|v| !v.is_empty()).map(str::to_owned))
        .collect();
    assert_eq!(offered, vec![gyq.clone()], "only the user's own street is offered");
    let communities = select_text(&form, "#f-community_id option");
    assert!(!communities.iter().any(|c| c.contains("五里店")), "{communities:?}");

    let (status, body) = post_intake(&coordinator, &app, "/staff/cases/new", &gyq, "no-such-place").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "community_id"), vec![COMMUNITY_ERROR]);
    let (status, body) = post_intake(&coordinator, &app, "/staff/cases/new", &gyq, &foreign).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "community_id"), vec![COMMUNITY_ERROR]);
    let (status, body) = post_intake(&coordinator, &app, "/staff/cases/new", &wld, &foreign).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "street_id").len(), 1, "another street");
    assert_eq!(app.audit_count("case.register"), 0, "nothing stored");

    let (status, _) = post_intake(&coordinator, &app, "/staff/cases/new", &gyq, &own).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("case.register"), 1);
}

#[tokio::test]
async fn two_racing_posts_of_one_application_store_one_case_and_show_one_code() {
    let app = spawn_app().await;
    let gyq = street(&app, "观音桥街道");
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let fields = application(&token, &gyq, "");
    let (a, b) = tokio::join!(
        post_form(&resident, &app.address, "/mediation/apply", &fields),
        post_form(&resident, &app.address, "/mediation/apply", &fields),
    );
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    let code = |body: String| select_text(&Html::parse_document(&body), ".receipt code").pop();
    let (a, b) = (code(a.text().await.unwrap()), code(b.text().await.unwrap()));
    assert!(a.is_some() && a == b, "{a:?} {b:?}");
    assert_eq!(app.audit_count("case.apply"), 1);
}

fn child(app: &TestApp, parent: &str, kind: yuanba::domain::place::PlaceKind, name: &str) -> String {
    places::ensure(&mut app.conn(), Some(parent), kind, name, None, 0).unwrap()
}

fn option_values(html: &Html, select: &str) -> Vec<String> {
    html.select(&scraper::Selector::parse(&format!("{select} option")).unwrap())
        .filter_map(|o| o.value().attr("value").filter(|v| !v.is_empty()).map(str::to_owned))
        .collect()
}

/// Issue 11, item 12: an application carries the grid and compound, as
/// letters do. Without JavaScript, the "list" button shows the form again
/// with only the chosen street's communities, grids and compounds, keeping
/// what was typed and storing nothing; a grid or compound outside the
/// chosen street or community is refused at its field; the case page
/// shows the whole location.
#[tokio::test]
async fn an_application_carries_grid_and_compound_chosen_within_its_street_without_javascript() {
    use yuanba::domain::place::PlaceKind::{Compound, Grid};
    let app = spawn_app().await;
    let (gyq, wld) = (street(&app, "观音桥街道"), street(&app, "五里店街道"));
    let taping = community(&app, &gyq, "塔坪社区");
    let grid = child(&app, &taping, Grid, "塔坪一网格");
    let compound = child(&app, &grid, Compound, "塔坪小区");
    let foreign_community = community(&app, &wld, "五里店社区");
    let foreign_grid = child(&app, &foreign_community, Grid, "五里店一网格");
    let foreign_compound = child(&app, &foreign_grid, Compound, "五里店小区");

    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert!(
        option_values(&form, "#f-grid_id").is_empty(),
        "no grids before a street"
    );
    assert!(!select_text(&form, "#grid-needs-street").is_empty());
    let token = attr(&form, "input[name=form_token]", "value");

    // "List": 观音桥 chosen; only its community, grid and compound are offered.
    let mut fields = application(&token, &gyq, "");
    fields.push(("refresh_places", "yes"));
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(option_values(&page, "#f-community_id"), vec![taping.clone()]);
    assert_eq!(option_values(&page, "#f-grid_id"), vec![grid.clone()]);
    assert_eq!(option_values(&page, "#f-compound_id"), vec![compound.clone()]);
    assert_eq!(attr(&page, "#f-applicant_name", "value"), "张秀英", "typed text kept");
    assert_eq!(
        select_text(&page, ".field-error"),
        Vec::<String>::new(),
        "nothing checked"
    );
    assert_eq!(app.audit_count("case.apply"), 0, "nothing stored");

    // A grid or compound of another street is refused at its field.
    for (field, value, other) in [
        ("grid_id", foreign_grid.as_str(), ("compound_id", "")),
        ("compound_id", foreign_compound.as_str(), ("grid_id", "")),
        ("compound_id", compound.as_str(), ("grid_id", foreign_grid.as_str())),
    ] {
        let mut fields = application(&token, &gyq, &taping);
        fields.extend([(field, value), other]);
        let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        let body = res.text().await.unwrap();
        let bad = if other.1.is_empty() { field } else { other.0 };
        assert_eq!(field_error(&body, bad).len(), 1, "{field}={value}: {body}");
    }
    assert_eq!(app.audit_count("case.apply"), 0);

    let mut fields = application(&token, &gyq, &taping);
    fields.extend([("grid_id", grid.as_str()), ("compound_id", compound.as_str())]);
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt = select_text(&Html::parse_document(&res.text().await.unwrap()), ".receipt code").pop();
    let hash = yuanba::receipts::receipt_hash(&receipt.unwrap()).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .unwrap();
    assert_eq!(
        (case.grid_id.as_deref(), case.compound_id.as_deref()),
        (Some(grid.as_str()), Some(compound.as_str()))
    );
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;
    let page = case_page(&coordinator, &app, &case.id).await;
    assert_eq!(
        select_text(&page, "#case-location"),
        vec!["观音桥街道 · 塔坪社区 · 塔坪一网格 · 塔坪小区"]
    );
}
