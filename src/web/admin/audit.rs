//! The audit log, newest first, with filters and keyset paging.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::audit_lines::{self, AuditLine};
use crate::dates::parse_day_start;
use crate::db::audit::{self, AuditFilter};
use crate::web::auth::Admin;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::state::AppState;

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub before: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    query: AuditQuery,
    /// (code, words) of every action in the log.
    actions: Vec<(String, String)>,
    rows: Vec<AuditLine>,
    /// Query string for the next (older) page, or "" on the last page.
    next_page: String,
    errors: FieldErrors,
}

pub async fn list(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    side: ReadSide,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let filter = to_filter(&query, &mut errors);
    // The log only grows by appends; a second's lag behind the primary
    // shows one row fewer, never a wrong one.
    let (ctx, actions, mut entries) = state
        .read(side, move |conn| {
            Ok((
                ctx,
                audit::distinct_actions(conn)?,
                audit::list(conn, &filter, PAGE_SIZE + 1)?,
            ))
        })
        .await?;
    let actions = actions
        .into_iter()
        .map(|code| {
            let label = audit_lines::action_label(&ctx, &code);
            (code, label)
        })
        .collect();
    let has_more = entries.len() as i64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);
    let next_page = match (has_more, entries.last()) {
        (true, Some(last)) => next_query(&query, &last.id),
        _ => String::new(),
    };
    let (ctx, rows) = state
        .read(side, move |conn| {
            let rows = audit_lines::lines(&ctx, conn, &entries)?;
            Ok((ctx, rows))
        })
        .await?;
    render::page(&AuditPage {
        ctx,
        query,
        actions,
        rows,
        next_page,
        errors,
    })
}

fn to_filter(query: &AuditQuery, errors: &mut FieldErrors) -> AuditFilter {
    let non_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut day = |field: &'static str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = parse_day_start(value);
        if parsed.is_none() {
            errors.add(field, "form.error.date");
        }
        parsed
    };
    AuditFilter {
        action: non_empty(&query.action),
        actor_label: non_empty(&query.actor),
        from_ts: day("from", &query.from),
        // "to" is inclusive: up to the end of that day.
        to_ts: day("to", &query.to).map(|t| t + 86_400),
        before_id: non_empty(&query.before),
    }
}

fn next_query(query: &AuditQuery, last_id: &str) -> String {
    serde_urlencoded::to_string([
        ("action", query.action.as_str()),
        ("actor", query.actor.as_str()),
        ("from", query.from.as_str()),
        ("to", query.to.as_str()),
        ("before", last_id),
    ])
    .unwrap_or_default()
}
