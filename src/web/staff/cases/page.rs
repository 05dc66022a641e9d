//! The case page (`GET /staff/cases/{id}`) and its audited unmasked view.

use actix_web::HttpResponse;

use super::change::CaseRequest;
use super::view;
use crate::domain::mediation_workflow::{CaseState, allowed_targets};
use crate::domain::transition_form::verb_key;
use crate::web::error::AppError;
use crate::web::render;

/// The page with personal data masked. A GET never unmasks: a link from
/// another site must not make the user's browser write an audit row.
pub async fn show(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let done = serde_urlencoded::from_str::<Done>(r.req.query_string()).unwrap_or_default();
    let mut page = r.page().await?;
    page.done = done_text(&page, &done);
    render::page(&page)
}

/// `?from=STATE&done=STATE`: the step just taken (the redirect after it says so).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Done {
    from: String,
    done: String,
}

/// The confirmation of the step that led to `done`, shown only while the
/// case is still in that state (an old link says nothing that is no longer so).
fn done_text(page: &view::CasePage, done: &Done) -> String {
    let state = page.case.state();
    let Some(from) = CaseState::parse(&done.from) else {
        return String::new();
    };
    if CaseState::parse(&done.done) != Some(state) || !allowed_targets(from).contains(&state) {
        return String::new();
    }
    let ctx = &page.ctx;
    match (&page.case.case_number, state) {
        (Some(number), CaseState::Accepted) => ctx.t_with("done.accepted", "number", number),
        _ => ctx
            .t("done.step")
            .replace("%{step}", &ctx.t(verb_key(from, state)))
            .replace("%{state}", &ctx.t(state.label_key())),
    }
}

/// The audited unmasked view: a POST with the CSRF token.
pub async fn unmask(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let page = view::load(&r.req, r.ctx, &r.user, &r.state, r.case_id, true).await?;
    render::page(&page)
}
