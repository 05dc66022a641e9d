//! The online mediation application (申请书) and its receipt.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::places;
use crate::domain::mediation::DisputeType;
use crate::domain::mediation_intake::{CaseIntake, IntakeChannel, IntakeErrors, IntakeForm};
use crate::mediation::intake::{self, IntakeRequest};
use crate::receipts::{new_form_token, receipt_for_token};
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, choices, stored_form};
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/mediation_apply.html")]
pub struct ApplyPage {
    pub ctx: PageCtx,
    pub form: IntakeForm,
    pub errors: FieldErrors,
    pub streets: Vec<Choice>,
    pub communities: Vec<Choice>,
    pub types: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "public/mediation_receipt.html")]
struct ReceiptPage {
    ctx: PageCtx,
    receipt_code: String,
}

/// The streets a form may name and their communities (with the street's
/// name): all of them online, only the user's own street for staff.
pub struct IntakeAreas {
    pub streets: Vec<places::Place>,
    pub communities: Vec<(places::Place, String)>,
}

impl IntakeAreas {
    pub async fn load(state: &AppState, only_street: Option<String>) -> Result<Self, AppError> {
        let (mut streets, mut communities) = state
            .db(|conn| Ok((places::streets_and_towns(conn)?, places::communities_with_street(conn)?)))
            .await?;
        if let Some(own) = only_street {
            streets.retain(|s| s.id == own);
            communities.retain(|(c, _)| c.parent_id.as_deref() == Some(own.as_str()));
        }
        Ok(IntakeAreas { streets, communities })
    }

    pub fn street(&self, id: &str) -> bool {
        self.streets.iter().any(|s| s.id == id)
    }

    pub fn community_in(&self, street: &str, community: &str) -> bool {
        self.communities
            .iter()
            .any(|(c, _)| c.id == community && c.parent_id.as_deref() == Some(street))
    }

    /// Checks the form against these places.
    pub fn parse(&self, form: &IntakeForm, channel: IntakeChannel) -> Result<CaseIntake, IntakeErrors> {
        form.parse(channel, |s| self.street(s), |s, c| self.community_in(s, c))
    }
}

/// Place and type pickers shared by the online form and staff registration.
pub fn pickers(areas: IntakeAreas, ctx: &PageCtx, form: &IntakeForm) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let IntakeAreas { streets, communities } = areas;
    let streets = choices(streets.into_iter().map(|s| (s.id, s.name)), &form.street_id);
    let communities = choices(
        communities
            .into_iter()
            .map(|(c, street)| (c.id, format!("{street} · {}", c.name))),
        &form.community_id,
    );
    let types = choices(
        DisputeType::ALL.iter().map(|t| (t.code(), ctx.t(t.label_key()))),
        &form.dispute_type,
    );
    (streets, communities, types)
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
    let (streets, communities, types) = pickers(areas, &ctx, &form);
    let errors = errors.unwrap_or_else(|| FieldErrors::new(ctx.lang));
    render::page_with_status(
        status,
        &ApplyPage {
            ctx,
            form,
            errors,
            streets,
            communities,
            types,
        },
    )
}

pub async fn apply(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<IntakeForm>,
) -> Result<HttpResponse, AppError> {
    crate::web::attempts::count_submission(&state, &req).await?;
    let form = form.into_inner();
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
    render::page(&ReceiptPage { ctx, receipt_code })
}
