//! Household codes per building: status, printable sheet (shown once),
//! revoke and reissue per unit. Every action is audited.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::places::Place;
use crate::db::projects::Project;
use crate::renovation::codes::{self, SlipLine, UnitStatus};
use crate::renovation::slips;
use crate::web::auth::{PlaceManager, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::staff::code_slips::{SheetHead, SlipView, sheet};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/places/codes.html")]
struct CodesPage {
    ctx: PageCtx,
    building: Place,
    units: Vec<UnitStatus>,
    /// The projects a slip may name; the first is preselected.
    projects: Vec<Project>,
}

#[derive(Template)]
#[template(path = "staff/places/code_sheet.html")]
struct SheetPage {
    ctx: PageCtx,
    building: Place,
    head: SheetHead,
    slips: Vec<SlipView>,
}

pub async fn status(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let id = path.into_inner();
    let (building, units, projects) = state
        .db(move |conn| {
            let (building, units) = codes::status(conn, &scope, &id)?;
            let projects = slips::project_choices(conn, &building)?;
            Ok((building, units, projects))
        })
        .await?;
    render::page(&CodesPage {
        ctx,
        building,
        units,
        projects,
    })
}

#[derive(serde::Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    replace_all: String,
    /// The project whose form the slips point to ("" = the project list).
    #[serde(default)]
    project: String,
}

/// A reissued slip names the project chosen on the status page.
#[derive(serde::Deserialize)]
pub struct ReissueForm {
    #[serde(default)]
    project: String,
}

/// The sheet's compound and project, read after the codes were issued.
fn sheet_facts(
    conn: &mut crate::db::DbConn,
    building: &Place,
    project: &str,
) -> Result<(Option<Place>, Option<Project>), AppError> {
    let compound = slips::compound_of(conn, building)?;
    let project = slips::chosen_project(conn, building, project)?;
    Ok((compound, project))
}

fn render_sheet(
    req: &HttpRequest,
    ctx: PageCtx,
    building: Place,
    facts: (Option<Place>, Option<Project>),
    lines: Vec<SlipLine>,
) -> Result<HttpResponse, AppError> {
    let (compound, project) = facts;
    let (head, slips) = sheet(req, compound, &building, project.as_ref(), lines);
    render::page(&SheetPage {
        ctx,
        building,
        head,
        slips,
    })
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
    let project = form.into_inner().project;
    let secret = state.secret.clone();
    let (building, slips, facts) = state
        .db(move |conn| {
            let (building, slips) = codes::issue_for_building(conn, &scope, &id, replace_all, &actor, &secret)?;
            let facts = sheet_facts(conn, &building, &project)?;
            Ok((building, slips, facts))
        })
        .await?;
    render_sheet(&req, ctx, building, facts, slips)
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
    form: web::Form<ReissueForm>,
) -> Result<HttpResponse, AppError> {
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let unit = path.into_inner();
    let project = form.into_inner().project;
    let secret = state.secret.clone();
    let (building, slip, facts) = state
        .db(move |conn| {
            let (building, slip) = codes::reissue(conn, &scope, &unit, &actor, &secret)?;
            let facts = sheet_facts(conn, &building, &project)?;
            Ok((building, slip, facts))
        })
        .await?;
    render_sheet(&req, ctx, building, facts, vec![slip])
}
