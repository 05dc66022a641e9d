//! Verification of the hash-chained ballot log, for any staff member.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::ballots;
use crate::domain::ballot_chain::ChainCheck;
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/ballots_verify.html")]
struct VerifyPage {
    ctx: PageCtx,
    intact: bool,
    rows: usize,
    broken_at: i64,
}

pub async fn verify(ctx: PageCtx, Staff(_user): Staff, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let check = state.db(|conn| Ok(ballots::verify_chain(conn)?)).await?;
    let page = match check {
        ChainCheck::Intact { rows } => VerifyPage {
            ctx,
            intact: true,
            rows,
            broken_at: 0,
        },
        ChainCheck::BrokenAt { seq } => VerifyPage {
            ctx,
            intact: false,
            rows: 0,
            broken_at: seq,
        },
    };
    render::page(&page)
}
