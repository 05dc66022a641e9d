//! What the case and letter exports share on the web side: the download
//! response and the admin's unmasked-export form (a reason is required;
//! the form keeps what was typed and shows the error next to the field).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use crate::exports::{self, Format, RowSource};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

/// Longer reasons are refused at the field rather than cut.
const MAX_REASON: usize = 500;

/// The unmasked-export form as posted. `query` is the list's filter, as
/// the list's own export links carry it.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UnmaskedForm {
    pub query: String,
    pub format: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "staff/export_unmasked.html")]
struct UnmaskedPage {
    ctx: PageCtx,
    /// Where the form posts and where "back" leads: `/staff/cases` or `/staff/letters`.
    list: &'static str,
    title_key: &'static str,
    form: UnmaskedForm,
    errors: FieldErrors,
}

/// The form, empty or with `errors` (answered 422 then).
pub fn form_page(
    ctx: PageCtx,
    list: &'static str,
    title_key: &'static str,
    form: UnmaskedForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render::page_with_status(
        status,
        &UnmaskedPage {
            ctx,
            list,
            title_key,
            form,
            errors,
        },
    )
}

/// The format and reason of a posted form, or the errors to show.
pub fn check(form: &UnmaskedForm, errors: &mut FieldErrors) -> Option<(Format, String)> {
    let format = Format::parse(form.format.trim());
    if format.is_none() {
        errors.add("format", "export.error.format");
    }
    let reason = form.reason.trim();
    if reason.is_empty() {
        errors.add("reason", "export.error.reason");
    } else if reason.chars().count() > MAX_REASON {
        errors.add("reason", "export.error.reason_long");
    }
    Some((format?, reason.to_owned())).filter(|_| errors.is_empty())
}

/// The file `source` writes, streamed as `stem-<today>.<ext>`.
pub fn download(
    state: &AppState,
    ctx: &PageCtx,
    source: Box<dyn RowSource>,
    format: Format,
    stem: &str,
) -> HttpResponse {
    let now = crate::db::now_ts();
    exports::stream::respond(
        state.pool.clone(),
        source,
        format,
        ctx.lang,
        state.exports_dir.clone(),
        &exports::file_name(stem, format, now),
    )
}
