use actix_web::{HttpResponse, web};
use askama::Template;

use super::audit_lines::{self, AuditLine};
use crate::db::audit::{self, AuditFilter};
use crate::db::users;
use crate::domain::role::Role;
use crate::web::auth::Admin;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

pub struct RoleCount {
    pub label_key: &'static str,
    pub count: i64,
}

#[derive(Template)]
#[template(path = "admin/home.html")]
struct AdminHome {
    ctx: PageCtx,
    counts: Vec<RoleCount>,
    recent: Vec<AuditLine>,
}

pub async fn home(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (ctx, counts, recent) = state
        .db(move |conn| {
            let mut counts = Vec::new();
            for role in Role::ALL {
                counts.push(RoleCount {
                    label_key: role.label_key(),
                    count: users::count_by_role(conn, *role)?,
                });
            }
            let entries = audit::list(conn, &AuditFilter::default(), 8)?;
            let recent = audit_lines::lines(&ctx, conn, &entries)?;
            Ok((ctx, counts, recent))
        })
        .await?;
    render::page(&AdminHome { ctx, counts, recent })
}
