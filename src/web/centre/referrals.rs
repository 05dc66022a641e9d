//! `/centre/referrals`: the referrals still in someone's hands, overdue
//! ones flagged (and a filter for them), one referral's page with its
//! timeline, and its steps: the organisation's answers recorded by the
//! centre with their evidence, closing, and escalation (督办).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::now_ts;
use crate::db::referral_events::ReferralEvent;
use crate::db::resolution_orgs::ResolutionOrg;
use crate::domain::resolution::referral::target;
use crate::domain::resolution::{Outcome, ReferralAction, ReferralState};
use crate::resolution::Change;
use crate::resolution::steps::{self, StepInput};
use crate::resolution::views::{self, ReferralRow, event_time};
use crate::web::auth::{CentreDesk, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, vocabulary_choices};
use crate::web::read_side::ReadSide;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    overdue: String,
}

#[derive(Template)]
#[template(path = "centre/referrals.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ReferralRow>,
    overdue_only: bool,
}

pub async fn list(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
    side: ReadSide,
) -> Result<HttpResponse, AppError> {
    let overdue_only = query.overdue == "1";
    let viewer = user.viewer();
    let rows = state
        .read(side, move |conn| {
            Ok(views::centre_list(conn, &viewer, overdue_only, now_ts())?)
        })
        .await?;
    render::page(&ListPage {
        ctx,
        rows,
        overdue_only,
    })
}

/// A step's URL segment.
fn action_of(segment: &str) -> Option<ReferralAction> {
    Some(match segment {
        "accept" => ReferralAction::Accept,
        "return" => ReferralAction::Return,
        "outcome" => ReferralAction::ReportOutcome,
        "close" => ReferralAction::Close,
        "escalate" => ReferralAction::Escalate,
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "centre/referral.html")]
struct DetailPage {
    ctx: PageCtx,
    row: ReferralRow,
    org: Option<ResolutionOrg>,
    events: Vec<ReferralEvent>,
    outcomes: Vec<Choice>,
    error: String,
}

impl DetailPage {
    /// Whether the step's form is offered in the referral's state.
    fn offers(&self, segment: &str) -> bool {
        let state = self.row.referral.state;
        match action_of(segment) {
            Some(ReferralAction::Escalate) => self.row.overdue,
            Some(action) => target(state, action).is_some(),
            None => false,
        }
    }

    fn time(&self, event: &ReferralEvent) -> String {
        event_time(event)
    }
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    id: String,
    error: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = user.viewer();
    let detail = state
        .db(move |conn| Ok(views::detail(conn, &viewer, &id, now_ts())?))
        .await?;
    let page = DetailPage {
        outcomes: vocabulary_choices::<Outcome>(&ctx, ""),
        error: if error.is_empty() { String::new() } else { ctx.t(error) },
        ctx,
        row: detail.row,
        org: detail.org,
        events: detail.events,
    };
    render::page_with_status(status, &page)
}

pub async fn detail(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, &user, path.into_inner(), "", StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    version: String,
    reason: String,
    outcome: String,
    note: String,
}

pub async fn step(
    req: HttpRequest,
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AppError> {
    let (id, segment) = path.into_inner();
    let action = action_of(&segment).ok_or(AppError::NotFound)?;
    let input = StepInput {
        action,
        seen_version: form.version.trim().parse().map_err(|_| AppError::BadRequest)?,
        reason: form.reason.clone(),
        outcome: Outcome::parse(form.outcome.trim()),
        note: form.note.clone(),
    };
    let viewer = user.viewer();
    let actor = audit_actor(&req, Some(&user));
    let (key, outbox) = (id.clone(), state.outbox.clone());
    let outcome = state
        .db(move |conn| Ok(steps::act(conn, &key, &viewer, &input, &actor, &outbox)?))
        .await?;
    match outcome {
        // A returned dispute is back in triage: go where it is triaged.
        Change::Done(ReferralState::Returned) => {
            let case_id = state
                .db(move |conn| Ok(crate::db::referrals::find(conn, &id)?.map(|r| r.case_id)))
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(see_other(&format!("/centre/cases/{case_id}/refer")))
        }
        Change::Done(_) => Ok(see_other(&format!("/centre/referrals/{id}"))),
        Change::Conflict => show(ctx, &state, &user, id, "referral.error.changed", StatusCode::CONFLICT).await,
        Change::Refused(key) => show(ctx, &state, &user, id, key, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}
