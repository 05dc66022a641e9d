//! Helpers of the mailbox tests: multipart bodies, test photos (one with
//! EXIF), the letter form and the letter page's forms.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};
use reqwest::{Client, Response, StatusCode};
use scraper::{Html, Selector};
use yuanba::db::letters::{self, Letter, LetterFilter};
use yuanba::db::places;
use yuanba::domain::role::Role;

use crate::helpers::*;

pub const GYQ: &str = "观音桥街道";
pub const WLD: &str = "五里店街道";

pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name))
        .unwrap_or_default()
        .to_owned()
}

pub fn street_id(app: &TestApp, name: &str) -> String {
    yuanba::db::places::find_street_by_name(&mut app.conn(), name)
        .unwrap()
        .unwrap()
        .id
}

/// 塔坪社区 › 一网格 › `name` under `street` (created once); returns its id.
pub fn compound_named(app: &TestApp, street: &str, name: &str) -> String {
    let street = street_id(app, street);
    let mut conn = app.conn();
    let community = places::ensure(
        &mut conn,
        Some(&street),
        yuanba::domain::place::PlaceKind::Community,
        "塔坪社区",
        None,
        0,
    )
    .unwrap();
    let grid = places::ensure(
        &mut conn,
        Some(&community),
        yuanba::domain::place::PlaceKind::Grid,
        "一网格",
        None,
        0,
    )
    .unwrap();
    places::ensure(
        &mut conn,
        Some(&grid),
        yuanba::domain::place::PlaceKind::Compound,
        name,
        None,
        0,
    )
    .unwrap()
}

/// The street's test compound, 塔坪小区.
pub fn compound_id(app: &TestApp, street: &str) -> String {
    compound_named(app, street, "塔坪小区")
}

pub fn all_letters(app: &TestApp) -> Vec<Letter> {
    letters::list(&mut app.conn(), &LetterFilter::default(), 1000).unwrap()
}

pub fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let dir = app.config.data_dir.join("uploads").join("letters");
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

pub const SECRET_MARK: &[u8] = b"GPS-SECRET-29.57N-106.55E";

