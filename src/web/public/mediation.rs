//! The online mediation application (申请书) and its receipt.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::follow_up::FollowUp;
use crate::domain::mediation_intake::{IntakeChannel, IntakeForm};
use crate::mediation::intake::{self, IntakeRequest};
use crate::receipts::{new_form_token, receipt_for_token};
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, stored_form};
use crate::web::render;
use crate::web::shared::intake_form::{ChoiceGroup, Respondents};
use crate::web::shared::places::{IntakeAreas, pickers};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/mediation_apply.html")]
pub struct ApplyPage {
    pub ctx: PageCtx,
    pub form: IntakeForm,
    pub errors: FieldErrors,
    pub streets: Vec<Choice>,
    pub communities: Vec<Choice>,
    pub grids: Vec<Choice>,
    pub compounds: Vec<Choice>,
    pub types: Vec<ChoiceGroup>,
    pub respondents: Respondents,
}

#[derive(Template)]
#[template(path = "public/mediation_receipt.html")]
struct ReceiptPage {
    ctx: PageCtx,
    follow: FollowUp,
    /// What was sent and when to expect an answer (issue 14 item 3).
    status: Option<crate::mediation::public_status::CaseStatus>,
}

pub async fn apply_form(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let form = IntakeForm {
        form_token: new_form_token(),
        ..Default::default()
    };
    show(ctx, &state, form, None, StatusCode::OK).await
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: IntakeForm,
    errors: Option<FieldErrors>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let areas = IntakeAreas::load(state, None).await?;
    let p = pickers(areas, &ctx, &form);
    let errors = errors.unwrap_or_else(|| FieldErrors::new(ctx.lang));
    let respondents = Respondents::new(&ctx, &form, &errors, "/mediation/apply");
    render::page_with_status(
        status,
        &ApplyPage {
            ctx,
            form,
            errors,
            streets: p.streets,
            communities: p.communities,
            grids: p.grids,
            compounds: p.compounds,
            types: p.types,
            respondents,
        },
    )
}

pub async fn apply(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<IntakeForm>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    // "Add another respondent" or "remove": the same form again with the
    // blocks changed, nothing checked or stored.
    if let Some(action) = form.respondent_action() {
        form.apply_respondent_action(action);
        return show(ctx, &state, form, None, StatusCode::OK).await;
    }
    // "List the places of my street": the same form again, nothing checked
    // or stored (the no-JavaScript way to narrow the finer pickers).
    if !form.refresh_places.is_empty() {
        return show(ctx, &state, form, None, StatusCode::OK).await;
    }
    crate::web::attempts::count_submission(&state, &req).await?;
    let parsed = IntakeAreas::load(&state, None)
        .await?
        .parse(&form, IntakeChannel::Online);
    let bound = bind_form_token(&req, &state.secret, &form.form_token)?;
    let intake = match parsed {
        Ok(intake) => intake,
        Err(problems) => {
            let mut errors = FieldErrors::new(ctx.lang);
            for (field, key) in problems {
                errors.add(field, key);
            }
            return show(ctx, &state, form, Some(errors), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let receipt_code = receipt_for_token(&state.secret, &bound.binding, &form.form_token);
    let actor = audit_actor(&req, ctx.user.as_ref());
    let token = bound.key.clone();
    let code = receipt_code.clone();
    let resident = ctx
        .user
        .as_ref()
        .filter(|u| u.role == crate::domain::role::Role::Resident)
        .map(|u| u.id.clone());
    let result = state
        .db(move |conn| {
            let request = IntakeRequest {
                intake: &intake,
                form_token: &token,
                receipt_code: Some(code),
                registered_by: None,
                applicant_user_id: resident.as_deref(),
                actor: &actor,
                court: None,
                screening_id: None,
            };
            Ok(intake::submit(conn, request)?)
        })
        .await;
    // A double click racing on PostgreSQL: the winner's case is stored.
    if let Err(e) = result {
        if stored_form(&state, &bound.key).await?.is_none() {
            return Err(e);
        }
    }
    // Shown only after COMMIT; a re-post of the same form shows the same code.
    let follow = FollowUp::new(&req, &ctx, &receipt_code);
    let hash = crate::receipts::receipt_hash(&receipt_code).unwrap_or_default();
    let status = state
        .db(move |conn| Ok(crate::mediation::public_status::by_receipt(conn, &hash)?))
        .await?;
    render::page(&ReceiptPage { ctx, follow, status })
}
