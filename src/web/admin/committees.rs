//! People's mediation committees: an admin sets each one's name, the short
//! name used in its case numbers, and its head (主任), who signs off the
//! reviews of cases not led by a 小马 (DESIGN.md §5.2).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::committees::{self, CommitteeSeen};
use crate::db::users;
use crate::domain::committee::{CommitteeError, CommitteeNames};
use crate::domain::role::MediatorLevel;
use crate::settings::{self, committees::CommitteeUpdateError};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

pub struct TextField {
    pub field: &'static str,
    pub label_key: &'static str,
    pub value: String,
}

pub struct CommitteeRow {
    pub id: String,
    pub street: String,
    pub name: String,
    pub short_name: String,
    pub heads: Vec<Choice>,
    /// The values the form was built from, sent back to detect a concurrent edit.
    pub seen_name: String,
    pub seen_short_name: String,
    pub seen_head: String,
    pub errors: FieldErrors,
    pub conflict: bool,
}

#[derive(Template)]
#[template(path = "admin/committees.html")]
struct CommitteesPage {
    ctx: PageCtx,
    rows: Vec<CommitteeRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommitteeForm {
    name: String,
    short_name: String,
    head: String,
    seen_name: String,
    seen_short_name: String,
    seen_head: String,
}

/// Why a form comes back instead of being saved.
enum Failure {
    Invalid(CommitteeError),
    Conflict,
}

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    show(ctx, &state, None, StatusCode::OK).await
}

/// The page; `failed` puts the typed values and the problem back on one row.
async fn show(
    ctx: PageCtx,
    state: &AppState,
    failed: Option<(String, CommitteeForm, Failure)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (rows, seniors) = state
        .db(|conn| {
            Ok((
                committees::all_with_street(conn)?,
                users::mediators_at_level(conn, MediatorLevel::Senior)?,
            ))
        })
        .await?;
    let rows = rows
        .into_iter()
        .map(|(c, street)| {
            let mut errors = FieldErrors::new(ctx.lang);
            let head = c.head_user_id.clone().unwrap_or_default();
            let mut row = CommitteeRow {
                seen_name: c.name.clone(),
                seen_short_name: c.short_name.clone(),
                seen_head: head.clone(),
                name: c.name,
                short_name: c.short_name,
                heads: Vec::new(),
                errors: FieldErrors::new(ctx.lang),
                conflict: false,
                id: c.id,
                street,
            };
            let mut selected = head;
            if let Some((id, form, failure)) = &failed {
                if *id == row.id {
                    match failure {
                        // A stale form shows the current values, so the admin
                        // sees what the other edit did before trying again.
                        Failure::Conflict => row.conflict = true,
                        Failure::Invalid((field, key)) => {
                            errors.add(field, key);
                            row.name = form.name.clone();
                            row.short_name = form.short_name.clone();
                            selected = form.head.clone();
                        }
                    }
                }
            }
            row.heads = choices(
                seniors
                    .iter()
                    .map(|u| (u.id.clone(), format!("{} ({})", u.display_name, u.username))),
                &selected,
            );
            row.errors = errors;
            row
        })
        .collect();
    render::page_with_status(status, &CommitteesPage { ctx, rows })
}

pub async fn update(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(user): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CommitteeForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let names = match CommitteeNames::parse(&form.name, &form.short_name) {
        Ok(names) => names,
        Err(e) => {
            let failed = Some((id, form, Failure::Invalid(e)));
            return show(ctx, &state, failed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let actor = audit_actor(&req, Some(&user));
    let (committee_id, head) = (id.clone(), form.head.trim().to_owned());
    let seen = (
        form.seen_name.clone(),
        form.seen_short_name.clone(),
        form.seen_head.clone(),
    );
    let outcome = state
        .db(move |conn| {
            let head = (!head.is_empty()).then_some(head.as_str());
            let seen = CommitteeSeen {
                name: &seen.0,
                short_name: &seen.1,
                head_user_id: (!seen.2.is_empty()).then_some(seen.2.as_str()),
            };
            match settings::committees::update(conn, &committee_id, &names, head, &seen, &actor) {
                Ok(()) => Ok(Ok(())),
                Err(CommitteeUpdateError::NotFound) => Ok(Err(None)),
                Err(CommitteeUpdateError::NotASeniorHead) => {
                    Ok(Err(Some(Failure::Invalid(("head", "committees.error.head")))))
                }
                Err(CommitteeUpdateError::Conflict) => Ok(Err(Some(Failure::Conflict))),
                Err(CommitteeUpdateError::Db(e)) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        Ok(()) => Ok(see_other(&format!("/admin/committees#committee-{id}"))),
        Err(None) => Err(AppError::NotFound),
        Err(Some(failure)) => {
            let status = match failure {
                Failure::Conflict => StatusCode::CONFLICT,
                Failure::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            };
            show(ctx, &state, Some((id, form, failure)), status).await
        }
    }
}

impl CommitteeRow {
    pub fn text_fields(&self) -> [TextField; 2] {
        [
            TextField {
                field: "name",
                label_key: "committees.name",
                value: self.name.clone(),
            },
            TextField {
                field: "short_name",
                label_key: "committees.short_name",
                value: self.short_name.clone(),
            },
        ]
    }
}