/// A JPEG with an EXIF segment (a TIFF with one ASCII tag holding a marker
/// that stands for GPS data), inserted right after the SOI marker.
pub fn jpeg_with_exif() -> Vec<u8> {
    let img = RgbImage::from_pixel(16, 12, image::Rgb([10, 120, 200]));
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .unwrap();
    let mut text = SECRET_MARK.to_vec();
    text.push(0);
    let mut tiff = b"II*\x00\x08\x00\x00\x00".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x010Eu16.to_le_bytes()); // ImageDescription
    tiff.extend_from_slice(&2u16.to_le_bytes()); // ASCII
    tiff.extend_from_slice(&(text.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes()); // 8 + 2 + 12 + 4
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&text);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The field error for a picture over the pixel limit (security review, item 1).
pub const PIXELS_ERROR: &str =
    "这张图片尺寸太大（最多 4000 万像素，每边不超过 10000 像素）。请换一张小一些的照片，或发送它的截图。";

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                0xEDB8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG of a few dozen bytes whose header says 12000×12000 (1-bit grey,
/// 144 MB once decoded); its pixel data is never reached.
pub fn huge_png() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&12_000u32.to_be_bytes());
    ihdr.extend_from_slice(&12_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A small JPEG whose frame header is rewritten to say 12000×12000.
pub fn huge_jpeg() -> Vec<u8> {
    let img = RgbImage::from_pixel(16, 16, image::Rgb([10, 120, 200]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame");
    // FF C0, length (2), precision (1), then height and width.
    out[sof + 5..sof + 7].copy_from_slice(&12_000u16.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&12_000u16.to_be_bytes());
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub struct Upload<'a> {
    pub field: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub data: Vec<u8>,
}

/// A multipart body with the CSRF part first, as our forms send it.
pub fn multipart_body(csrf: &str, fields: &[(&str, &str)], files: &[Upload<'_>]) -> (String, Vec<u8>) {
    let boundary = "----yuanba-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    let text = |name: &str, value: &str, body: &mut Vec<u8>| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    };
    text("csrf", csrf, &mut body);
    for (name, value) in fields {
        text(name, value, &mut body);
    }
    for f in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                f.field, f.filename, f.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(&f.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The form's CSRF token and one-time token, as a browser would get them.
pub async fn open_form(client: &Client, app: &TestApp) -> (String, String) {
    let (status, html) = get_html(client, &app.url("/letters/new")).await;
    assert_eq!(status, StatusCode::OK);
    (
        attr(&html, "input[name=csrf]", "value"),
        attr(&html, "input[name=form_token]", "value"),
    )
}

pub async fn post_letter(
    client: &Client,
    app: &TestApp,
    tokens: &(String, String),
    fields: &[(&str, &str)],
    files: &[Upload<'_>],
) -> Response {
    let mut all = vec![("form_token", tokens.1.as_str())];
    all.extend_from_slice(fields);
    let (content_type, body) = multipart_body(&tokens.0, &all, files);
    client
        .post(app.url("/letters/new"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request sent")
}

pub fn basic_fields(compound: &str) -> Vec<(&'static str, String)> {
    vec![
        ("category", "facilities".to_owned()),
        ("compound_id", compound.to_owned()),
        ("place_detail", "3 栋门口".to_owned()),
        (
            "body",
            "3 栋门口的雨棚破了，下雨天老人进出很不方便，希望尽快修缮。".to_owned(),
        ),
    ]
}

pub fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub fn png_upload(field: &str) -> Upload<'_> {
    Upload {
        field,
        filename: "rain-canopy.png",
        content_type: "image/png",
        data: png(20, 10),
    }
}

/// Sends a simple letter to `street`'s test compound and returns (letter,
/// receipt code).
pub async fn send_letter(app: &TestApp, street: &str, files: &[Upload<'_>]) -> (Letter, String) {
    send_letter_at(app, &compound_id(app, street), files).await
}

/// Sends a simple letter about `compound`, with contact details and consent.
pub async fn send_letter_at(app: &TestApp, compound: &str, files: &[Upload<'_>]) -> (Letter, String) {
    let resident = new_client();
    let tokens = open_form(&resident, app).await;
    let mut fields = basic_fields(compound);
    fields.push(("contact_name", "李秀兰".to_owned()));
    fields.push(("contact_phone", "13812345678".to_owned()));
    fields.push(("consent", "yes".to_owned()));
    let res = post_letter(&resident, app, &tokens, &as_refs(&fields), files).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = Html::parse_document(&res.text().await.unwrap());
    let code = select_text(&html, ".receipt code").pop().expect("receipt code shown");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let letter = letters::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .expect("letter stored");
    (letter, code)
}

pub async fn coordinator(app: &TestApp, username: &str, street: &str) -> Client {
    app.create_user(username, Role::Coordinator, None, Some(street));
    let client = new_client();
    let res = login(&client, &app.address, username, USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// Posts one of the letter page's forms with the version the page shows.
pub async fn act(client: &Client, app: &TestApp, letter_id: &str, action: &str, fields: &[(&str, &str)]) -> Response {
    let (_, page) = get_html(client, &app.url(&format!("/staff/letters/{letter_id}"))).await;
    let version = attr(&page, "input[name=version]", "value");
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    post_form(
        client,
        &app.address,
        &format!("/staff/letters/{letter_id}/{action}"),
        &form,
    )
    .await
}

pub async fn track(app: &TestApp, code: &str) -> (StatusCode, String) {
    let res = post_form(&new_client(), &app.address, "/track", &[("code", code)]).await;
    (res.status(), res.text().await.unwrap())
}

/// A renovation project on `compound` (in `street`); returns its id.
pub fn make_project(app: &TestApp, street: &str, compound: &str, title: &str) -> String {
    use yuanba::domain::project_schedule::{OpinionWindow, Schedule, StageTargets};
    let street = street_id(app, street);
    let new = yuanba::db::projects::NewProject {
        street_id: &street,
        compound_id: compound,
        population_id: compound,
        title,
        description: "雨棚",
        created_by: None,
        schedule: Schedule {
            window: OpinionWindow::default(),
            targets: StageTargets::defaults(),
        },
    };
    yuanba::db::projects::insert(&mut app.conn(), &new).unwrap()
}
