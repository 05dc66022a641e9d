//! Household codes per building: status, printable sheet (shown once),
//! revoke and reissue per unit. Every action is audited.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::places::Place;
use crate::renovation::codes::{self, SlipLine, UnitStatus};
use crate::web::auth::{PlaceManager, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/places/codes.html")]
struct CodesPage {
    ctx: PageCtx,
    building: Place,
    units: Vec<UnitStatus>,
}

#[derive(Template)]
#[template(path = "staff/places/code_sheet.html")]
struct SheetPage {
    ctx: PageCtx,
    building: Place,
    slips: Vec<SlipLine>,
}

pub async fn status(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let id = path.into_inner();
    let (building, units) = state.db(move |conn| Ok(codes::status(conn, &scope, &id)?)).await?;
    render::page(&CodesPage { ctx, building, units })
}

#[derive(serde::Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    replace_all: String,
}

/// Issues codes and shows them once on a printable sheet. Not a redirect:
/// the plain codes are never stored, so they cannot be shown again.
pub async fn issue(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<IssueForm>,
) -> Result<HttpResponse, AppError> {
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let id = path.into_inner();
    let replace_all = form.replace_all == "yes";
    let secret = state.secret.clone();
    let (building, slips) = state
        .db(move |conn| {
            Ok(codes::issue_for_building(
                conn,
                &scope,
                &id,
                replace_all,
                &actor,
                &secret,
            )?)
        })
        .await?;
    render::page(&SheetPage { ctx, building, slips })
}

pub async fn revoke(
    req: HttpRequest,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let unit = path.into_inner();
    let building = state
        .db(move |conn| Ok(codes::revoke(conn, &scope, &unit, &actor)?))
        .await?;
    Ok(see_other(&format!("/staff/places/{building}/codes")))
}

pub async fn reissue(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let unit = path.into_inner();
    let secret = state.secret.clone();
    let (building, slip) = state
        .db(move |conn| Ok(codes::reissue(conn, &scope, &unit, &actor, &secret)?))
        .await?;
    render::page(&SheetPage {
        ctx,
        building,
        slips: vec![slip],
    })
}
