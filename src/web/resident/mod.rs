//! Pages for residents with an account.

pub mod my_letters;

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::masking::mask_phone;
use crate::web::auth::Resident;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "resident/me.html")]
struct MePage {
    ctx: PageCtx,
    masked_phone: String,
    display_name: String,
    letters: Vec<my_letters::MyLetter>,
}

/// "我的": the resident's own account and submissions.
pub async fn me(ctx: PageCtx, Resident(user): Resident, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (lang, id) = (ctx.lang, user.id.clone());
    let letters = state.db(move |conn| Ok(my_letters::load(conn, lang, &id)?)).await?;
    let page = MePage {
        letters,
        masked_phone: mask_phone(&user.username),
        display_name: user.display_name.clone(),
        ctx,
    };
    render::page(&page)
}
