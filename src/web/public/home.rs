use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places::{self, Place};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    ctx: PageCtx,
    areas: Vec<Place>,
}

/// The resident portal.
pub async fn home(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let mut areas = state.db(|conn| Ok(places::streets_and_towns(conn)?)).await?;
    areas.retain(|a| !a.is_retired());
    render::page(&HomePage { ctx, areas })
}
