//! Security review, item 6: the one-time form token cannot be turned into
//! someone else's receipt code, neither from the value the database keeps
//! nor by posting the same token from another browser.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mailbox::*;
use crate::helpers::*;

async fn code_of(res: reqwest::Response) -> Option<String> {
    assert_eq!(res.status(), StatusCode::OK);
    select_text(&Html::parse_document(&res.text().await.unwrap()), ".receipt code").pop()
}

#[tokio::test]
async fn a_stored_or_borrowed_form_token_never_shows_the_first_senders_code() {
    let app = spawn_app().await;
    let fields = basic_fields(&compound_id(&app, GYQ));
    let first = new_client();
    let tokens = open_form(&first, &app).await;
    let res = post_letter(&first, &app, &tokens, &as_refs(&fields), &[]).await;
    let code = code_of(res).await.expect("first code");

    let letter = all_letters(&app).pop().unwrap();
    assert_ne!(letter.form_token, tokens.1, "the token is not stored as sent");
    let guard = yuanba::db::form_tokens::find(&mut app.conn(), &tokens.1).unwrap();
    assert_eq!(guard, None, "nor in the double-submit guard");

    // Another browser posts the stored value, then the token itself.
    let other = new_client();
    let (csrf, _) = open_form(&other, &app).await;
    for token in [letter.form_token.clone(), tokens.1.clone()] {
        let res = post_letter(&other, &app, &(csrf.clone(), token), &as_refs(&fields), &[]).await;
        assert_ne!(code_of(res).await.as_deref(), Some(code.as_str()));
    }
    // The first browser's own re-post still shows its code, once stored.
    let res = post_letter(&first, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(code_of(res).await, Some(code));
    assert_eq!(
        all_letters(&app).len(),
        3,
        "the other browser's posts are its own letters"
    );
}
