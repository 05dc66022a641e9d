//! Issue 14 item 5: the letter form's place picker works without
//! JavaScript (a round trip per choice that keeps what was typed), finds
//! compounds by name, and "不清楚" sends the letter to the community.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mailbox::*;
use crate::helpers::*;

fn options(html: &Html, select: &str) -> Vec<String> {
    select_text(html, &format!("{select} option"))
}

#[tokio::test]
async fn each_choice_narrows_the_list_keeps_the_text_and_not_sure_goes_to_the_community() {
    let app = spawn_app().await;
    let compound = compound_id(&app, GYQ);
    compound_named(&app, WLD, "北城小区");
    let street = street_id(&app, GYQ);
    let community = yuanba::db::places::find(&mut app.conn(), &compound).unwrap().unwrap();
    let community = yuanba::db::places::lineage(&mut app.conn(), &community.id).unwrap();
    let community = community
        .iter()
        .find(|p| p.kind == yuanba::domain::place::PlaceKind::Community)
        .unwrap()
        .id
        .clone();
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let body = "路灯坏了，晚上看不见路。";
    let typed = [
        ("category", "facilities"),
        ("body", body),
        ("street_id", street.as_str()),
        ("pick", "area"),
    ];
    let res = post_letter(&resident, &app, &tokens, &typed, &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "a pick is not a refusal");
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(
        select_text(&html, "#f-body").pop().unwrap().contains("路灯"),
        "typed text kept"
    );
    assert!(options(&html, "#f-community_id").contains(&"塔坪社区".to_owned()));
    assert!(
        !options(&html, "#f-compound_id").contains(&"北城小区".to_owned()),
        "other streets' compounds left out"
    );
    assert!(select_text(&html, ".field-error").is_empty());

    let search = [("body", body), ("compound_q", "北城"), ("pick", "search")];
    let res = post_letter(&resident, &app, &tokens, &search, &[]).await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(options(&html, "#f-compound_id"), ["请选择", "北城小区"]);

    let chosen = [
        ("street_id", street.as_str()),
        ("community_id", community.as_str()),
        ("pick", "area"),
    ];
    let res = post_letter(&resident, &app, &tokens, &chosen, &[]).await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        attr(&html, "#f-compound_id option[value=unknown]", "value"),
        "unknown",
        "not sure is offered"
    );

    let send = [
        ("category", "facilities"),
        ("body", body),
        ("street_id", street.as_str()),
        ("community_id", community.as_str()),
        ("compound_id", "unknown"),
    ];
    let res = post_letter(&resident, &app, &tokens, &send, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, ".letter-sent .letter-place"),
        ["塔坪社区"],
        "the receipt names the community"
    );
    let letters = all_letters(&app);
    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert_eq!(letter.compound_id, None);
    assert_eq!(letter.community_id.as_deref(), Some(community.as_str()));
    assert_eq!(letter.place_id.as_deref(), Some(community.as_str()));
    assert_eq!(letter.street_id, street, "the street's staff see it");
}

#[tokio::test]
async fn not_sure_without_a_community_is_refused_next_to_the_community() {
    let app = spawn_app().await;
    compound_id(&app, GYQ);
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let street = street_id(&app, GYQ);
    let send = [
        ("category", "facilities"),
        ("body", "路灯坏了。"),
        ("street_id", street.as_str()),
        ("compound_id", "unknown"),
    ];
    let res = post_letter(&resident, &app, &tokens, &send, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-community_id").len(), 1);
    assert!(all_letters(&app).is_empty());
}
