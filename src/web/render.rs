//! Turning askama pages into responses.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::error::AppError;
use super::middleware::RENDERED_HEADER;

pub fn page<T: Template>(template: &T) -> Result<HttpResponse, AppError> {
    page_with_status(StatusCode::OK, template)
}

/// A page with a non-200 status (a form shown again with errors, say). The
/// marker header tells the error-page layer to leave the body alone.
pub fn page_with_status<T: Template>(status: StatusCode, template: &T) -> Result<HttpResponse, AppError> {
    let html = template.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((RENDERED_HEADER, "1"))
        .body(html))
}

/// Post/redirect/get: after a successful POST, send the browser elsewhere.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}
