//! Delivery: the SMS gateway and the SMTP relay get the right message;
//! a failing gateway is retried, then the failure is on the admin page;
//! two instances on one database send each message once.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;

use super::*;
use crate::helpers::mailbox::{act, coordinator, send_letter};
use crate::helpers::mediation::{apply_online, cast, expect_step};
use crate::helpers::sinks::{eventually, http_sink, smtp_sink};
use yuanba::domain::notification::NotificationState;
use yuanba::notify::config::SmtpConfig;
use yuanba::startup::Application;

const STREET: &str = "观音桥街道";

#[tokio::test]
async fn a_reply_and_a_status_change_reach_the_sms_gateway_with_their_templates() {
    let sink = http_sink().await;
    let app = app_with_gateway(&sink, 5).await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    let res = act(
        &coord,
        &app,
        &letter.id,
        "reply",
        &[("body", "已转社区处理，请耐心等待。")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    eventually("two messages at the gateway", || sink.received().len() == 2).await;
    let got = sink.received();
    let templates: HashSet<&str> = got.iter().map(|b| b["template"].as_str().unwrap()).collect();
    assert_eq!(templates, HashSet::from(["letter_reply", "letter_status"]));
    for body in &got {
        assert_eq!(body["to"], PHONE);
        let text = body["text"].as_str().unwrap();
        assert!(
            text.contains("/track") && text.contains("/notifications/stop/"),
            "{text}"
        );
        // Neither the letter's text nor the reply's leaves in a message.
        assert!(!text.contains("雨棚") && !text.contains("已转社区"), "{text}");
    }
    let status = got.iter().find(|b| b["template"] == "letter_status").unwrap();
    assert!(status["text"].as_str().unwrap().contains("处理中"), "{status}");
    eventually("both rows marked sent", || {
        rows_for_letter(&app, &letter.id)
            .iter()
            .all(|r| r.state == NotificationState::Sent)
    })
    .await;
}

#[tokio::test]
async fn an_accepted_application_is_e_mailed_through_the_smtp_relay() {
    let relay = smtp_sink();
    let port = relay.port;
    let app = spawn_app_with(move |c| {
        c.notify.channel = Some(ChannelKind::Smtp);
        c.notify.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            from: "noreply@yuanba.test".into(),
            phone_domain: Some("sms.example.test".into()),
        });
        c.notify.worker = true;
        c.notify.poll = Duration::from_millis(50);
    })
    .await;
    let case_id = apply_online(&app, STREET).await;
    let cast = cast(&app).await;
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;

    eventually("one mail at the relay", || relay.mails.lock().unwrap().len() == 1).await;
    let mail = relay.mails.lock().unwrap()[0].clone();
    assert_eq!(mail.recipients, vec![format!("{PHONE}@sms.example.test")]);
    let number = yuanba::db::cases::find(&mut app.conn(), &case_id)
        .unwrap()
        .unwrap()
        .case_number
        .unwrap();
    let text = mail.text();
    assert!(text.contains("已受理") && text.contains(&number), "{text}");
    assert!(mail.data.contains("Content-Type: text/plain; charset=utf-8"));
    assert_eq!(rows_for_case(&app, &case_id)[0].template.code(), "case_accepted");
}

#[tokio::test]
async fn a_failing_gateway_is_retried_then_failed_shown_to_the_admin_and_retried_by_hand() {
    let sink = http_sink().await;
    sink.answer(503);
    let app = app_with_gateway(&sink, 3).await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    act(&coord, &app, &letter.id, "reply", &[("body", "收到。")]).await;

    let failed = |app: &TestApp| rows_for_letter(app, &letter.id)[0].state == NotificationState::Failed;
    eventually("the message marked failed", || failed(&app)).await;
    let row = rows_for_letter(&app, &letter.id).remove(0);
    assert_eq!((row.attempts, row.last_error.as_str()), (3, "gateway_status:503"));
    assert_eq!(sink.received().len(), 3, "three attempts, then no more");

    app.login_admin().await;
    let (status, page) = app.get_html("/admin/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&page, ".notify-count[data-state=failed] .stat-value"),
        vec!["1"]
    );
    assert_eq!(select_text(&page, ".notify-failure .error"), vec!["短信网关返回 503"]);
    assert_eq!(select_text(&page, ".notify-failure .attempts"), vec!["3"]);
    assert_eq!(select_text(&page, ".notify-failure .recipient"), vec!["138****5678"]);
    assert!(!page.html().contains(PHONE), "the address is masked");

    sink.answer(200);
    let res = app
        .post_form(&format!("/admin/notifications/{}/retry", row.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("notification.retry"), 1);
    eventually("the retried message sent", || {
        rows_for_letter(&app, &letter.id)[0].state == NotificationState::Sent
    })
    .await;
    assert_eq!(sink.received().len(), 4);
    let (_, page) = app.get_html("/admin/notifications").await;
    assert!(select_text(&page, ".notify-failure").is_empty());
}

#[tokio::test]
async fn two_instances_on_one_database_send_every_message_exactly_once() {
    let sink = http_sink().await;
    let url = sink.url.clone();
    // The first instance only writes rows; the two others deliver.
    let app = spawn_app_with(move |c| {
        c.notify.channel = Some(ChannelKind::Sms);
        c.notify.sms = Some(SmsConfig {
            url,
            body_template: DEFAULT_SMS_TEMPLATE.to_owned(),
        });
    })
    .await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    const MESSAGES: usize = 30;
    for i in 0..MESSAGES {
        let res = act(
            &coord,
            &app,
            &letter.id,
            "reply",
            &[("body", &format!("第 {i} 次答复"))],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(rows_for_letter(&app, &letter.id).len(), MESSAGES);

    let mut config = app.config.clone();
    config.notify.worker = true;
    config.notify.poll = Duration::from_millis(5);
    for _ in 0..2 {
        let other = Application::build(&config).expect("a second instance builds");
        tokio::spawn(other.run_until_stopped());
    }
    eventually("every row sent", || {
        rows_for_letter(&app, &letter.id)
            .iter()
            .all(|r| r.state == NotificationState::Sent)
    })
    .await;
    // A twin delivery would be in flight by now: give it the time to land.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ids: Vec<String> = sink
        .received()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), distinct.len()), (MESSAGES, MESSAGES), "each message once");
    assert!(rows_for_letter(&app, &letter.id).iter().all(|r| r.attempts == 1));
}
