//! `/org`: the organisation's open referrals; `/org/referrals/{id}`: one
//! referral with the dispute's facts and the organisation's answers.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::audit::AuditActor;
use crate::db::dispute_types::DisputeTypes;
use crate::db::now_ts;
use crate::db::referral_events::ReferralEvent;
use crate::domain::resolution::referral::target;
use crate::domain::resolution::{Outcome, ReferralAction};
use crate::resolution::Change;
use crate::resolution::parties::{self, PartyLine};
use crate::resolution::steps::{self, Acting, StepInput};
use crate::resolution::views::{self, ReferralRow, event_time};
use crate::reveal::Reveal;
use crate::web::auth::{OrgUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, vocabulary_choices};
use crate::web::read_side::ReadSide;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "org/referrals.html")]
struct ListPage {
    ctx: PageCtx,
    org_name: String,
    rows: Vec<ReferralRow>,
}

pub async fn list(
    ctx: PageCtx,
    org: OrgUser,
    state: web::Data<AppState>,
    side: ReadSide,
) -> Result<HttpResponse, AppError> {
    let org_id = org.org_id.clone();
    let (org_name, rows) = state
        .read(side, move |conn| {
            let name = crate::db::resolution_orgs::find(conn, &org_id)?
                .map(|o| o.name)
                .unwrap_or_default();
            Ok((name, views::org_list(conn, &org_id, now_ts())?))
        })
        .await?;
    render::page(&ListPage { ctx, org_name, rows })
}

/// The steps an organisation takes itself, by URL segment.
fn action_of(segment: &str) -> Option<ReferralAction> {
    Some(match segment {
        "accept" => ReferralAction::Accept,
        "return" => ReferralAction::Return,
        "outcome" => ReferralAction::ReportOutcome,
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "org/referral.html")]
struct DetailPage {
    ctx: PageCtx,
    row: ReferralRow,
    type_label: String,
    summary: String,
    requests: String,
    events: Vec<ReferralEvent>,
    outcomes: Vec<Choice>,
    error: String,
    /// The parties, once the organisation has accepted (masked unless revealed).
    parties: Option<Vec<PartyLine>>,
    revealed: bool,
}

impl DetailPage {
    fn offers(&self, segment: &str) -> bool {
        action_of(segment).is_some_and(|a| target(self.row.referral.state, a).is_some())
    }

    fn time(&self, event: &ReferralEvent) -> String {
        event_time(event)
    }
}

/// The detail page; `reveal_for` shows the parties in full to that user,
/// audited (`POST …/contact`).
pub(super) async fn show_revealed(
    ctx: PageCtx,
    state: &AppState,
    org_id: String,
    id: String,
    reveal_for: Option<AuditActor>,
) -> Result<HttpResponse, AppError> {
    page(ctx, state, org_id, id, "", StatusCode::OK, reveal_for).await
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    org_id: String,
    id: String,
    error: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    page(ctx, state, org_id, id, error, status, None).await
}

async fn page(
    ctx: PageCtx,
    state: &AppState,
    org_id: String,
    id: String,
    error: &str,
    status: StatusCode,
    reveal_for: Option<AuditActor>,
) -> Result<HttpResponse, AppError> {
    let revealed = reveal_for.is_some();
    let (detail, case, types, parties) = state
        .db(move |conn| {
            let (detail, case) = views::org_detail(conn, &org_id, &id, now_ts())?;
            let reveal = match &reveal_for {
                Some(actor) => Reveal::Unmasked { actor },
                None => Reveal::Masked,
            };
            let r = &detail.row.referral;
            let parties = parties::for_org(conn, &r.id, &case.id, r.state, reveal)?;
            Ok((detail, case, DisputeTypes::load(conn)?, parties))
        })
        .await?;
    let page = DetailPage {
        parties,
        revealed,
        outcomes: vocabulary_choices::<Outcome>(&ctx, ""),
        error: if error.is_empty() { String::new() } else { ctx.t(error) },
        type_label: types.label(ctx.lang, case.dispute_type),
        summary: case.summary,
        requests: case.requests,
        ctx,
        row: detail.row,
        events: detail.events,
    };
    render::page_with_status(status, &page)
}

pub async fn detail(
    ctx: PageCtx,
    org: OrgUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, org.org_id, path.into_inner(), "", StatusCode::OK).await
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
    org: OrgUser,
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
    let viewer = org.user.viewer();
    let actor = audit_actor(&req, Some(&org.user));
    let (key, org_id, outbox) = (id.clone(), org.org_id.clone(), state.outbox.clone());
    let outcome = state
        .db(move |conn| {
            Ok(steps::act_as(
                conn,
                &key,
                &viewer,
                Acting::Org(&org_id),
                &input,
                &actor,
                &outbox,
            )?)
        })
        .await?;
    let org_id = org.org_id;
    match outcome {
        Change::Done(_) => Ok(see_other(&format!("/org/referrals/{id}"))),
        Change::Conflict => show(ctx, &state, org_id, id, "referral.error.changed", StatusCode::CONFLICT).await,
        Change::Refused(key) => show(ctx, &state, org_id, id, key, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}
