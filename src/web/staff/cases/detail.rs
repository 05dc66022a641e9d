//! What the pages for a case's details (party edit, follow-up visit,
//! performance and proofs) share: loading the case for a form, running a
//! change against the version the user saw, and answering its outcome.

use actix_web::{HttpRequest, HttpResponse};

use super::actions::{Seen, mediation_error};
use super::viewer;
use crate::db::DbConn;
use crate::db::case_parties::Party;
use crate::db::cases::Case;
use crate::domain::masking::{mask_name, mask_phone};
use crate::mediation::actions::ChangeContext;
use crate::mediation::details::{self, FormView};
use crate::mediation::{ChangeOutcome, MediationError};
use crate::web::auth::{SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::see_other;
use crate::web::state::AppState;

/// The case for a form page; 403 for users who may not see it.
pub async fn form_view(state: &AppState, user: &SessionUser, case_id: &str) -> Result<FormView, AppError> {
    let (viewer, id) = (viewer(user), case_id.to_owned());
    state
        .db(move |conn| details::form_view(conn, &viewer, &id).map_err(mediation_error))
        .await
}

/// The case's number, or "unnumbered", for page titles.
pub fn title(ctx: &PageCtx, case: &Case) -> String {
    case.case_number.clone().unwrap_or_else(|| ctx.t("cases.unnumbered"))
}

pub type Work = Box<dyn FnOnce(&mut DbConn, &ChangeContext<'_>) -> Result<ChangeOutcome<()>, MediationError> + Send>;

/// Runs one change to the case as seen by the user.
pub async fn change(
    req: &HttpRequest,
    user: &SessionUser,
    state: &AppState,
    case_id: &str,
    seen: Seen,
    work: Work,
) -> Result<ChangeOutcome<()>, AppError> {
    let actor = audit_actor(req, Some(user));
    let (viewer, id) = (viewer(user), case_id.to_owned());
    state
        .db(move |conn| {
            let change = ChangeContext {
                case_id: &id,
                viewer: &viewer,
                seen_version: seen.version(),
                seen_event: &seen.seen_event,
                actor: &actor,
            };
            work(conn, &change).map_err(mediation_error)
        })
        .await
}

/// Where a change that was done leads: back to the case, at its section.
pub fn done(case_id: &str, anchor: &str) -> HttpResponse {
    see_other(&format!("/staff/cases/{case_id}#{anchor}"))
}

/// A party's details as the case page shows them. Names, phones and the
/// address are personal data: masked (the address left out) unless the
/// user chose the audited unmasked view.
pub struct PartyExtra {
    /// "女 · 68 岁 · 退休职工"; "" when nothing is recorded.
    pub summary: String,
    pub address: String,
    /// "委托代理人 李*（女婿）138****1234"; "" without an agent.
    pub agent: String,
}

pub fn party_extra(ctx: &PageCtx, p: &Party, unmask: bool) -> PartyExtra {
    let mut summary = Vec::new();
    if p.kind == "organisation" {
        summary.push(ctx.t("party.kind.organisation"));
    }
    if !p.sex.is_empty() {
        summary.push(ctx.t(format!("party.sex.{}", p.sex)));
    }
    if let Some(age) = p.age {
        summary.push(ctx.t_with("party.age_n", "n", &age.to_string()));
    }
    if !p.occupation.is_empty() {
        summary.push(p.occupation.clone());
    }
    let (name, phone) = if unmask {
        (p.agent.clone(), p.agent_phone.clone())
    } else {
        (mask_name(&p.agent), mask_phone(&p.agent_phone))
    };
    let agent = if p.agent.is_empty() {
        String::new()
    } else {
        let mut text = format!("{} {name}", ctx.t(format!("party.agent_kind.{}", p.agent_kind)));
        if !p.agent_relation.is_empty() {
            text.push_str(&format!("（{}）", p.agent_relation));
        }
        if !phone.is_empty() {
            text.push_str(&format!(" {phone}"));
        }
        text
    };
    PartyExtra {
        summary: summary.join(" · "),
        address: if unmask { p.address.clone() } else { String::new() },
        agent,
    }
}
