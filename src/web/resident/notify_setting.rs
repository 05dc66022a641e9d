//! "我的" → notifications on or off for the account's phone number.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::notify::opt_out;
use crate::web::auth::{Resident, audit_actor};
use crate::web::error::AppError;
use crate::web::render::see_other;
use crate::web::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingForm {
    /// `on` or `off`; anything else is refused.
    notifications: String,
}

pub async fn save(
    req: HttpRequest,
    Resident(user): Resident,
    state: web::Data<AppState>,
    form: web::Form<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let wanted = match form.notifications.as_str() {
        "on" => true,
        "off" => false,
        _ => return Err(AppError::BadRequest),
    };
    let actor = audit_actor(&req, Some(&user));
    let outbox = state.outbox.clone();
    state
        .db(move |conn| {
            Ok(opt_out::set_for_account(
                conn,
                &outbox,
                &user.username,
                &user.id,
                wanted,
                &actor,
            )?)
        })
        .await?;
    Ok(see_other("/me#notifications"))
}
