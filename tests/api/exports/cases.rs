//! CSV and XLSX exports of the case list: the list's rows, masked by
//! default, neutralised, typed in XLSX, unmasked only for an admin with a
//! reason (audited), and never outside a coordinator's street.

use std::io::Read;

use crate::helpers::mediation::{attr, logged_in};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::domain::role::Role;

/// A resident applies online as `name` in `street`; returns the case id.
async fn apply(app: &TestApp, street: &str, name: &str) -> String {
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), street)
        .unwrap()
        .unwrap()
        .id;
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", name),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK, "application by {name}");
    let receipt = Html::parse_document(&res.text().await.unwrap());
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .expect("case stored")
        .id
}

/// The records of a CSV body (after its byte-order mark), header first.
pub fn csv_records(body: &[u8]) -> Vec<Vec<String>> {
    let body = body.strip_prefix("\u{feff}".as_bytes()).expect("starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub async fn download(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

fn column(records: &[Vec<String>], header: &str) -> Vec<String> {
    let i = records[0].iter().position(|h| h == header).expect(header);
    records[1..].iter().map(|r| r[i].clone()).collect()
}

const NAMES: [&str; 4] = ["赵一明", "钱二明", "孙三明", "李四明"];

#[tokio::test]
async fn the_csv_holds_the_lists_rows_masked_in_the_same_order() {
    let app = spawn_app().await;
    for name in NAMES {
        apply(&app, "观音桥街道", name).await;
    }
    app.login_admin().await;
    let (_, list) = app.get_html("/staff/cases?queue=all").await;
    let listed: Vec<String> = select_text(&list, "td.applicant")
        .iter()
        .map(|a| a.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(listed.len(), NAMES.len());
    // The list links its exports with its own filters.
    let href = attr(&list, "a[href^='/staff/cases/export.csv']", "href");
    assert!(href.contains("queue=all"), "{href}");
    let (status, kind, body) = download(&app.client, &app, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let records = csv_records(&body);
    assert_eq!(records[0][0], "案号", "headers in the user's language");
    assert_eq!(column(&records, "申请人"), listed);
    assert_eq!(column(&records, "申请人"), ["李*明", "孙*明", "钱*明", "赵*明"]);
    assert!(column(&records, "申请人电话").iter().all(|p| p == "138****5678"));
    assert!(column(&records, "状态").iter().all(|s| s == "待受理"));
    assert!(!String::from_utf8_lossy(&body).contains("13812345678"));
}

#[tokio::test]
async fn filters_apply_and_a_coordinator_exports_only_their_street() {
    let app = spawn_app().await;
    apply(&app, "观音桥街道", "赵一明").await;
    apply(&app, "观音桥街道", "钱二明").await;
    apply(&app, "五里店街道", "孙三明").await;
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;
    let (_, _, body) = download(&coordinator, &app, "/staff/cases/export.csv?queue=all").await;
    let names = column(&csv_records(&body), "申请人");
    assert_eq!(names, ["钱*明", "赵*明"]);
    // Asking for the other street by its id gives nothing of it.
    let wld = crate::helpers::mailbox::street_id(&app, "五里店街道");
    let path = format!("/staff/cases/export.csv?queue=all&street={wld}");
    let (status, _, body) = download(&coordinator, &app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv_records(&body).len(), 1, "the header only");
    // The admin's filter by street holds that street's case only.
    app.login_admin().await;
    let (_, _, body) = download(&app.client, &app, &path).await;
    assert_eq!(column(&csv_records(&body), "申请人"), ["孙*明"]);
}

#[tokio::test]
async fn a_cell_that_would_be_a_formula_is_neutralised() {
    let app = spawn_app().await;
    apply(&app, "观音桥街道", "=HYPERLINK(1)").await;
    app.login_admin().await;
    let (_, _, body) = download(&app.client, &app, "/staff/cases/export.csv").await;
    let names = column(&csv_records(&body), "申请人");
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with("'="), "{names:?}");
    let form = [("query", ""), ("format", "csv"), ("reason", "法院调取")];
    let res = app.post_form("/staff/cases/export", &form).await;
    let names = column(&csv_records(&res.bytes().await.unwrap()), "申请人");
    assert_eq!(names, ["'=HYPERLINK(1)"]);
    // XLSX strings are neutralised the same way.
    let (_, _, xlsx) = download(&app.client, &app, "/staff/cases/export.xlsx").await;
    let (sheet, _) = sheet_xml(&xlsx);
    let name = cell(&sheet, "L2");
    assert!(name.contains(">'=*") && name.contains("t=\"inlineStr\""), "{name}");
}

fn sheet_xml(xlsx: &[u8]) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX is a zip");
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    (read("xl/worksheets/sheet1.xml"), read("xl/styles.xml"))
}

#[tokio::test]
async fn the_xlsx_has_typed_cells_a_frozen_header_and_widths() {
    let app = spawn_app().await;
    apply(&app, "观音桥街道", "赵一明").await;
    app.login_admin().await;
    let (status, kind, body) = download(&app.client, &app, "/staff/cases/export.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let (sheet, styles) = sheet_xml(&body);
    assert!(sheet.contains("ySplit=\"1\""), "frozen header row");
    assert!(
        sheet.contains("<col ") && sheet.contains("customWidth=\"1\""),
        "set widths"
    );
    assert!(sheet.contains("案号"), "header in the user's language");
    assert!(sheet.contains("赵*明") && !sheet.contains("赵一明"), "masked");
    // B2, the registration day: a number with a date format, not text.
    let b2 = cell(&sheet, "B2");
    assert!(!b2.contains("t=\"") && b2.contains(" s=\""), "{b2}");
    assert!(styles.contains("yyyy-mm-dd"));
    // P2, the number of parties (applicant and respondent): a number.
    let p2 = cell(&sheet, "P2");
    assert!(!p2.contains("t=\"") && p2.contains("<v>2</v>"), "{p2}");
    // A text cell.
    assert!(cell(&sheet, "L2").contains("t=\"inlineStr\"") || cell(&sheet, "L2").contains("t=\"s\""));
}

/// The XML of one cell of a sheet.
fn cell(sheet: &str, reference: &str) -> String {
    let start = sheet
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("no cell {reference}"));
    let end = sheet[start..].find("</c>").map_or(sheet.len(), |e| start + e + 4);
    sheet[start..end].to_owned()
}

#[tokio::test]
async fn unmasked_export_needs_an_admin_and_a_reason_and_is_audited() {
    let app = spawn_app().await;
    apply(&app, "观音桥街道", "赵一明").await;
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;
    let form = [("query", "queue=all"), ("format", "csv"), ("reason", "法院调取")];
    let res = post_form(&coordinator, &app.address, "/staff/cases/export", &form).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("case.export_unmasked"), 0);

    app.login_admin().await;
    let (status, page) = app.get_html("/staff/cases/export?queue=all&q=").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        attr(&page, "input[name=query]", "value"),
        "queue=all&state=&dispute_type=&risk=&street=&community=&q=&from=&to="
    );
    // No reason: the error sits at the field and the form keeps the rest.
    let empty = [("query", "queue=all"), ("format", "csv"), ("reason", "  ")];
    let res = app.post_form("/staff/cases/export", &empty).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "#e-reason").len(), 1);
    assert_eq!(attr(&page, "input[name=query]", "value"), "queue=all");
    assert_eq!(attr(&page, "input[name=format][checked]", "value"), "csv");
    assert_eq!(app.audit_count("case.export_unmasked"), 0);

    let res = app.post_form("/staff/cases/export", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let records = csv_records(&res.bytes().await.unwrap());
    assert_eq!(column(&records, "申请人"), ["赵一明"]);
    assert_eq!(column(&records, "申请人电话"), ["13812345678"]);
    assert_eq!(app.audit_count("case.export_unmasked"), 1);
}
