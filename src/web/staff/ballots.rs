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
    /// The finding, in words.
    finding: String,
}

pub async fn verify(ctx: PageCtx, Staff(_user): Staff, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let check = state.db(|conn| Ok(ballots::verify_chain(conn)?)).await?;
    let (intact, finding) = match check {
        ChainCheck::Intact { rows } => (true, ctx.t_with("ballot.intact", "rows", &rows.to_string())),
        ChainCheck::BrokenAt { seq } => (false, ctx.t_with("ballot.broken", "seq", &seq.to_string())),
        ChainCheck::Truncated { rows, anchored } => (
            false,
            crate::i18n::t_with(
                ctx.lang,
                "ballot.truncated",
                &[("anchored", &anchored.to_string()), ("rows", &rows.to_string())],
            ),
        ),
        ChainCheck::AnchorMismatch { seq } => (false, ctx.t_with("ballot.rewritten", "seq", &seq.to_string())),
    };
    render::page(&VerifyPage { ctx, intact, finding })
}
