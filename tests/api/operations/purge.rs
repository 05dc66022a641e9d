//! `yuanba purge` through the binary (issue 15, PIPL retention): an answered
//! letter's contact and photo, and an archived case file's parties, texts
//! and proof, are gone from the pages, the unmasked export and the database
//! file afterwards, while the statistics read the same; the dry run lists
//! exactly that and changes nothing; a second purge finds nothing to do.

use diesel::prelude::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::schema::{audit_log, case_parties, cases, letter_photos, letters};
use yuanba::demo::DEMO_PASSWORD;

use super::child::{Deployment, Server, files_under};
use super::submit::{Outcome, Target, send_letter};
use crate::helpers::{first_attr, get_html, login, new_client};

/// The phone `send_letter` writes on every letter (stored normalised).
const PHONE: &str = "13812345678";
const DAY: i64 = 86_400;

/// Every retention period at zero: everything past its starting point is due.
const AT_ONCE: [(&str, &str); 3] = [
    ("YUANBA_RETAIN_LETTER_CONTACT_DAYS", "0"),
    ("YUANBA_RETAIN_CASE_LONG_YEARS", "0"),
    ("YUANBA_RETAIN_NOTIFICATION_DAYS", "0"),
];

async fn purge(deployment: &Deployment, args: &[&str]) -> String {
    let mut cmd = deployment.command(args);
    for (key, value) in AT_ONCE {
        cmd.env(key, value);
    }
    let out = cmd.output().await.expect("binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{args:?}: {text}");
    text
}

/// The line of the report about `kind`.
fn line<'a>(report: &'a str, kind: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with(kind))
        .unwrap_or_else(|| panic!("{kind} in {report}"))
}

