//! `POST /staff/cases/{id}/handoff.json`: the case as the city's mediation
//! platform takes it (see `mediation::handoff`), for staff who may see the
//! case; audited. Like a printed document it is produced by a POST with the
//! CSRF token (the case page's button): its address opened by a GET, which
//! a link from another site can cause, leads to that button and writes
//! nothing to the audit log.

use actix_web::{HttpResponse, web};

use super::change::CaseRequest;
use crate::mediation::handoff;
use crate::web::auth::{Staff, audit_actor};
use crate::web::error::AppError;

pub async fn ask(Staff(_): Staff, path: web::Path<String>) -> HttpResponse {
    crate::web::render::see_other(&format!("/staff/cases/{}#documents", path.into_inner()))
}

pub async fn handoff(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let viewer = r.user.viewer();
    let actor = audit_actor(&r.req, Some(&r.user));
    let id = r.case_id;
    let state = r.state.clone();
    let document = r
        .state
        .db(move |conn| {
            let open = |sealed: &str| state.field_cipher.open(sealed);
            Ok(handoff::load(conn, &viewer, &actor, &id, &open)?)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "inline; filename=\"case-handoff.json\"",
        ))
        .json(document))
}
