//! Security review, item 1: a small file that claims a huge picture is
//! refused from its header, before anything is decoded.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};
use reqwest::StatusCode;
use scraper::Html;

use crate::common::*;
use crate::mailbox_support::*;

const PIXELS_ERROR: &str =
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
