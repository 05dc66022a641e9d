//! Static files, compiled into the binary so a deployment is one file.
//! URLs carry a content hash, so they can be cached for a year.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const APP_CSS: &str = include_str!("../../static/css/app.css");

fn css_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| crate::auth::tokens::sha256_hex(APP_CSS)[..12].to_owned())
}

pub fn css_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| format!("/static/css/app.css?v={}", css_version()))
}

pub async fn app_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, format!("\"{}\"", css_version())))
        .body(APP_CSS)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/css/app.css", web::get().to(app_css));
}
