//! The printable voting result notice (表决结果公告): each item's result as
//! it stood when voting closed, with the ballot-log anchor published then,
//! so the posted notice itself is evidence against a later removed tail.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::{ballot_anchors, places, projects};
use crate::renovation::projects as use_projects;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::shared::tally::{ItemView, item_views};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "print/vote_notice.html")]
struct NoticePage {
    ctx: PageCtx,
    project_id: String,
    title: String,
    /// The community whose residents' committee issues the notice.
    community: String,
    population: String,
    items: Vec<ItemView>,
    /// The anchor published when voting closed (the latest one), in words.
    anchor_line: String,
    closed_on: String,
}

/// 404 until the project's voting has closed (no anchor yet).
pub async fn notice(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (project, tallies, anchor, community, population) = state
        .db(move |conn| {
            let project = projects::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let anchor = ballot_anchors::for_project(conn, &project.id)?
                .pop()
                .ok_or(AppError::NotFound)?;
            let tallies = use_projects::tallies_up_to(conn, &project, Some(anchor.head_seq))?;
            let name = |conn: &mut _, id: &str| -> Result<String, AppError> {
                Ok(places::find(conn, id)?.map(|p| p.name).unwrap_or_default())
            };
            let compound = name(conn, &project.compound_id)?;
            let population = if project.population_id == project.compound_id {
                compound.clone()
            } else {
                format!("{compound} {}", name(conn, &project.population_id)?)
            };
            // The residents' committee of the compound's community issues it.
            let community = places::lineage(conn, &project.compound_id)?
                .into_iter()
                .find(|p| p.kind == crate::domain::place::PlaceKind::Community)
                .map(|p| p.name)
                .unwrap_or(compound);
            Ok((project, tallies, anchor, community, population))
        })
        .await?;
    render::page(&NoticePage {
        items: item_views(&ctx, tallies),
        closed_on: crate::dates::date(anchor.published_at),
        anchor_line: crate::i18n::t_with(
            ctx.lang,
            "ballot.notice_anchor",
            &[("seq", &anchor.head_seq.to_string()), ("hash", &anchor.head_hash)],
        ),
        ctx,
        project_id: project.id,
        title: project.title,
        community,
        population,
    })
}
