//! Security review, item 1: a small file that claims a huge picture is
//! refused from its header, before anything is decoded.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mailbox::*;
use crate::helpers::*;

#[tokio::test]
async fn huge_dimension_photos_are_refused_next_to_their_field_and_a_normal_one_is_stored() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let fields = basic_fields(&compound_id(&app, GYQ));
    let (png, jpeg) = (huge_png(), huge_jpeg());
    assert!(png.len() < 1_000 && jpeg.len() < 2_000, "small files");
    let files = [
        Upload {
            field: "photo_1",
            filename: "huge.png",
            content_type: "image/png",
            data: png,
        },
        Upload {
            field: "photo_2",
            filename: "huge.jpg",
            content_type: "image/jpeg",
            data: jpeg,
        },
    ];
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &files).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-photo_1"), vec![PIXELS_ERROR]);
    assert_eq!(select_text(&html, "#e-photo_2"), vec![PIXELS_ERROR]);
    assert!(
        select_text(&html, "#f-body").pop().unwrap().contains("雨棚"),
        "what was typed is kept"
    );
    assert!(all_letters(&app).is_empty() && stored_files(&app).is_empty());

    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[png_upload("photo_1")]).await;
    assert_eq!(res.status(), StatusCode::OK, "a normal photo still goes through");
    assert_eq!(all_letters(&app).len(), 1);
    assert_eq!(stored_files(&app).len(), 1);
}
