//! Issue 14 item 2 in the browser: a resident with an account sends a
//! letter, a coordinator's reply writes a message to the outbox, the
//! message's stop link asks before it stops (and can undo it), "我的"
//! turns messages off and on, and an admin reads the outbox with a failed
//! message. Each page at 390×844 and 1280×900, in Chinese and English,
//! normal and elderly mode, looked at like the other resident pages.

use crate::common::*;
use crate::resident_shots::{MODES, look_into, mode_name, next_mode};
use crate::*;
use yuanba::db::letters::{self, LetterFilter};
use yuanba::db::{notifications, places};
use yuanba::domain::notification::ObjectKind;

const SHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots/notify");
const BODY: &str = "楼道灯坏了，晚上看不见台阶。";

/// The stop link's token of a stored message, signed with the instance's
/// own key as the message would have been.
fn stop_token(app: &TestApp, notification_id: &str) -> String {
    let hex_key = match &app.config.session_secret {
        Some(key) => key.clone(),
        None => std::fs::read_to_string(app.config.data_dir.join("session.key")).unwrap(),
    };
    let secret = hex::decode(hex_key.trim()).unwrap();
    let outbox = yuanba::notify::Outbox::new(&secret, None);
    yuanba::notify::opt_out::link_token(&outbox, notification_id)
}

/// The coordinator of the letter's street replies to it over HTTP.
async fn reply_as_coordinator(app: &TestApp, letter: &letters::Letter) {
    let street = places::find(&mut app.conn(), &letter.street_id).unwrap().unwrap();
    app.create_user(
        "notify-coord",
        yuanba::domain::role::Role::Coordinator,
        None,
        Some(&street.name),
    );
    let staff = new_client();
    login(&staff, &app.address, "notify-coord", USER_PASSWORD).await;
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    let version = first_attr(&page, "input[name=version]", "value");
    let path = format!("/staff/letters/{}/reply", letter.id);
    let fields = [("version", version.as_str()), ("body", "已安排电工明天维修。")];
    let res = post_form(&staff, &app.address, &path, &fields).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_resident_stops_messages_and_an_admin_reads_the_outbox() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.log_in(&app, "13800000001", yuanba::demo::DEMO_PASSWORD).await;
    b.client.goto(&app.url("/letters/new")).await.unwrap();
    crate::resident_shots::send_letter(&b, BODY).await;
    // The receipt prints as a slip: the status link, its QR code and the code.
    crate::agreement_print::print(&b, "receipt-slip-zh").await;
    let letter = letters::list(&mut app.conn(), &LetterFilter::default(), 1000)
        .unwrap()
        .into_iter()
        .find(|l| l.body == BODY)
        .expect("the letter is stored");
    reply_as_coordinator(&app, &letter).await;
    let rows = notifications::for_object(&mut app.conn(), ObjectKind::Letter, &letter.id).unwrap();
    assert_eq!(rows.len(), 1, "the reply writes one message");
    let stop = app.url(&format!("/notifications/stop/{}", stop_token(&app, &rows[0].id)));

    let mut found = Vec::new();
    for mode in MODES {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            let name = format!("{width}-{}", mode_name(mode));
            b.client.goto(&app.url("/me#notifications")).await.unwrap();
            found.extend(look_into(&b, SHOTS, size, &format!("{name}-me"), mode.1).await);
            b.client.goto(&stop).await.unwrap();
            found.extend(look_into(&b, SHOTS, size, &format!("{name}-stop"), mode.1).await);
        }
        next_mode(&b, &app, mode).await;
    }

    // The link stops messages to that number, says so, and can be undone.
    b.size(PHONE).await;
    b.client.goto(&stop).await.unwrap();
    b.click(".notify-stop form button").await;
    b.find("#notify-stopped").await;
    found.extend(look_into(&b, SHOTS, PHONE, "phone-zh-stopped", false).await);
    b.client.goto(&app.url("/me")).await.unwrap();
    b.find("#notify-by-link").await;
    b.client.goto(&stop).await.unwrap();
    b.click(".notify-stop form button").await;
    b.click("form[action$='/resume'] button").await;
    b.find("#notify-resumed").await;
    // "我的" turns them off and on again.
    b.client.goto(&app.url("/me")).await.unwrap();
    b.click("form[action='/me/notifications'] button").await;
    b.client.goto(&app.url("/me")).await.unwrap();
    assert_eq!(b.text("#notify-state").await, "您已停止接收进展通知。");
    b.click("form[action='/me/notifications'] button").await;
    b.client.goto(&app.url("/me")).await.unwrap();
    assert_ne!(b.text("#notify-state").await, "您已停止接收进展通知。");

    // The admin's outbox, with the message failed for good.
    app.run_sql(&format!(
        "UPDATE notifications SET state = 'failed', attempts = 5, last_error = 'gateway_unreachable' WHERE id = '{}'",
        rows[0].id
    ))
    .unwrap();
    b.client.delete_all_cookies().await.unwrap();
    b.log_in(&app, "demo-admin", yuanba::demo::DEMO_PASSWORD).await;
    for elder in [false, true] {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            b.client.goto(&app.url("/admin/notifications")).await.unwrap();
            assert_eq!(b.text("#notify-failures .error").await, "连不上短信网关");
            let name = format!("{width}-zh{}-outbox", if elder { "-elder" } else { "" });
            found.extend(look_into(&b, SHOTS, size, &name, elder).await);
        }
        if !elder {
            next_mode(&b, &app, ("zh", false)).await;
        }
    }
    b.close().await;
    assert!(found.is_empty(), "pages that look wrong:\n{}", found.join("\n"));
}
