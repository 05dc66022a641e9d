//! Pages for residents with an account.

pub mod attach;
pub mod my_opinions;
pub mod notify_setting;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::masking::mask_phone;
use crate::mailbox::views::mine::{self, MyLetter};
use crate::mediation::public_status::{self, CaseStatus};
use crate::web::auth::{Resident, SessionUser};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "resident/me.html")]
struct MePage {
    ctx: PageCtx,
    masked_phone: String,
    display_name: String,
    letters: Vec<MyLetter>,
    cases: Vec<CaseStatus>,
    opinions: Vec<my_opinions::MyOpinion>,
    errors: FieldErrors,
    /// The account's phone number opted out of notifications.
    notifications_off: bool,
    /// Off through the link in a message: "我的" cannot undo that.
    stopped_by_link: bool,
}

/// "我的": the resident's own account and submissions.
pub async fn me(ctx: PageCtx, Resident(user): Resident, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    render_me(ctx, &user, &state, None, StatusCode::OK).await
}

/// The page, with an error at the receipt-code field if attaching failed.
pub async fn render_me(
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    code_error: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (id, login, outbox) = (user.id.clone(), user.username.clone(), state.outbox.clone());
    let (letters, cases, opinions, setting) = state
        .db(move |conn| {
            Ok((
                mine::for_submitter(conn, &id)?,
                public_status::for_applicant(conn, &id)?,
                my_opinions::load(conn, &id)?,
                crate::notify::opt_out::account_setting(conn, &outbox, &login, &id)?,
            ))
        })
        .await?;
    use crate::notify::opt_out::AccountSetting;
    let mut errors = FieldErrors::new(ctx.lang);
    if let Some(key) = code_error {
        errors.add("code", key);
    }
    let page = MePage {
        letters,
        cases,
        opinions,
        errors,
        notifications_off: setting != AccountSetting::On,
        stopped_by_link: setting == AccountSetting::OffElsewhere,
        masked_phone: mask_phone(&user.username),
        display_name: user.display_name.clone(),
        ctx,
    };
    render::page_with_status(status, &page)
}
