//! Residents stop notifications: by the link in a message (a page with a
//! button; the POST records it, audited) or on "我的" for an account.

use reqwest::StatusCode;
use scraper::Html;

use super::*;
use crate::helpers::mailbox::{
    act, all_letters, as_refs, basic_fields, compound_id, coordinator, open_form, post_letter, send_letter,
};
use crate::helpers::sinks::{eventually, http_sink};
use yuanba::domain::notification::RecipientKind;

const STREET: &str = "观音桥街道";

#[tokio::test]
async fn the_stop_link_in_a_message_stops_further_messages() {
    let sink = http_sink().await;
    let app = app_with_gateway(&sink, 5).await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    act(&coord, &app, &letter.id, "reply", &[("body", "收到。")]).await;
    eventually("the first message", || sink.received().len() == 1).await;
    let token = stop_token(sink.received()[0]["text"].as_str().unwrap());

    // Opening the link changes nothing: it asks first.
    let (status, page) = app.get_html(&format!("/notifications/stop/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, ".notify-stop form button").len(), 1);
    assert_eq!(app.audit_count("notification.opt_out"), 0);

    let res = app.post_form(&format!("/notifications/stop/{token}"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "#notify-stopped").len(), 1);
    assert_eq!(app.audit_count("notification.opt_out"), 1);
    // Pressing it again is harmless and not audited twice.
    let res = app.post_form(&format!("/notifications/stop/{token}"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.audit_count("notification.opt_out"), 1);

    let res = act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        rows_for_letter(&app, &letter.id).len(),
        1,
        "no new message after the opt-out"
    );

    // A forged or altered token opens nothing.
    let forged = format!("{}0", &token[..token.len() - 1]);
    let forged = if forged == token {
        format!("{}1", &token[..token.len() - 1])
    } else {
        forged
    };
    assert_eq!(
        app.get(&format!("/notifications/stop/{forged}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app.post_form(&format!("/notifications/stop/{forged}"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_account_holder_turns_notifications_off_and_on_in_me() {
    let app = spawn_app().await;
    let phone = "13900001111";
    let password = "a long enough password";
    let res = app
        .post_form(
            "/register",
            &[
                ("phone", phone),
                ("name", "张阿姨"),
                ("password", password),
                ("password_confirm", password),
                ("consent", "yes"),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(app.login(phone, password).await.status(), StatusCode::SEE_OTHER);
    // A letter sent logged in, with no phone on the form: the account is told.
    let tokens = open_form(&app.client, &app).await;
    let fields = basic_fields(&compound_id(&app, STREET));
    let res = post_letter(&app.client, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let letter = all_letters(&app).pop().unwrap();
    let on_text = "您的来信和调解申请有进展时，我们会发短信通知您的手机号。";
    let (_, me) = app.get_html("/me").await;
    assert_eq!(select_text(&me, "#notify-state"), vec![on_text]);

    let res = app.post_form("/me/notifications", &[("notifications", "off")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("notification.opt_out"), 1);
    let (_, me) = app.get_html("/me").await;
    assert_eq!(select_text(&me, "#notify-state"), vec!["您已停止接收进展通知。"]);
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert!(rows_for_letter(&app, &letter.id).is_empty(), "off: nothing written");

    let res = app.post_form("/me/notifications", &[("notifications", "on")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("notification.opt_in"), 1);
    act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "answered"), ("reason", "已修复")],
    )
    .await;
    let rows = rows_for_letter(&app, &letter.id);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].recipient_kind, RecipientKind::Account);
    // Sealed at rest: the number is not in the row.
    assert!(!rows[0].address_sealed.contains(phone));

    let res = app.post_form("/me/notifications", &[("notifications", "maybe")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// A double-tapped stop button, many times at once: every request gets the
/// confirmation, one opt-out is recorded and audited (the losers of the
/// race roll back on the primary key instead of failing).
#[tokio::test]
async fn many_stop_requests_at_once_record_one_opt_out() {
    let sink = http_sink().await;
    let app = app_with_gateway(&sink, 5).await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    act(&coord, &app, &letter.id, "reply", &[("body", "收到。")]).await;
    eventually("the first message", || sink.received().len() == 1).await;
    let path = format!(
        "/notifications/stop/{}",
        stop_token(sink.received()[0]["text"].as_str().unwrap())
    );
    let requests: Vec<_> = (0..8)
        .map(|_| {
            let (client, address, path) = (new_client(), app.address.clone(), path.clone());
            tokio::spawn(async move { post_form(&client, &address, &path, &[]).await.status() })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(app.audit_count("notification.opt_out"), 1);
}

/// Someone who signs up with a number cannot undo the stop link its holder
/// pressed: "我的" says how it was stopped and offers no button, a forged
/// "on" changes nothing, and only the link's own "resume" brings messages back.
#[tokio::test]
async fn a_stop_by_link_is_undone_only_by_the_link() {
    let sink = http_sink().await;
    let app = app_with_gateway(&sink, 5).await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    act(&coord, &app, &letter.id, "reply", &[("body", "收到。")]).await;
    eventually("the first message", || sink.received().len() == 1).await;
    let stop = format!(
        "/notifications/stop/{}",
        stop_token(sink.received()[0]["text"].as_str().unwrap())
    );
    assert_eq!(app.post_form(&stop, &[]).await.status(), StatusCode::OK);

    // Someone else registers with that number.
    let password = "a long enough password";
    let fields = [
        ("phone", letter.contact_phone.as_str()),
        ("name", "冒用者"),
        ("password", password),
        ("password_confirm", password),
        ("consent", "yes"),
    ];
    let res = app.post_form("/register", &fields).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(
        app.login(&letter.contact_phone, password).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, me) = app.get_html("/me").await;
    assert_eq!(select_text(&me, "#notify-by-link").len(), 1);
    assert!(select_text(&me, ".notify-setting form button").is_empty(), "no button");
    let res = app.post_form("/me/notifications", &[("notifications", "on")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("notification.opt_in"), 0, "the account cannot undo it");
    act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert_eq!(rows_for_letter(&app, &letter.id).len(), 1, "still stopped");

    // The link's holder resumes.
    let res = app.post_form(&format!("{stop}/resume"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, "#notify-resumed").len(), 1);
    assert_eq!(app.audit_count("notification.opt_in"), 1);
    act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "answered"), ("reason", "已修复")],
    )
    .await;
    assert!(rows_for_letter(&app, &letter.id).len() > 1, "messages again");
    let forged = app.post_form("/notifications/stop/x.0000/resume", &[]).await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
}
