use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places::{self, Place};
use crate::web::auth::Coordinator;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/area.html")]
struct AreaPage {
    ctx: PageCtx,
    area: Option<Place>,
    communities: Vec<Place>,
}

/// A coordinator's own street or town and the communities in it.
pub async fn my_area(
    ctx: PageCtx,
    Coordinator(user): Coordinator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let area_id = user.area_id.clone();
    let (area, communities) = state
        .db(move |conn| {
            let Some(id) = area_id else {
                return Ok((None, Vec::new()));
            };
            let mut communities = places::children(conn, &id)?;
            // Retired communities keep their history but are not worked in.
            communities.retain(|c| !c.is_retired());
            Ok((places::find(conn, &id)?, communities))
        })
        .await?;
    render::page(&AreaPage { ctx, area, communities })
}
