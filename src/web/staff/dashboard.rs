use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places;
use crate::domain::role::Role;
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

use super::waiting::{self, WaitingWork};

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    display_name: String,
    area_name: String,
    is_coordinator: bool,
    is_trainee: bool,
    work: WaitingWork,
}

/// The staff workbench. Admins have their own home.
pub async fn dashboard(ctx: PageCtx, Staff(user): Staff, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if user.role == Role::Admin {
        return Ok(see_other("/admin"));
    }
    let area_id = user.area_id.clone();
    let (viewer, known, letters) = (user.viewer(), ctx.waiting.clone(), ctx.letters_waiting);
    let (area, work) = state
        .db(move |conn| {
            let area = match area_id {
                Some(id) => places::find(conn, &id)?,
                None => None,
            };
            let work = waiting::load(conn, &viewer, &known, letters, crate::db::now_ts())?;
            Ok((area, work))
        })
        .await?;
    let page = DashboardPage {
        display_name: user.display_name.clone(),
        area_name: area.map(|a| a.name).unwrap_or_default(),
        is_coordinator: user.role == Role::Coordinator,
        is_trainee: user.level == Some(crate::domain::role::MediatorLevel::Trainee),
        work,
        ctx,
    };
    render::page(&page)
}
