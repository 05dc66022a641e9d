//! Issue 14 item 4: photos accepted on a refused letter form are kept
//! against the form (and this browser), shown with a remove button, and
//! sent with the letter once the form is corrected.

use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};
use yuanba::db::letter_pending_photos;

use crate::helpers::mailbox::*;
use crate::helpers::*;

fn kept_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use yuanba::db::schema::letter_pending_photos::dsl::*;
    letter_pending_photos.count().get_result(&mut app.conn()).unwrap()
}

fn pending_files(app: &TestApp) -> usize {
    let dir = app.config.data_dir.join("uploads").join("pending");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// (thumbnail URL, remove button value) of each kept photo on the page.
fn kept_on(html: &Html) -> Vec<(String, String)> {
    let item = Selector::parse(".kept-photos li").unwrap();
    let (img, button) = (
        Selector::parse("img").unwrap(),
        Selector::parse("button[name=remove_photo]").unwrap(),
    );
    html.select(&item)
        .map(|li| {
            let src = li.select(&img).next().unwrap().value().attr("src").unwrap().to_owned();
            let id = li
                .select(&button)
                .next()
                .unwrap()
                .value()
                .attr("value")
                .unwrap()
                .to_owned();
            (src, id)
        })
        .collect()
}

async fn page_of(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

async fn post(
    client: &Client,
    app: &TestApp,
    tokens: &(String, String),
    fields: &[(&str, &str)],
    files: &[Upload<'_>],
) -> (StatusCode, Html) {
    page_of(post_letter(client, app, tokens, fields, files).await).await
}

#[tokio::test]
async fn photos_survive_a_refused_submit_can_be_removed_and_go_with_the_letter() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let mut fields = basic_fields(&compound_id(&app, GYQ));
    fields[3].1 = " ".to_owned();
    let two = [png_upload("photo_1"), png_upload("photo_2")];
    let (status, html) = post(&resident, &app, &tokens, &as_refs(&fields), &two).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-body").len(), 1, "the error is shown");
    let kept = kept_on(&html);
    assert_eq!(kept.len(), 2, "both photos are shown again");
    assert!(
        select_text(&html, "#f-photo_1").is_empty(),
        "kept photos take their inputs"
    );
    assert_eq!(attr(&html, "#f-photo_3", "type"), "file", "one input is left");
    assert_eq!((kept_rows(&app), pending_files(&app)), (2, 2));

    let thumb = get(&resident, &app.url(&kept[0].0)).await;
    assert_eq!(thumb.status(), StatusCode::OK);
    assert_eq!(thumb.headers()["content-type"], "image/png");
    // Another browser with the same form token sees nothing of them.
    let other = new_client();
    let other_tokens = (open_form(&other, &app).await.0, tokens.1.clone());
    assert_eq!(get(&other, &app.url(&kept[0].0)).await.status(), StatusCode::NOT_FOUND);
    let (status, html) = post(&other, &app, &other_tokens, &[("pick", "1")], &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kept_on(&html).is_empty(), "not shown to another browser");
    let removal = [("remove_photo", kept[0].1.as_str())];
    let (status, _) = post(&other, &app, &other_tokens, &removal, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept_rows(&app), 2, "nor removable by it");

    let (status, html) = post(&resident, &app, &tokens, &removal, &[]).await;
    assert_eq!(status, StatusCode::OK, "removing is not a refusal");
    assert_eq!(kept_on(&html).len(), 1);
    assert!(select_text(&html, ".field-error").is_empty(), "no errors while editing");
    assert_eq!((kept_rows(&app), pending_files(&app)), (1, 1));

    fields[3].1 = "3 栋门口的雨棚破了，下雨天老人进出很不方便。".to_owned();
    let (status, html) = post(&resident, &app, &tokens, &as_refs(&fields), &[png_upload("photo_2")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, ".receipt code").len(), 1, "the receipt");
    // Item 3: the receipt echoes what was sent and when to expect answers.
    assert_eq!(select_text(&html, ".letter-sent .letter-photos"), ["2"]);
    assert_eq!(select_text(&html, ".letter-sent .letter-place"), ["塔坪小区"]);
    assert_eq!(select_text(&html, ".letter-sent .expect").len(), 1);
    let letters = all_letters(&app);
    assert_eq!(letters.len(), 1);
    let photos = yuanba::db::letter_photos::for_letter(&mut app.conn(), &letters[0].id).unwrap();
    assert_eq!(photos.len(), 2, "the kept photo and the new one");
    assert_eq!(stored_files(&app).len(), 2);
    assert_eq!((kept_rows(&app), pending_files(&app)), (0, 0), "moved, not copied");
}

#[tokio::test]
async fn concurrent_refused_posts_of_one_form_never_keep_more_than_three() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let fields = [("body", "")];
    let uploads = |_| [png_upload("photo_1"), png_upload("photo_2")];
    let (a, b, c) = (uploads(0), uploads(1), uploads(2));
    let (ra, rb, rc) = tokio::join!(
        post_letter(&resident, &app, &tokens, &fields, &a),
        post_letter(&resident, &app, &tokens, &fields, &b),
        post_letter(&resident, &app, &tokens, &fields, &c),
    );
    for res in [ra, rb, rc] {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(kept_rows(&app), 2, "one post's two photos; the others did not fit");
    assert_eq!(pending_files(&app), 2, "the refused ones' files are gone");
    let (_, html) = post(
        &resident,
        &app,
        &tokens,
        &fields,
        &[png_upload("photo_1"), png_upload("photo_2")],
    )
    .await;
    assert_eq!(select_text(&html, "#e-photos").len(), 1, "too many is said");
    assert_eq!(kept_rows(&app), 2);
}

#[tokio::test]
async fn kept_photos_older_than_a_day_are_purged_with_their_files() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    post(&resident, &app, &tokens, &[("body", "")], &[png_upload("photo_1")]).await;
    assert_eq!((kept_rows(&app), pending_files(&app)), (1, 1));
    let uploads = app.config.data_dir.join("uploads");
    let later = yuanba::db::now_ts() + letter_pending_photos::KEEP_SECS + 1;
    let names = letter_pending_photos::purge(&mut app.conn(), later).unwrap();
    yuanba::uploads::remove(&uploads, yuanba::uploads::Folder::Pending, &names);
    assert_eq!((kept_rows(&app), pending_files(&app)), (0, 0));
    // The use case at startup: nothing left to do, and no error.
    assert_eq!(yuanba::mailbox::pending::purge(&mut app.conn(), &uploads).unwrap(), 0);
}
