//! Static files, compiled into the binary so a deployment is one file.
//! URLs carry a content hash, so they can be cached for a year.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header;

/// One stylesheet, kept in two files so each stays short: the base, and
/// what looking at every page at phone width and in elderly mode fixed.
const APP_CSS: &str = concat!(
    include_str!("../../static/css/app.css"),
    include_str!("../../static/css/screens.css")
);
const PRINT_CSS: &str = include_str!("../../static/css/print.css");

fn version(content: &str) -> String {
    crate::auth::tokens::sha256_hex(content)[..12].to_owned()
}

pub fn css_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| format!("/static/css/app.css?v={}", version(APP_CSS)))
}

pub fn print_css_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| format!("/static/css/print.css?v={}", version(PRINT_CSS)))
}

fn css(content: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, format!("\"{}\"", version(content))))
        .body(content)
}

pub async fn app_css() -> HttpResponse {
    css(APP_CSS)
}

pub async fn print_css() -> HttpResponse {
    css(PRINT_CSS)
}
