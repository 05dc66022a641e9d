//! Evidence files of opinions entered by staff: cleaned like letter photos,
//! stored with the opinion, served only to staff of the project's area.

use super::*;
use crate::helpers::mailbox::{PIXELS_ERROR, SECRET_MARK, Upload, contains, huge_jpeg, jpeg_with_exif, multipart_body};
use crate::helpers::*;

/// Enters a paper-form opinion for 1栋 1单元 `unit` with an optional file.
pub(super) async fn post_opinion(
    app: &TestApp,
    w: &World,
    unit: &str,
    file: Option<Upload<'_>>,
) -> (StatusCode, String) {
    let path = format!("/staff/projects/{}/opinions/new", w.project);
    let (_, form) = get_html(&w.coord, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let csrf = attr(&form, "input[name=csrf]", "value");
    let (a, p) = (format!("a_{}", w.item), format!("p_{}", w.item));
    let fields = [
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", unit),
        ("channel", "paper"),
        ("meeting_id", ""),
        ("evidence", "纸质意向表第3页"),
        (a.as_str(), "want"),
        (p.as_str(), "1"),
    ];
    let files: Vec<Upload<'_>> = file.into_iter().collect();
    let (content_type, body) = multipart_body(&csrf, &fields, &files);
    let res = w
        .coord
        .post(app.url(&path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

fn stored_files(app: &TestApp) -> usize {
    let dir = app.config.data_dir.join("uploads").join("opinions");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn an_evidence_file_is_cleaned_stored_with_the_opinion_and_shown_to_own_staff_only() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let not_an_image = Upload {
        field: "evidence_file",
        filename: "form.jpg",
        content_type: "image/jpeg",
        data: b"not a scan".to_vec(),
    };
    let (status, body) = post_opinion(&app, &w, "101", Some(not_an_image)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "evidence_file"), "只能上传 JPEG 或 PNG 格式的照片。");
    assert_eq!((count(&app, "opinions"), stored_files(&app)), (0, 0), "nothing stored");
    // A small file claiming a huge picture: refused from its header.
    let huge = Upload {
        field: "evidence_file",
        filename: "huge.jpg",
        content_type: "image/jpeg",
        data: huge_jpeg(),
    };
    let (status, body) = post_opinion(&app, &w, "101", Some(huge)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "evidence_file"), PIXELS_ERROR);
    assert_eq!((count(&app, "opinions"), stored_files(&app)), (0, 0), "nothing stored");

    let scan = Upload {
        field: "evidence_file",
        filename: "scan.jpg",
        content_type: "image/jpeg",
        data: jpeg_with_exif(),
    };
    let (status, _) = post_opinion(&app, &w, "101", Some(scan)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!((count(&app, "opinion_evidence"), stored_files(&app)), (1, 1));

    let (_, page) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    let link = attr(&page, ".h-file", "href");
    assert!(link.ends_with("/evidence"), "{link}");
    let res = get(&w.coord, &app.url(&link)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    assert!(!contains(&bytes, SECRET_MARK), "EXIF removed");

    let other = coordinator(&app, "wld-coord", "五里店街道").await;
    assert_eq!(get(&other, &app.url(&link)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get(&new_client(), &app.url(&link)).await.status(),
        StatusCode::SEE_OTHER
    );
    // An opinion without a file, e.g. typed in from a phone call, has none.
    let (status, _) = post_opinion(&app, &w, "102", None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "opinion_evidence"), 1);
}
