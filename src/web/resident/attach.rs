//! Attaching a letter or a mediation application sent without an account
//! to the resident's account, with its receipt code. Guessing is throttled
//! like the tracking page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::render_me;
use crate::accounts;
use crate::auth::rate_limit;
use crate::receipts::receipt_hash;
use crate::web::attempts::Reserved;
use crate::web::auth::{Resident, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::see_other;
use crate::web::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AttachForm {
    code: String,
}

pub async fn attach(
    req: HttpRequest,
    ctx: PageCtx,
    Resident(user): Resident,
    state: web::Data<AppState>,
    form: web::Form<AttachForm>,
) -> Result<HttpResponse, AppError> {
    let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
        return render_me(
            ctx,
            &user,
            &state,
            Some("track.error.too_many"),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    };
    let (user_id, actor) = (user.id.clone(), audit_actor(&req, Some(&user)));
    let attached = match receipt_hash(&form.code) {
        Some(hash) => {
            state
                .db(move |conn| Ok(accounts::receipts::attach(conn, &hash, &user_id, &actor)?))
                .await?
        }
        None => false,
    };
    if attached {
        reserved.succeeded(&state).await?;
        return Ok(see_other("/me"));
    }
    render_me(ctx, &user, &state, Some("track.error.unknown"), StatusCode::NOT_FOUND).await
}