async fn admin(server: &Server) -> Client {
    let client = new_client();
    let res = login(&client, &server.address, "demo-admin", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// The unmasked letters export (a POST with a reason), as text.
async fn unmasked_letters(server: &Server, admin: &Client) -> String {
    let (_, form) = get_html(admin, &server.url("/staff/letters/export")).await;
    let csrf = first_attr(&form, "input[name=csrf]", "value");
    let res = admin
        .post(server.url("/staff/letters/export"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("format", "csv"),
            ("query", ""),
            ("reason", "核对回访名单"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

/// The statistics page with the per-visit tokens blanked out.
async fn statistics(server: &Server, admin: &Client) -> String {
    let res = admin.get(server.url("/admin/stats")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let csrf = first_attr(&Html::parse_document(&html), "input[name=csrf]", "value");
    if csrf.is_empty() {
        html
    } else {
        html.replace(&csrf, "TOKEN")
    }
}

/// Answers letter `id` `days_ago` days ago, as staff setting it to done would.
fn answer(deployment: &Deployment, id: &str, days_ago: i64) {
    let at = yuanba::db::now_ts() - days_ago * DAY;
    diesel::update(letters::table.find(id))
        .set((letters::status.eq("done"), letters::resolved_at.eq(Some(at))))
        .execute(&mut deployment.conn())
        .unwrap();
}

fn archived_case(deployment: &Deployment) -> (String, Vec<String>) {
    let mut conn = deployment.conn();
    let id: String = cases::table
        .filter(cases::state.eq("ARCHIVED"))
        .select(cases::id)
        .first(&mut conn)
        .expect("the demo has an archived case");
    let names = case_parties::table
        .filter(case_parties::case_id.eq(&id))
        .select(case_parties::name)
        .load(&mut conn)
        .unwrap();
    (id, names)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_removes_what_is_due_and_leaves_the_figures() {
    let deployment = Deployment::new();
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let server = deployment.start().await;
    let target = Target::prepare(&mut deployment.conn(), &server.address);
    let resident = new_client();
    for _ in 0..2 {
        assert!(matches!(send_letter(&resident, &target).await, Outcome::Receipt(_)));
    }
    let ids: Vec<String> = letters::table
        .filter(letters::contact_phone.eq(PHONE))
        .select(letters::id)
        .order(letters::created_at)
        .load(&mut deployment.conn())
        .unwrap();
    let (answered, open) = (ids[0].clone(), ids[1].clone());
    answer(&deployment, &answered, 3);
    let photo: String = letter_photos::table
        .filter(letter_photos::letter_id.eq(&answered))
        .select(letter_photos::stored_name)
        .first(&mut deployment.conn())
        .unwrap();
    let (case_id, party_names) = archived_case(&deployment);
    let admin = admin(&server).await;
    let letter_page = format!("/staff/letters/{answered}");
    // Lists and pages show the contact masked; the export below unmasked.
    let masked = yuanba::domain::masking::mask_name("李秀兰");
    let (_, before) = get_html(&admin, &server.url(&letter_page)).await;
    assert!(before.html().contains(&masked), "the contact shows before the purge");
    assert!(unmasked_letters(&server, &admin).await.contains(PHONE));
    let stats_before = statistics(&server, &admin).await;

    // The dry run lists exactly what is due and changes nothing.
    let dry = purge(&deployment, &["purge", "--dry-run"]).await;
    assert!(
        line(&dry, "letter_contacts").contains("due:       1 records,      1 files"),
        "{dry}"
    );
    assert!(line(&dry, "case_files").contains("due:       1 records"), "{dry}");
    let still: i64 = letters::table
        .filter(letters::contact_phone.eq(PHONE))
        .count()
        .get_result(&mut deployment.conn())
        .unwrap();
    assert_eq!(still, 2, "a dry run changes nothing");

    let done = purge(&deployment, &["purge"]).await;
    assert!(
        line(&done, "letter_contacts").contains("purged:       1 records,      1 files"),
        "{done}"
    );
    assert!(line(&done, "case_files").contains("purged:       1 records"), "{done}");

    // Gone from the pages and the export; the open letter keeps its contact.
    let (status, after) = get_html(&admin, &server.url(&letter_page)).await;
    assert_eq!(status, StatusCode::OK, "the letter itself stays");
    assert!(!after.html().contains(&masked) && !after.html().contains("李秀兰"));
    let export = unmasked_letters(&server, &admin).await;
    assert_eq!(
        export.matches(PHONE).count(),
        1,
        "only the open letter's phone: {export}"
    );
    let (_, open_page) = get_html(&admin, &server.url(&format!("/staff/letters/{open}"))).await;
    assert!(
        open_page.html().contains(&masked),
        "a letter not yet answered keeps its contact"
    );
    let letters_dir = deployment.data_dir.join("uploads").join("letters");
    assert!(
        !files_under(&letters_dir).contains_key(&photo),
        "the photo file is deleted"
    );
    let (status, case_page) = get_html(&admin, &server.url(&format!("/staff/cases/{case_id}"))).await;
    assert_eq!(status, StatusCode::OK);
    for name in &party_names {
        assert!(
            !case_page.html().contains(name.as_str()),
            "{name} is gone from the case page"
        );
    }
    let placeholder = yuanba::domain::masking::mask_name("当事人1");
    assert!(case_page.html().contains(&placeholder), "the parties read 当事人1 …");

    // The figures are the same, and each batch is audited.
    assert_eq!(statistics(&server, &admin).await, stats_before, "statistics unchanged");
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("retention.purge"))
        .count()
        .get_result(&mut deployment.conn())
        .unwrap();
    assert!(audited >= 2, "one audit row per batch and kind: {audited}");

    // Nothing is left to do.
    let again = purge(&deployment, &["purge"]).await;
    assert!(
        line(&again, "letter_contacts").contains("purged:       0 records"),
        "{again}"
    );
    assert!(
        line(&again, "case_files").contains("purged:       0 records"),
        "{again}"
    );

    server.terminate();
    assert!(server.wait().await.success());
    if !deployment.is_postgres() {
        assert_gone_from_the_file(&deployment, &party_names);
    }
}

/// The records and files a report line gives after `verb:`.
fn figures(report: &str, kind: &str, verb: &str) -> (u64, u64) {
    let line = line(report, kind);
    let rest = line.split_once(&format!("{verb}:")).map_or("", |(_, r)| r);
    let numbers: Vec<u64> = rest
        .split(',')
        .filter_map(|part| part.split_whitespace().next()?.parse().ok())
        .collect();
    (
        numbers.first().copied().unwrap_or(0),
        numbers.get(1).copied().unwrap_or(0),
    )
}

/// Two purges at once (two machines' schedules, or a retry while the first
/// still runs): between them every due record is purged exactly once and
/// every due file deleted; neither fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_purges_at_once_purge_each_record_once() {
    let deployment = Deployment::new();
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let server = deployment.start().await;
    let target = Target::prepare(&mut deployment.conn(), &server.address);
    let resident = new_client();
    for _ in 0..6 {
        assert!(matches!(send_letter(&resident, &target).await, Outcome::Receipt(_)));
    }
    let ids: Vec<String> = letters::table
        .filter(letters::contact_phone.eq(PHONE))
        .select(letters::id)
        .load(&mut deployment.conn())
        .unwrap();
    for id in &ids {
        answer(&deployment, id, 3);
    }
    let photos: Vec<String> = letter_photos::table
        .filter(letter_photos::letter_id.eq_any(&ids))
        .select(letter_photos::stored_name)
        .load(&mut deployment.conn())
        .unwrap();
    assert_eq!(photos.len(), ids.len(), "one photo per letter");
    let dry = purge(&deployment, &["purge", "--dry-run"]).await;
    let due_letters = figures(&dry, "letter_contacts", "due");
    let due_cases = figures(&dry, "case_files", "due");
    assert!(due_letters.0 >= 6 && due_letters.1 >= 6, "{dry}");

    let (a, b) = tokio::join!(purge(&deployment, &["purge"]), purge(&deployment, &["purge"]));
    let sum = |kind: &str| {
        let (x, y) = (figures(&a, kind, "purged"), figures(&b, kind, "purged"));
        (x.0 + y.0, x.1 + y.1)
    };
    assert_eq!(sum("letter_contacts"), due_letters, "{a}\n{b}");
    assert_eq!(sum("case_files").0, due_cases.0, "{a}\n{b}");
    let left: i64 = letters::table
        .filter(letters::contact_phone.eq(PHONE))
        .count()
        .get_result(&mut deployment.conn())
        .unwrap();
    assert_eq!(left, 0, "every answered letter lost its contact");
    let rows: i64 = letter_photos::table
        .filter(letter_photos::letter_id.eq_any(&ids))
        .count()
        .get_result(&mut deployment.conn())
        .unwrap();
    assert_eq!(rows, 0, "the photo rows went with their letters' contacts");
    let on_disk = files_under(&deployment.data_dir.join("uploads").join("letters"));
    for name in &photos {
        assert!(!on_disk.contains_key(name), "{name} is deleted");
    }
    let again = purge(&deployment, &["purge", "--dry-run"]).await;
    assert_eq!(figures(&again, "letter_contacts", "due"), (0, 0), "{again}");
    server.terminate();
    assert!(server.wait().await.success());
}

/// The SQLite file holds no byte of what was purged, without a VACUUM:
/// the purge overwrote the freed space and folded the WAL in.
fn assert_gone_from_the_file(deployment: &Deployment, party_names: &[String]) {
    let mut bytes = std::fs::read(deployment.data_dir.join("yuanba.db")).unwrap();
    bytes.extend(std::fs::read(deployment.data_dir.join("yuanba.db-wal")).unwrap_or_default());
    let holds = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        holds(PHONE),
        "the open letter's phone is still there, so the search works"
    );
    for name in party_names {
        assert!(!holds(name), "{name} is gone from the database file");
    }
}
