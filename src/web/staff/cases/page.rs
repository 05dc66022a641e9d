//! The case page (`GET /staff/cases/{id}`) and its audited unmasked view.

use actix_web::HttpResponse;

use super::change::CaseRequest;
use super::view;
use crate::web::error::AppError;
use crate::web::render;

/// The page with personal data masked. A GET never unmasks: a link from
/// another site must not make the user's browser write an audit row.
pub async fn show(r: CaseRequest) -> Result<HttpResponse, AppError> {
    render::page(&r.page().await?)
}

/// The audited unmasked view: a POST with the CSRF token.
pub async fn unmask(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let page = view::load(&r.req, r.ctx, &r.user, &r.state, r.case_id, true).await?;
    render::page(&page)
}
