//! An export longer than one chunk (500 rows) holds every row once: the
//! keyset paging neither skips nor repeats a row at a chunk's edge.

use std::collections::HashSet;

use super::cases::{csv_records, download};
use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::bench_seed::{self, Options};

#[tokio::test]
async fn a_long_export_holds_every_row_once() {
    let app = spawn_app().await;
    let options = Options {
        cases: 1_100,
        letters: 1_100,
        seed: 13,
        people: Default::default(),
    };
    bench_seed::generate(&mut app.conn(), &options).expect("seed-bench runs");
    app.login_admin().await;
    let (status, _, body) = download(&app.client, &app, "/staff/letters/export.csv").await;
    assert_eq!(status, StatusCode::OK);
    let records = csv_records(&body);
    let ids: HashSet<&String> = records[1..].iter().map(|r| &r[0]).collect();
    assert_eq!((records.len() - 1, ids.len()), (1_100, 1_100));

    let (_, _, body) = download(&app.client, &app, "/staff/cases/export.csv?queue=all").await;
    let records = csv_records(&body);
    assert_eq!(records.len() - 1, 1_100);
    let numbers: Vec<&String> = records[1..].iter().map(|r| &r[0]).filter(|n| !n.is_empty()).collect();
    let distinct: HashSet<&&String> = numbers.iter().collect();
    assert_eq!(numbers.len(), distinct.len(), "no case twice");
    assert!(numbers.len() > 900, "most cases were accepted and numbered");

    let (status, _, xlsx) = download(&app.client, &app, "/staff/cases/export.xlsx?queue=all").await;
    assert_eq!(status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
    assert!(sheet.contains("<row r=\"1101\"") && !sheet.contains("<row r=\"1102\""));
}
