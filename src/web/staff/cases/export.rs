//! Exports of the case queue: `/staff/cases/export.csv` and `.xlsx` carry
//! the list's query string and export what the list holds (its queue, its
//! filters and the user's scope: a coordinator's street, a mediator's
//! cases), masked. An admin may export unmasked at `/staff/cases/export`:
//! a POST with a reason, audited before the first row is read.

use actix_web::{HttpRequest, HttpResponse, web};

use super::list::{ListQuery, export_query, selection};
use crate::db::audit;
use crate::db::cases::{CaseFilter, CaseScope};
use crate::domain::role::Role;
use crate::exports::Format;
use crate::exports::cases::CaseRows;
use crate::mediation::queues;
use crate::web::auth::{Admin, SessionUser, Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::see_other;
use crate::web::staff::exports::{self, UnmaskedForm};
use crate::web::state::AppState;

const LIST: &str = "/staff/cases";

pub async fn csv(
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    masked(ctx, user, state, query.into_inner(), Format::Csv).await
}

pub async fn xlsx(
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    masked(ctx, user, state, query.into_inner(), Format::Xlsx).await
}

async fn masked(
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    query: ListQuery,
    format: Format,
) -> Result<HttpResponse, AppError> {
    if user.role == Role::Resident {
        return Err(AppError::forbidden());
    }
    let Some((scope, filter)) = scoped(&ctx, &user, &state, &query, None).await? else {
        return Ok(back_to_list(&query, &user));
    };
    let source = CaseRows::new(scope, filter, false, &state.secret, crate::db::now_ts());
    Ok(exports::download(&state, &ctx, Box::new(source), format, "cases"))
}

/// The unmasked-export form, carrying the list's filters.
pub async fn form(ctx: PageCtx, Admin(user): Admin, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let (queue, _, _) = selection(user.role, &query, crate::db::now_ts(), ctx.lang);
    let form = UnmaskedForm {
        query: export_query(&query, queue),
        ..UnmaskedForm::default()
    };
    let errors = FieldErrors::new(ctx.lang);
    exports::form_page(ctx, LIST, "export.cases_unmasked", form, errors)
}

/// The unmasked export: a reason is required and audited with the filters.
pub async fn unmasked(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(user): Admin,
    state: web::Data<AppState>,
    form: web::Form<UnmaskedForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let Some((format, reason)) = exports::check(&form, &mut errors) else {
        return exports::form_page(ctx, LIST, "export.cases_unmasked", form, errors);
    };
    let query: ListQuery = serde_urlencoded::from_str(&form.query).unwrap_or_default();
    let audit = Audit {
        actor: audit_actor(&req, Some(&user)),
        detail: format!("{}; {}; {reason}", format.extension(), form.query),
    };
    let Some((scope, filter)) = scoped(&ctx, &user, &state, &query, Some(audit)).await? else {
        return Ok(back_to_list(&query, &user));
    };
    let source = CaseRows::new(scope, filter, true, &state.secret, crate::db::now_ts());
    Ok(exports::download(&state, &ctx, Box::new(source), format, "cases"))
}

struct Audit {
    actor: audit::AuditActor,
    detail: String,
}

/// The scope and filter the list would use; None when a filter is wrong
/// (the list shows why). `audit` is written in the same call, before any
/// row is read.
async fn scoped(
    ctx: &PageCtx,
    user: &SessionUser,
    state: &AppState,
    query: &ListQuery,
    audit: Option<Audit>,
) -> Result<Option<(CaseScope, CaseFilter)>, AppError> {
    let (queue, filter, errors) = selection(user.role, query, crate::db::now_ts(), ctx.lang);
    if !errors.is_empty() {
        return Ok(None);
    }
    let viewer = user.viewer();
    let scope = state
        .db(move |conn| {
            let scope = queues::scope(conn, &viewer, queue, &queues::Waiting::default())?;
            if let Some(a) = audit {
                audit::record(
                    conn,
                    &a.actor,
                    "case.export_unmasked",
                    Some(("cases", queue)),
                    &a.detail,
                )?;
            }
            Ok(scope)
        })
        .await?;
    Ok(Some((scope, filter)))
}

fn back_to_list(query: &ListQuery, user: &SessionUser) -> HttpResponse {
    let (queue, _, _) = selection(user.role, query, 0, crate::i18n::Lang::Zh);
    see_other(&format!("{LIST}?{}", export_query(query, queue)))
}
