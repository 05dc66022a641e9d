//! `POST /org/referrals/{id}/contact`: a receiving organisation's user asks
//! to see the parties' names and numbers in full on a referral it has
//! accepted. The page comes back with them unmasked, and the audit log
//! records who looked (a POST, so a link or a prefetch never reveals).

use actix_web::{HttpRequest, HttpResponse, web};

use super::referrals::show_revealed;
use crate::web::auth::{OrgUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::state::AppState;

pub async fn reveal(
    req: HttpRequest,
    ctx: PageCtx,
    org: OrgUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = audit_actor(&req, Some(&org.user));
    show_revealed(ctx, &state, org.org_id, path.into_inner(), Some(actor)).await
}
