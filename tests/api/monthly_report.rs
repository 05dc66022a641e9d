//! The monthly statutory mediation report (issue 13): its figures are the
//! dashboard's for the same month and scope (and the year to date), the
//! coordinator's street is enforced, a bad month is refused beside its
//! field, and the XLSX holds the same figures as numbers.

use std::io::Read;

use crate::helpers::*;
use crate::statistics::{figure, seed, stats_page};
use reqwest::{Client, StatusCode};
use scraper::Html;

/// The month the seeded cases were accepted in, as `2026-12`.
fn this_month() -> String {
    yuanba::domain::statistics::figures::month_text(yuanba::dates::china_month(yuanba::db::now_ts()))
}

async fn report(client: &Client, app: &TestApp, query: &str) -> Html {
    let (status, page) = get_html(client, &app.url(&format!("/admin/stats/report{query}"))).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    page
}

/// A line of the report: (this month, year to date).
fn line(page: &Html, id: &str) -> (String, String) {
    let cell = |class: &str| select_text(page, &format!("tr[data-row={id}] td.{class}")).join("");
    (cell("month"), cell("ytd"))
}

/// The report's lines that are also dashboard tiles.
const SHARED: [&str; 9] = [
    "accepted",
    "ended",
    "success",
    "success_rate",
    "amount",
    "performed",
    "performance_rate",
    "judicial",
    "difficult",
];

#[tokio::test]
async fn the_reports_figures_are_the_dashboards_for_the_month_and_the_year_to_date() {
    let app = spawn_app().await;
    let _cast = seed(&app).await;
    app.login_admin().await;
    let month = this_month();
    let year = &month[..4];
    let page = report(&app.client, &app, &format!("?month={month}")).await;
    let dashboard = stats_page(&app.client, &app, &format!("?from={month}&to={month}")).await;
    let ytd = stats_page(&app.client, &app, &format!("?from={year}-01&to={month}")).await;
    for id in SHARED {
        let (m, y) = line(&page, id);
        assert_eq!(m, figure(&dashboard, id), "month {id}");
        assert_eq!(y, figure(&ytd, id), "year to date {id}");
    }
    // The hand count (tests/api/statistics.rs) as the report shows it.
    assert_eq!(line(&page, "accepted"), ("5".into(), "5".into()));
    assert_eq!(line(&page, "success_rate"), ("66.7%".into(), "66.7%".into()));
    assert_eq!(line(&page, "amount"), ("0.60".into(), "0.60".into()));
    assert_eq!(line(&page, "source_application").0, "5");
    assert_eq!(line(&page, "source_ex_officio").0, "0");
    assert_eq!(line(&page, "prevent_criminal").0, "1");
    assert_eq!(line(&page, "prevent_criminal_persons").0, "2");
    assert_eq!(select_text(&page, "#report-types tbody .name"), vec!["邻里"]);
    assert_eq!(select_text(&page, "#report-types tbody .month-accepted"), vec!["5"]);
    assert_eq!(select_text(&page, "#report-types tbody .ytd-success"), vec!["2"]);
    assert_eq!(select_text(&page, "#report-unit"), vec!["全区"]);
    assert_eq!(select_text(&page, "#report-month"), vec![month.clone()]);
    assert_eq!(select_text(&page, "h1"), vec!["人民调解工作统计月报"]);
    assert!(select_text(&page, "script").is_empty());
    // A month with nothing accepted: zero, and no rate where nothing ended.
    let empty = report(&app.client, &app, "?month=2025-06").await;
    assert_eq!(line(&empty, "accepted"), ("0".into(), "0".into()));
    assert_eq!(line(&empty, "success_rate"), ("—".into(), "—".into()));
    // The dashboard links to the report of its last month.
    let href = first_attr(&dashboard, "#monthly-report", "href");
    assert_eq!(href, format!("/admin/stats/report?month={month}"));
}

