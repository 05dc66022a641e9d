//! Pages for residents with an account.

use actix_web::HttpResponse;
use askama::Template;

use crate::domain::masking::mask_phone;
use crate::web::auth::Resident;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;

#[derive(Template)]
#[template(path = "resident/me.html")]
struct MePage {
    ctx: PageCtx,
    masked_phone: String,
    display_name: String,
}

/// "我的": the resident's own account and submissions.
pub async fn me(ctx: PageCtx, Resident(user): Resident) -> Result<HttpResponse, AppError> {
    let page = MePage {
        masked_phone: mask_phone(&user.username),
        display_name: user.display_name.clone(),
        ctx,
    };
    render::page(&page)
}
