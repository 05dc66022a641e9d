use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use askama::Template;

use crate::web::context::PageCtx;

/// Set by handlers whose error status comes with a page of their own.
pub const RENDERED_HEADER: &str = "x-yuanba-rendered";

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: String,
    message: String,
}

/// Replaces the body of every error response (ours, actix's own 404 and
/// 413, extractor errors) with the error template, so no internal message
/// reaches the browser.
pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut res = next.call(req).await?.map_into_boxed_body();
    if res.headers_mut().remove(RENDERED_HEADER).next().is_some()
        || !res.status().is_client_error() && !res.status().is_server_error()
    {
        return Ok(res);
    }
    let status = res.status();
    let ctx = PageCtx::anonymous(res.request());
    let (key, status_code) = catalogue_key(status);
    let page = ErrorPage {
        title: ctx.t(format!("error.{key}.title")),
        message: ctx.t(format!("error.{key}.message")),
        status: status_code,
        ctx,
    };
    let html = page.render().unwrap_or_else(|_| "Error".to_owned());
    let mut fresh = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html);
    for (name, value) in res.headers() {
        if name == header::SET_COOKIE || name == header::LOCATION || name == header::RETRY_AFTER {
            fresh.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(res.into_response(fresh))
}

fn catalogue_key(status: StatusCode) -> (&'static str, u16) {
    let key = match status.as_u16() {
        400 | 422 => "bad_request",
        403 => "forbidden",
        404 | 405 => "not_found",
        413 => "too_large",
        429 => "too_many",
        503 => "busy",
        s if s >= 500 => "internal",
        _ => "bad_request",
    };
    (key, status.as_u16())
}
