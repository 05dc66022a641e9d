//! The public project page (no account, phone-first): items with class and
//! cost, stage and countdown, and the live consensus tally per item.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places;
use crate::db::projects::{self, Project};
use crate::renovation::projects as use_projects;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::shared::tally::{ItemView, accepts_answers, item_views, stage_texts, window_text};
use crate::web::staff::projects::page::{MeetingRow, meeting_rows};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/project.html")]
struct ProjectPage {
    ctx: PageCtx,
    project: Project,
    compound: String,
    population: String,
    stage: String,
    countdown: String,
    items: Vec<ItemView>,
    open: bool,
    window: String,
    meetings: Vec<MeetingRow>,
    anchors: Vec<AnchorView>,
}

/// A published ballot-log anchor as the project page shows it.
pub struct AnchorView {
    pub seq: i64,
    pub hash: String,
    pub published: String,
}

impl AnchorView {
    pub fn of(row: &crate::db::ballot_anchors::BallotAnchor) -> Self {
        Self {
            seq: row.head_seq,
            hash: row.head_hash.clone(),
            published: crate::dates::datetime(row.published_at),
        }
    }
}

/// One line of the public list: a project with its compound and stage.
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub compound: String,
    pub stage: String,
}

#[derive(Template)]
#[template(path = "public/projects.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ListRow>,
}

/// Every project, newest first, so residents find their compound's.
pub async fn list(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let found = state
        .db(|conn| {
            let mut out = Vec::new();
            for p in projects::list(conn, None)? {
                let compound = places::find(conn, &p.compound_id)?.map(|c| c.name).unwrap_or_default();
                out.push((p, compound));
            }
            Ok(out)
        })
        .await?;
    let rows = found
        .into_iter()
        .map(|(p, compound)| ListRow {
            stage: ctx.t(format!("stage.{}", p.stage)),
            id: p.id,
            title: p.title,
            compound,
        })
        .collect();
    render::page(&ListPage { ctx, rows })
}

pub async fn show(ctx: PageCtx, state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (project, tallies, compound, population, held) = state
        .db(move |conn| {
            let project = projects::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let tallies = use_projects::tallies(conn, &project)?;
            let name = |conn: &mut _, id: &str| -> Result<String, AppError> {
                Ok(places::find(conn, id)?.map(|p| p.name).unwrap_or_default())
            };
            let compound = name(conn, &project.compound_id)?;
            let population = name(conn, &project.population_id)?;
            let held = crate::db::meetings::for_project(conn, &project.id)?;
            let anchors = crate::db::ballot_anchors::for_project(conn, &project.id)?;
            Ok((project, tallies, compound, population, (held, anchors)))
        })
        .await?;
    let (stage, countdown) = stage_texts(&ctx, &project);
    let open = accepts_answers(&project);
    let window = window_text(&ctx, &project.schedule().window);
    let (held, anchors) = held;
    let page = ProjectPage {
        items: item_views(&ctx, tallies),
        meetings: meeting_rows(&ctx, held),
        anchors: anchors.iter().map(AnchorView::of).collect(),
        ctx,
        project,
        compound,
        population,
        stage,
        countdown,
        open,
        window,
    };
    render::page(&page)
}
