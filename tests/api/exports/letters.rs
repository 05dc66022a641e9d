//! CSV and XLSX exports of the mailbox queue: the queue's letters in the
//! coordinator's street only, masked, neutralised; unmasked for an admin
//! with a reason, audited.

use super::cases::{csv_records, download};
use crate::helpers::mailbox::*;
use crate::helpers::*;
use reqwest::StatusCode;

/// A letter about `street`'s test compound from `name`, saying `body`.
async fn send(app: &TestApp, street: &str, name: &str, body: &str) {
    let resident = new_client();
    let tokens = open_form(&resident, app).await;
    let mut fields = basic_fields(&compound_id(app, street));
    fields.retain(|(k, _)| *k != "body");
    fields.push(("body", body.to_owned()));
    fields.push(("contact_name", name.to_owned()));
    fields.push(("contact_phone", "13812345678".to_owned()));
    fields.push(("consent", "yes".to_owned()));
    let res = post_letter(&resident, app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

fn column(records: &[Vec<String>], header: &str) -> Vec<String> {
    let i = records[0].iter().position(|h| h == header).expect(header);
    records[1..].iter().map(|r| r[i].clone()).collect()
}

#[tokio::test]
async fn a_coordinator_exports_their_streets_letters_masked_and_neutralised() {
    let app = spawn_app().await;
    send(&app, "观音桥街道", "李秀兰", "=1+2 楼道灯坏了，电话13812345678").await;
    send(&app, "观音桥街道", "王大明", "路灯不亮，晚上出门很不方便。").await;
    send(&app, "五里店街道", "张秀英", "垃圾站太臭了，请处理。").await;
    let gyq = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let (_, list) = get_html(&gyq, &app.url("/staff/letters")).await;
    let listed = select_text(&list, "tr.letter-row").len();
    let (status, kind, body) = download(&gyq, &app, "/staff/letters/export.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"));
    let records = csv_records(&body);
    assert_eq!(records.len() - 1, listed);
    assert_eq!(column(&records, "联系人"), ["王*明", "李*兰"]);
    assert!(column(&records, "电话").iter().all(|p| p == "138****5678"));
    let texts = column(&records, "来信内容（节选）");
    assert!(texts[1].starts_with("'=1+2"), "{texts:?}");
    assert!(!texts[1].contains("13812345678"), "numbers in the text masked");
    assert!(
        !String::from_utf8_lossy(&body).contains("张"),
        "another street's letter"
    );
    // The XLSX holds the same letters.
    let (status, _, xlsx) = download(&gyq, &app, "/staff/letters/export.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"));
}

#[tokio::test]
async fn unmasked_letters_need_an_admin_and_a_reason() {
    let app = spawn_app().await;
    send(&app, "观音桥街道", "李秀兰", "楼道灯坏了。").await;
    let gyq = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let form = [("query", ""), ("format", "csv"), ("reason", "核实来信人")];
    let res = post_form(&gyq, &app.address, "/staff/letters/export", &form).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.login_admin().await;
    let res = app
        .post_form(
            "/staff/letters/export",
            &[("query", ""), ("format", "xlsx"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.audit_count("letter.export_unmasked"), 0);
    let res = app.post_form("/staff/letters/export", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let records = csv_records(&res.bytes().await.unwrap());
    assert_eq!(column(&records, "联系人"), ["李秀兰"]);
    assert_eq!(column(&records, "电话"), ["13812345678"]);
    assert_eq!(app.audit_count("letter.export_unmasked"), 1);
}
