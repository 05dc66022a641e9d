//! `yuanba backup` and `yuanba restore` through the binary: a populated
//! installation (letters with photos, a case with a proof) is backed up,
//! wiped and restored, and shows the same pages and files. On PostgreSQL
//! the commands wrap `pg_dump -Fc` / `pg_restore`, and "wiped" is a new
//! empty database; `scripts/pg-backup-roundtrip.sh` also compares row
//! counts table by table.

use std::path::Path;

use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::cases::{self, CaseScope};
use yuanba::demo::DEMO_PASSWORD;

use super::child::{Deployment, Server, files_under};
use super::submit::{Outcome, Target, send_application, send_letter, track};
use crate::helpers::mailbox::{Upload, multipart_body, png};
use crate::helpers::{ADMIN_PASSWORD, first_attr, get_html, login, new_client};

/// The page with the tokens that differ per visit blanked out.
fn comparable(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = html.to_owned();
    for name in ["csrf", "form_token"] {
        let value = first_attr(&doc, &format!("input[name={name}]"), "value");
        if !value.is_empty() {
            out = out.replace(&value, "TOKEN");
        }
    }
    out
}

async fn logged_in(server: &Server, user: &str, password: &str) -> Client {
    let client = new_client();
    let res = login(&client, &server.address, user, password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{user} logs in");
    client
}

/// demo-xiaoma uploads a proof of performance to a demo case in PERFORMING.
async fn upload_proof(server: &Server, lead: &Client, case_id: &str) {
    let (_, page) = get_html(lead, &server.url(&format!("/staff/cases/{case_id}/performance"))).await;
    let fields = [
        ("version", first_attr(&page, "input[name=version]", "value")),
        ("seen_event", first_attr(&page, "input[name=seen_event]", "value")),
        ("description", "转账截图 3000 元".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let proof = Upload {
        field: "file",
        filename: "transfer.png",
        content_type: "image/png",
        data: png(40, 30),
    };
    let (content_type, body) = multipart_body(&first_attr(&page, "input[name=csrf]", "value"), &fields, &[proof]);
    let res = lead
        .post(server.url(&format!("/staff/cases/{case_id}/proofs")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the proof is stored");
}

/// Everything a resident and the staff can see that the test compares.
struct Snapshot {
    pages: Vec<String>,
    proof: Vec<u8>,
}

async fn snapshot(server: &Server, target: &Target, codes: &[String], case_id: &str, lead: &Client) -> Snapshot {
    let mut pages = Vec::new();
    for code in codes {
        let (status, page) = track(target, code).await;
        assert_eq!(status, StatusCode::OK, "{code} opens");
        pages.push(comparable(&page));
    }
    for path in [
        format!("/staff/cases/{case_id}"),
        format!("/staff/cases/{case_id}/performance"),
    ] {
        let res = lead.get(server.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        pages.push(comparable(&res.text().await.unwrap()));
    }
    let proof = lead
        .get(server.url(&format!("/staff/cases/{case_id}/proofs/1")))
        .send()
        .await
        .unwrap();
    assert_eq!(proof.status(), StatusCode::OK);
    Snapshot {
        pages,
        proof: proof.bytes().await.unwrap().to_vec(),
    }
}

fn stdout(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn wipe(data_dir: &Path) {
    for entry in std::fs::read_dir(data_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_wipe_restore_gives_back_the_same_pages_and_files() {
    let mut deployment = Deployment::new();
    assert!(deployment.run(&["seed-demo"]).await.status.success());
    let server = deployment.start().await;
    let target = Target::prepare(&mut deployment.conn(), &server.address);
    let resident = new_client();
    let mut codes = Vec::new();
    for n in 0..4 {
        let sent = if n == 3 {
            send_application(&resident, &target).await
        } else {
            send_letter(&resident, &target).await
        };
        let Outcome::Receipt(code) = sent else {
            panic!("a receipt: {sent:?}")
        };
        codes.push(code);
    }
    let lead = logged_in(&server, "demo-xiaoma", DEMO_PASSWORD).await;
    let case_id = cases::list(&mut deployment.conn(), &CaseScope::All, &Default::default(), 100)
        .unwrap()
        .into_iter()
        .find(|c| c.state.code() == "PERFORMING")
        .expect("a demo case in PERFORMING")
        .id;
    upload_proof(&server, &lead, &case_id).await;
    let before = snapshot(&server, &target, &codes, &case_id, &lead).await;
    let uploads = deployment.data_dir.join("uploads");
    let files_before = files_under(&uploads);
    assert!(
        files_before.len() >= 4,
        "three photos and a proof: {:?}",
        files_before.keys()
    );

    // Online backup, while the server runs.
    let bundle = deployment.data_dir.with_extension("bundle");
    let made = deployment.run(&["backup", bundle.to_str().unwrap()]).await;
    assert!(made.status.success(), "{}", stdout(&made));
    let database = if deployment.is_postgres() {
        "database.pgdump"
    } else {
        "yuanba.db"
    };
    assert!(bundle.join("manifest.json").is_file() && bundle.join(database).is_file());
    let Outcome::Receipt(after_backup) = send_letter(&resident, &target).await else {
        panic!("a receipt")
    };

    // A restore under the running server is refused and changes nothing.
    let refused = deployment.run(&["restore", bundle.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    assert!(stdout(&refused).contains("server is running"), "{}", stdout(&refused));
    assert_eq!(track(&target, &after_backup).await.0, StatusCode::OK);
    server.terminate();
    assert!(server.wait().await.success());

    if deployment.is_postgres() {
        // The database in use is never overwritten: restore needs an empty one.
        let refused = deployment.run(&["restore", bundle.to_str().unwrap()]).await;
        assert!(
            stdout(&refused).contains("already holds a Yuanba schema"),
            "{}",
            stdout(&refused)
        );
        deployment.fresh_database();
    }
    wipe(&deployment.data_dir);
    assert_tampered_bundle_is_refused(&deployment, &bundle).await;
    let restored = deployment.run(&["restore", bundle.to_str().unwrap()]).await;
    assert!(restored.status.success(), "{}", stdout(&restored));
    println!("{}", stdout(&restored).trim());

    let server = deployment.start().await;
    let target = target.at(&server.address);
    let lead = logged_in(&server, "demo-xiaoma", DEMO_PASSWORD).await;
    let after = snapshot(&server, &target, &codes, &case_id, &lead).await;
    assert_eq!(after.pages, before.pages, "the same pages after the restore");
    assert_eq!(after.proof, before.proof, "the same proof bytes");
    assert_eq!(files_under(&uploads), files_before, "the same uploads");
    let (status, _) = track(&target, &after_backup).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a letter sent after the backup is not in it"
    );
    let admin = logged_in(&server, "admin", ADMIN_PASSWORD).await;
    let (status, _) = get_html(&admin, &server.url(&format!("/staff/cases/{case_id}"))).await;
    assert_eq!(status, StatusCode::OK, "the admin of the backup logs in");
    server.terminate();
    assert!(server.wait().await.success());
    std::fs::remove_dir_all(bundle).unwrap();
}

/// A bundle with one photo changed is refused before anything is touched.
async fn assert_tampered_bundle_is_refused(deployment: &Deployment, bundle: &Path) {
    let tampered = bundle.with_extension("tampered");
    super::child::copy_dir(bundle, &tampered);
    let photo = files_under(&tampered.join("uploads")).into_keys().next().unwrap();
    let path = tampered.join("uploads").join(photo);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[20] ^= 0xff;
    std::fs::write(&path, bytes).unwrap();
    let refused = deployment.run(&["restore", tampered.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    assert!(
        stdout(&refused).contains("differs from the manifest"),
        "{}",
        stdout(&refused)
    );
    assert!(
        !deployment.data_dir.join("yuanba.db").exists(),
        "nothing was put in place"
    );
    assert!(
        !deployment.data_dir.join("uploads").exists(),
        "nothing was put in place"
    );
    std::fs::remove_dir_all(tampered).unwrap();
}
