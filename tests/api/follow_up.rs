//! Issue 14 item 1: following a submission up without copying its code.
//! The receipt page gives a personal status link, its QR code (inline SVG)
//! and a nudge to keep it in an account; the link opens the status page,
//! which never sends the code on as a Referer.

use reqwest::StatusCode;
use scraper::Html;
use yuanba::domain::role::Role;

use crate::helpers::mailbox::{self, GYQ, as_refs, basic_fields, open_form, post_letter};
use crate::helpers::mediation::attr;
use crate::helpers::*;

/// Sends a letter as `client`; returns the receipt page.
async fn receipt_page(app: &TestApp, client: &reqwest::Client) -> Html {
    let tokens = open_form(client, app).await;
    let fields = basic_fields(&mailbox::compound_id(app, GYQ));
    let res = post_letter(client, app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    Html::parse_document(&res.text().await.unwrap())
}

#[tokio::test]
async fn the_receipt_gives_a_status_link_with_its_qr_code_and_the_link_opens_the_status() {
    let app = spawn_app().await;
    let resident = new_client();
    let receipt = receipt_page(&app, &resident).await;
    let code = select_text(&receipt, ".receipt code").pop().unwrap();
    let path = format!("/track/{code}");
    assert_eq!(attr(&receipt, "#status-link", "href"), path);
    assert_eq!(
        select_text(&receipt, "#status-link"),
        vec![app.url(&path)],
        "shown in full to share"
    );
    assert_eq!(attr(&receipt, "#status-link", "rel"), "noreferrer");
    assert_eq!(select_text(&receipt, ".qr svg.qr-code").len(), 1, "the QR code, inline");
    assert_eq!(
        attr(&receipt, "#login-to-keep", "href"),
        format!("/login?next={path}"),
        "a nudge to keep it in an account"
    );

    // Anyone with the link (a family member's phone) sees the status.
    let other = new_client();
    let res = get(&other, &app.url(&path)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let policy = res
        .headers()
        .get("referrer-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(policy, "no-referrer", "the code never leaves as a Referer");
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, ".letter-status .tag-state"), vec!["已收到"]);
    assert_eq!(select_text(&html, ".status-link-card").len(), 1);
    // What to expect, and what was sent (issue 14 item 3).
    let expect = select_text(&html, ".letter-status .expect").join("");
    assert!(expect.contains("前确认收到") && expect.contains("前答复"), "{expect}");
    assert_eq!(select_text(&html, ".letter-photos"), vec!["0"]);
    assert_eq!(select_text(&html, ".letter-place").len(), 1);
    assert!(select_text(&html, ".letter-text").join("").contains("雨棚破了"));
    // Other pages keep the site's usual policy.
    let res = get(&other, &app.url("/track")).await;
    assert_eq!(res.headers().get("referrer-policy").unwrap(), "same-origin");

    // A code typed wrong, or lower-case and without dashes: the same rules as the form.
    let res = get(&other, &app.url("/track/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers().get("referrer-policy").unwrap(), "no-referrer");
    let loose = code.replace('-', "").to_lowercase();
    assert_eq!(
        get(&other, &app.url(&format!("/track/{loose}"))).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_resident_keeps_a_submission_in_their_account_from_the_status_link() {
    let app = spawn_app().await;
    let anonymous = new_client();
    let receipt = receipt_page(&app, &anonymous).await;
    let code = select_text(&receipt, ".receipt code").pop().unwrap();

    app.create_user("13900000002", Role::Resident, None, None);
    let resident = new_client();
    // The nudge's login comes back to the status link.
    let res = post_form(
        &resident,
        &app.address,
        "/login",
        &[
            ("username", "13900000002"),
            ("password", USER_PASSWORD),
            ("next", &format!("/track/{code}")),
        ],
    )
    .await;
    assert_eq!(location(&res), format!("/track/{code}"));
    let (_, page) = get_html(&resident, &app.url(&format!("/track/{code}"))).await;
    assert_eq!(attr(&page, "#attach-form input[name=code]", "value"), code);
    let res = post_form(&resident, &app.address, "/me/letters/attach", &[("code", &code)]).await;
    assert_eq!(location(&res), "/me");
    let (_, me) = get_html(&resident, &app.url("/me")).await;
    assert!(
        !select_text(&me, "main li, main tr").is_empty(),
        "the letter is on 我的"
    );

    // Sent while logged in, the receipt says it is already in the account.
    let receipt = receipt_page(&app, &resident).await;
    assert_eq!(select_text(&receipt, "#login-to-keep").len(), 0);
    assert_eq!(select_text(&receipt, ".account-nudge a[href='/me']").len(), 1);
}

#[tokio::test]
async fn a_mediation_receipt_links_to_the_case_status() {
    let app = spawn_app().await;
    let (_, code) = crate::helpers::mediation::apply_online_receipt(&app, GYQ).await;
    let client = new_client();
    let (status, html) = get_html(&client, &app.url(&format!("/track/{code}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, ".state-line .tag-state").len(), 1);
}
