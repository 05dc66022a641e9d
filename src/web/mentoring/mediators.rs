//! `/mentoring/mediators/{id}`: a mediator's training record — profile,
//! progress against the graduation criteria, the training ledger, the
//! criminal-escalation marks and the pairing history. Seen by the mediator,
//! admins, their mentors and their studio's 老马; another mentor gets 403.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::progress::{self, CriterionRow};
use crate::dates::{date, day_text, parse_day};
use crate::db::mentorship::{self as store, Incident, Pairing, TrainingEntry};
use crate::db::mentorship_counts::{self, Credit};
use crate::db::mentorship_records::{Feedback, FeedbackKind};
use crate::db::{DbConn, new_id, now_ts, users};
use crate::domain::mentorship::{TEXT_MAX, TrainingCategory, parse_tenths, tenths_text};
use crate::domain::role::Role;
use crate::mentorship::{self, Viewer};
use crate::web::auth::{Admin, MentoringUser, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bounded, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TrainingForm {
    category: String,
    day: String,
    topic: String,
    hours: String,
}

pub struct LedgerRow {
    pub entry: TrainingEntry,
    pub hours: String,
}

/// One piece of feedback as the record lists it.
pub struct FeedbackRow {
    pub on: String,
    pub case_id: String,
    pub case_number: String,
    /// "退回 · 协议审核" or "复盘点评".
    pub what: String,
    pub comment: String,
}

pub(super) fn feedback_rows(ctx: &PageCtx, list: Vec<Feedback>) -> Vec<FeedbackRow> {
    list.into_iter()
        .map(|f| FeedbackRow {
            on: crate::dates::date(f.at),
            what: match f.kind {
                FeedbackKind::Review(stage, decision) => format!("{} · {}", ctx.label(&decision), ctx.label(&stage)),
                FeedbackKind::DebriefComment => ctx.t("mentoring.feedback_debrief"),
            },
            case_number: f.case_number.unwrap_or_else(|| ctx.t("cases.unnumbered")),
            case_id: f.case_id,
            comment: f.comment,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "mentoring/mediator.html")]
struct RecordPage {
    ctx: PageCtx,
    mediator: users::User,
    criteria: Vec<CriterionRow>,
    /// Closed and successful cases as lead and as mentor.
    credit: Credit,
    ledger: Vec<LedgerRow>,
    total_hours: String,
    incidents: Vec<Incident>,
    history: Vec<Pairing>,
    /// Returns, approvals and debrief comments received (DESIGN.md §6:
    /// "each comment is part of the mentee's training record").
    feedback: Vec<FeedbackRow>,
    may_enter: bool,
    is_admin: bool,
    form: TrainingForm,
    categories: Vec<Choice>,
    errors: FieldErrors,
}

fn viewer(user: &SessionUser) -> Viewer<'_> {
    Viewer {
        id: &user.id,
        role: user.role,
        level: user.level,
    }
}

/// The mediator, if `user` may see their record.
async fn visible(state: &AppState, user: &SessionUser, id: String) -> Result<users::User, AppError> {
    let u = user.clone();
    let (mediator, allowed) = state
        .db(move |conn| {
            let mediator = users::find(conn, &id)?.filter(|m| m.role == Role::Mediator);
            let allowed = match &mediator {
                Some(m) => mentorship::may_view_record(conn, &viewer(&u), &m.id)?,
                None => false,
            };
            Ok((mediator, allowed))
        })
        .await?;
    let mediator = mediator.ok_or_else(AppError::not_found)?;
    if allowed {
        Ok(mediator)
    } else {
        Err(AppError::forbidden())
    }
}

fn load(conn: &mut DbConn, ctx: &PageCtx, user: &SessionUser, id: &str) -> Result<RecordPage, AppError> {
    let mediator = users::find(conn, id)?.ok_or_else(AppError::not_found)?;
    let settings = store::settings(conn)?;
    let record = progress::record_of(conn, id)?;
    let ledger: Vec<LedgerRow> = store::training_of(conn, id)?
        .into_iter()
        .map(|entry| LedgerRow {
            hours: tenths_text(entry.tenths.into()),
            entry,
        })
        .collect();
    Ok(RecordPage {
        ctx: ctx.clone(),
        criteria: progress::rows(ctx, &settings, &record),
        credit: mentorship_counts::credit(conn, id)?,
        total_hours: tenths_text(record.training_tenths),
        ledger,
        incidents: store::incidents_of(conn, id)?,
        history: store::history_of_mentee(conn, id)?,
        feedback: feedback_rows(ctx, crate::db::mentorship_records::feedback_for(conn, id)?),
        may_enter: mentorship::may_enter_training(conn, &viewer(user), id)?,
        is_admin: user.role == Role::Admin,
        form: TrainingForm::default(),
        categories: Vec::new(),
        errors: FieldErrors::new(ctx.lang),
        mediator,
    })
}

async fn show_record(
    ctx: PageCtx,
    state: &AppState,
    user: SessionUser,
    id: String,
    form: TrainingForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut page = state.db(move |conn| load(conn, &ctx, &user, &id)).await?;
    page.categories = vocabulary_choices::<TrainingCategory>(&page.ctx, form.category.trim());
    page.form = form;
    page.errors = errors;
    render::page_with_status(status, &page)
}

pub async fn show(
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mediator = visible(&state, &user, path.into_inner()).await?;
    let errors = FieldErrors::new(ctx.lang);
    let form = TrainingForm::default();
    show_record(ctx, &state, user, mediator.id, form, errors, StatusCode::OK).await
}

fn parse_training(form: &TrainingForm, errors: &mut FieldErrors) -> Option<(TrainingCategory, String, String, i64)> {
    let category = TrainingCategory::parse(form.category.trim());
    if category.is_none() {
        errors.add("category", "form.error.choose");
    }
    let day = parse_day(&form.day).filter(|d| *d <= crate::dates::china_day(now_ts()));
    if day.is_none() {
        errors.add("day", "mentoring.error.training_day");
    }
    let topic = bounded(&form.topic, TEXT_MAX);
    if topic.is_none() {
        errors.add("topic", "form.error.required");
    }
    let tenths = parse_tenths(&form.hours);
    if tenths.is_none() {
        errors.add("hours", "mentoring.error.hours");
    }
    Some((category?, day_text(day?), topic?, tenths?))
}

pub async fn add_training(
    req: HttpRequest,
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<TrainingForm>,
) -> Result<HttpResponse, AppError> {
    let mediator = visible(&state, &user, path.into_inner()).await?;
    let (id, u) = (mediator.id.clone(), user.clone());
    let allowed = state
        .db(move |conn| Ok(mentorship::may_enter_training(conn, &viewer(&u), &id)?))
        .await?;
    if !allowed {
        return Err(AppError::forbidden());
    }
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let Some((category, day, topic, tenths)) = parse_training(&form, &mut errors) else {
        return show_record(
            ctx,
            &state,
            user,
            mediator.id,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let row = TrainingEntry {
        id: new_id(),
        mediator_id: mediator.id.clone(),
        category,
        day,
        topic,
        tenths: tenths as i32,
        entered_by: user.id.clone(),
        created_at: now_ts(),
    };
    let actor = audit_actor(&req, Some(&user));
    state
        .db(move |conn| Ok(mentorship::add_training(conn, &row, &actor)?))
        .await?;
    Ok(see_other(&format!("/mentoring/mediators/{}", mediator.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IncidentForm {
    case_ref: String,
    note: String,
}

/// An admin records a criminal escalation through poor handling.
pub async fn add_incident(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<IncidentForm>,
) -> Result<HttpResponse, AppError> {
    let mediator = visible(&state, &admin, path.into_inner()).await?;
    let Some(note) = bounded(&form.note, TEXT_MAX) else {
        let mut errors = FieldErrors::new(ctx.lang);
        errors.add("note", "form.error.required");
        let form = TrainingForm::default();
        return show_record(
            ctx,
            &state,
            admin,
            mediator.id,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let row = Incident {
        id: new_id(),
        mediator_id: mediator.id.clone(),
        case_ref: form.case_ref.trim().chars().take(64).collect(),
        note,
        recorded_by: admin.id.clone(),
        recorded_at: now_ts(),
    };
    let actor = audit_actor(&req, Some(&admin));
    state
        .db(move |conn| Ok(mentorship::record_incident(conn, &row, &actor)?))
        .await?;
    Ok(see_other(&format!("/mentoring/mediators/{}", mediator.id)))
}

/// The day an incident was recorded, for the template.
pub fn recorded_on(incident: &Incident) -> String {
    date(incident.recorded_at)
}
