//! `/centre/referrals/export.csv` and `.xlsx`: every referral of the
//! viewer's area (a coordinator's street, an admin's district), newest
//! first, masked (`exports::referrals`).

use actix_web::{HttpResponse, web};

use crate::exports::Format;
use crate::exports::referrals::ReferralRows;
use crate::resolution::board::area_of;
use crate::web::auth::CentreDesk;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::staff::exports;
use crate::web::state::AppState;

fn download(
    ctx: &PageCtx,
    state: &AppState,
    user: &crate::web::auth::SessionUser,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let area = area_of(&user.viewer()).ok_or(AppError::Forbidden)?;
    let source = ReferralRows::new(area, crate::db::now_ts());
    Ok(exports::download(state, ctx, Box::new(source), format, "referrals"))
}

pub async fn csv(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    download(&ctx, &state, &user, Format::Csv)
}

pub async fn xlsx(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    download(&ctx, &state, &user, Format::Xlsx)
}
