//! `/centre/cases/{id}/refer`: triage of a case that waits at the door
//! (REGISTERED). Shows the rule table's suggestions with their reasons and
//! the organisations that take the dispute, then sends the case to the one
//! staff choose, with their reason.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::cases::{self, Case};
use crate::db::dispute_types::DisputeTypes;
use crate::db::now_ts;
use crate::domain::mediation_workflow::CaseState;
use crate::resolution::send::{self, SendInput};
use crate::resolution::triage::{SuggestedChannel, suggestions};
use crate::resolution::views::{self, ReferralRow};
use crate::resolution::{Change, centre_may_act};
use crate::web::auth::{CentreDesk, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// The amount field: whole yuan, at most a trillion (a typo guard).
const AMOUNT_MAX: i64 = 1_000_000_000_000;

/// The mark before a suggested organisation in the select (the page
/// explains it beside the suggestions).
const SUGGESTED_MARK: &str = "★ ";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReferForm {
    org_id: String,
    reason: String,
    amount: String,
    report_days: String,
}

impl ReferForm {
    fn amount(&self) -> Option<i64> {
        parse_amount(&self.amount)
    }
}

/// `12,000` or `12000` → 12000; anything else is no amount.
fn parse_amount(raw: &str) -> Option<i64> {
    let digits: String = raw.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
    digits.parse::<i64>().ok().filter(|a| (0..=AMOUNT_MAX).contains(a))
}

#[derive(Template)]
#[template(path = "centre/refer.html")]
struct ReferPage {
    ctx: PageCtx,
    case_id: String,
    case_label: String,
    type_label: String,
    state: CaseState,
    in_triage: bool,
    suggested: Vec<SuggestedChannel>,
    orgs: Vec<Choice>,
    history: Vec<ReferralRow>,
    form: ReferForm,
    error: String,
}

struct Loaded {
    case: Case,
    types: DisputeTypes,
    suggested: Vec<SuggestedChannel>,
    orgs: Vec<(String, String)>,
    history: Vec<ReferralRow>,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &crate::web::auth::SessionUser,
    case_id: String,
    form: ReferForm,
    error: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = user.viewer();
    let amount = form.amount();
    let loaded = state
        .db(move |conn| {
            let case = cases::find(conn, &case_id)?.ok_or(AppError::NotFound)?;
            if !centre_may_act(&viewer, &case) {
                return Err(AppError::Forbidden);
            }
            let (suggested, all) = suggestions(conn, &case, amount)?;
            let history = views::for_case(conn, &case, now_ts())?;
            Ok(Loaded {
                types: DisputeTypes::load(conn)?,
                orgs: ordered_orgs(&suggested, &all),
                suggested,
                history,
                case,
            })
        })
        .await?;
    let case = loaded.case;
    let page = ReferPage {
        case_label: case.case_number.clone().unwrap_or_else(|| ctx.t("cases.unnumbered")),
        type_label: loaded.types.label(ctx.lang, case.dispute_type),
        state: case.state(),
        in_triage: case.state() == CaseState::Registered
            && loaded.history.iter().all(|r| r.referral.state.is_finished()),
        case_id: case.id,
        suggested: loaded.suggested,
        orgs: choices(loaded.orgs, &form.org_id),
        history: loaded.history,
        error: if error.is_empty() { String::new() } else { ctx.t(error) },
        ctx,
        form,
    };
    render::page_with_status(status, &page)
}

/// Suggested organisations first (marked), then every other active one.
fn ordered_orgs(
    suggested: &[SuggestedChannel],
    all: &[crate::db::resolution_orgs::ResolutionOrg],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for org in suggested.iter().flat_map(|s| s.orgs.iter()) {
        if !out.iter().any(|(id, _)| *id == org.id) {
            out.push((org.id.clone(), format!("{SUGGESTED_MARK}{}", org.name)));
        }
    }
    for org in all {
        if !out.iter().any(|(id, _)| *id == org.id) {
            out.push((org.id.clone(), org.name.clone()));
        }
    }
    out
}

pub async fn form(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ReferForm>,
) -> Result<HttpResponse, AppError> {
    let form = query.into_inner();
    show(ctx, &state, &user, path.into_inner(), form, "", StatusCode::OK).await
}

pub async fn send(
    req: HttpRequest,
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ReferForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let report_days = form.report_days.trim();
    let input = SendInput {
        org_id: form.org_id.trim().to_owned(),
        reason: form.reason.clone(),
        amount: form.amount(),
        report_days: if report_days.is_empty() {
            None
        } else {
            // Unparseable → 0, which the use case refuses with its message.
            Some(report_days.parse().unwrap_or(0))
        },
    };
    let viewer = user.viewer();
    let actor = audit_actor(&req, Some(&user));
    let id = case_id.clone();
    let outcome = state
        .db(move |conn| Ok(send::send(conn, &id, &viewer, &input, &actor)?))
        .await?;
    match outcome {
        Change::Done(referral_id) => Ok(see_other(&format!("/centre/referrals/{referral_id}"))),
        Change::Conflict => {
            let status = StatusCode::CONFLICT;
            show(ctx, &state, &user, case_id, form, "referral.error.changed", status).await
        }
        Change::Refused(key) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            show(ctx, &state, &user, case_id, form, key, status).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_amount;

    #[test]
    fn amounts_are_whole_yuan_with_optional_separators() {
        assert_eq!(parse_amount("12,000"), Some(12_000));
        assert_eq!(parse_amount(" 500 "), Some(500));
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("-1"), None);
        assert_eq!(parse_amount("12.5"), None);
        assert_eq!(parse_amount("1000000000001"), None);
    }
}