#[tokio::test]
async fn a_coordinator_reports_on_their_own_street_only() {
    let app = spawn_app().await;
    let cast = seed(&app).await;
    let wld = yuanba::db::places::find_street_by_name(&mut app.conn(), "五里店街道")
        .unwrap()
        .unwrap()
        .id;
    let month = this_month();
    for query in [format!("?month={month}"), format!("?month={month}&street={wld}")] {
        let page = report(&cast.coordinator, &app, &query).await;
        assert_eq!(select_text(&page, "#report-unit"), vec!["观音桥街道"], "{query}");
        assert_eq!(line(&page, "accepted").0, "4", "{query}");
        let (status, _, xlsx) = download(&cast.coordinator, &app, &format!("/admin/stats/report.xlsx{query}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(value(&sheet_xml(&xlsx), "B9"), "4", "{query}");
    }
    // The admin chooses the street.
    app.login_admin().await;
    let page = report(&app.client, &app, &format!("?month={month}&street={wld}")).await;
    assert_eq!(select_text(&page, "#report-unit"), vec!["五里店街道"]);
    assert_eq!(line(&page, "accepted").0, "1");
    // Mediators do not read it.
    let res = get(&cast.lead, &app.url("/admin/stats/report")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = get(&cast.lead, &app.url("/admin/stats/report.xlsx")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_bad_month_or_street_is_refused_beside_its_field() {
    let app = spawn_app().await;
    app.login_admin().await;
    let (status, page) = get_html(&app.client, &app.url("/admin/stats/report?month=2026-13")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&page, "#e-month"), vec!["请按“2026-12”的格式填写月份。"]);
    assert_eq!(first_attr(&page, "#f-month", "value"), "2026-13");
    assert!(select_text(&page, "#report-figures").is_empty());
    let (status, page) = get_html(&app.client, &app.url("/admin/stats/report?month=2026-11&street=nope")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!select_text(&page, "#e-street").is_empty());
    let res = get(&app.client, &app.url("/admin/stats/report.xlsx?month=abc")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_xlsx_holds_the_figures_as_numbers_with_a_frozen_header() {
    let app = spawn_app().await;
    let _cast = seed(&app).await;
    app.login_admin().await;
    let month = this_month();
    let (status, kind, body) = download(&app.client, &app, &format!("/admin/stats/report.xlsx?month={month}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let sheet = sheet_xml(&body);
    assert!(sheet.contains("ySplit=\"5\""), "the table header stays in view");
    assert!(sheet.contains("customWidth=\"1\""), "set widths");
    // Rows from 6: the three screening lines (none were held), then
    // accepted, the three source groups, ended, success, rate, amount,
    // performed, performance rate, judicial, difficult, prevention.
    let expected = [
        ("B6", "0"),
        ("B7", "0"),
        ("B8", "0"),
        ("B9", "5"),
        ("C9", "5"),
        ("B11", "5"),
        ("B13", "3"),
        ("B14", "2"),
        ("B15", "0.667"),
        ("B16", "0.6"),
        ("B17", "1"),
        ("B18", "0.5"),
        ("B19", "1"),
        ("B20", "1"),
        ("B21", "1"),
        ("B22", "2"),
    ];
    for (reference, want) in expected {
        assert_eq!(value(&sheet, reference), want, "{reference}");
        assert!(!cell(&sheet, reference).contains("t=\""), "{reference} is a number");
    }
}

async fn download(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

fn sheet_xml(xlsx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX is a zip");
    let mut text = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The XML of one cell.
fn cell(sheet: &str, reference: &str) -> String {
    let start = sheet
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("no cell {reference}"));
    let end = sheet[start..].find("</c>").map_or(sheet.len(), |e| start + e + 4);
    sheet[start..end].to_owned()
}

/// The stored value of a cell.
fn value(sheet: &str, reference: &str) -> String {
    let xml = cell(sheet, reference);
    let from = xml.find("<v>").map_or(xml.len(), |i| i + 3);
    let to = xml.find("</v>").unwrap_or(xml.len());
    xml[from..to].to_owned()
}
