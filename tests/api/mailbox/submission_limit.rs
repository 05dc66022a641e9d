//! Issue 8, item 13: public submissions are limited per address, and the
//! limit holds when many arrive at the same moment.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn concurrent_public_submissions_from_one_address_pass_at_most_the_allowance() {
    let app = spawn_app().await;
    let allowance = yuanba::auth::rate_limit::SUBMISSIONS_PER_WINDOW as usize;
    let extra = 10;
    let compound = crate::helpers::mailbox::compound_id(&app, "观音桥街道");
    // Each request is a separate browser (its own cookies and CSRF token).
    let mut clients = Vec::new();
    for _ in 0..allowance + extra {
        let client = new_client();
        let token = csrf_token(&client, &app.address).await;
        clients.push((client, token));
    }
    let url = app.url(&format!("/board/{compound}/letters/no-such-letter/support"));
    let mut tasks = Vec::new();
    for (client, token) in clients {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(&url)
                .form(&[("csrf", token.as_str())])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut refused = 0;
    for task in tasks {
        let status = task.await.unwrap();
        assert!(!status.is_server_error(), "{status}");
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert_eq!(refused, extra, "exactly the requests past the allowance are refused");
    // The next letter from this address is refused too, with the friendly page.
    let res = app.get("/letters/new").await;
    assert_eq!(res.status(), StatusCode::OK);
    let client = new_client();
    let token = csrf_token(&client, &app.address).await;
    let res = client
        .post(app.url("/mediation/apply"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}
