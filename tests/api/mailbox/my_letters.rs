//! Issue 14 item 3: a letter on `/me` opens its status page (replies and
//! history) without the receipt code, for its sender only.

use reqwest::{Client, StatusCode};
use scraper::Selector;

use crate::helpers::mailbox::*;
use crate::helpers::*;

async fn resident(app: &TestApp, phone: &str) -> Client {
    let client = new_client();
    let password = "a long enough password";
    let fields = [
        ("phone", phone),
        ("name", "李大爷"),
        ("password", password),
        ("password_confirm", password),
        ("consent", "yes"),
    ];
    let res = post_form(&client, &app.address, "/register", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login(&client, &app.address, phone, password).await.status(),
        StatusCode::SEE_OTHER
    );
    client
}

#[tokio::test]
async fn a_letter_on_me_opens_its_status_page_for_its_sender_only() {
    let app = spawn_app().await;
    let compound = compound_id(&app, GYQ);
    let sender = resident(&app, "13911110000").await;
    let tokens = open_form(&sender, &app).await;
    let res = post_letter(&sender, &app, &tokens, &as_refs(&basic_fields(&compound)), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let letter = all_letters(&app).pop().unwrap();
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let reply = "已联系物业，本周五前修复雨棚。";
    act(&staff, &app, &letter.id, "reply", &[("body", reply)]).await;

    let (_, me) = get_html(&sender, &app.url("/me")).await;
    let link = Selector::parse(".my-letter a").unwrap();
    let href = me
        .select(&link)
        .next()
        .expect("a link")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(href, format!("/me/letters/{}", letter.id));
    let (status, page) = get_html(&sender, &app.url(&href)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, ".letter-status .letter-place"), ["塔坪小区"]);
    assert!(page.html().contains(reply), "the reply is on the status page");

    let other = resident(&app, "13922220000").await;
    assert_eq!(get(&other, &app.url(&href)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get(&new_client(), &app.url(&href)).await.status(),
        StatusCode::SEE_OTHER
    );
}
