//! Exports of the mailbox queue: `/staff/letters/export.csv` and `.xlsx`
//! carry the list's query string and export what the list holds (a
//! coordinator's street, an admin's district), masked. An admin may export
//! unmasked at `/staff/letters/export`: a POST with a reason, audited.

use actix_web::{HttpRequest, HttpResponse, web};

use super::list::{ListQuery, export_query, filter_of, street_scope};
use crate::db::audit;
use crate::exports::Format;
use crate::exports::letters::LetterRows;
use crate::web::auth::{Admin, LetterDesk, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::staff::exports::{self, UnmaskedForm};
use crate::web::state::AppState;

const LIST: &str = "/staff/letters";

pub async fn csv(
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let now = crate::db::now_ts();
    let source = LetterRows::new(filter_of(&query, street_scope(&user), now), false, now);
    Ok(exports::download(
        &state,
        &ctx,
        Box::new(source),
        Format::Csv,
        "letters",
    ))
}

pub async fn xlsx(
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let now = crate::db::now_ts();
    let source = LetterRows::new(filter_of(&query, street_scope(&user), now), false, now);
    Ok(exports::download(
        &state,
        &ctx,
        Box::new(source),
        Format::Xlsx,
        "letters",
    ))
}

/// The unmasked-export form, carrying the list's filters.
pub async fn form(ctx: PageCtx, Admin(_): Admin, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let form = UnmaskedForm {
        query: export_query(&query),
        ..UnmaskedForm::default()
    };
    let errors = FieldErrors::new(ctx.lang);
    exports::form_page(ctx, LIST, "export.letters_unmasked", form, errors)
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
        return exports::form_page(ctx, LIST, "export.letters_unmasked", form, errors);
    };
    let query: ListQuery = serde_urlencoded::from_str(&form.query).unwrap_or_default();
    let actor = audit_actor(&req, Some(&user));
    let detail = format!("{}; {}; {reason}", format.extension(), form.query);
    state
        .db(move |conn| {
            audit::record(
                conn,
                &actor,
                "letter.export_unmasked",
                Some(("letters", "list")),
                &detail,
            )?;
            Ok(())
        })
        .await?;
    let now = crate::db::now_ts();
    let source = LetterRows::new(filter_of(&query, street_scope(&user), now), true, now);
    Ok(exports::download(&state, &ctx, Box::new(source), format, "letters"))
}
