//! Pairings: an admin pairs a 老马 with a 小马 (`/mentoring/pairings/new`),
//! the pairing's page shows the plan and the mentee's progress; the mentor
//! ticks plan items off and proposes graduation, an admin approves it or
//! ends the pairing. Only the pair and admins see a pairing.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::dashboard::{PairingCard, card};
use super::progress::unmet_labels;
use crate::dates::{date, day_text, parse_day};
use crate::db::mentorship::{self as store, Pairing};
use crate::db::{now_ts, users};
use crate::domain::mentorship::{PairingRefusal, TEXT_MAX};
use crate::domain::role::Role;
use crate::mentorship::{self, GraduationRefusal, NewPairing};
use crate::web::auth::{Admin, MentoringUser, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{FieldErrors, bounded};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// The most plan items one pairing starts with.
const PLAN_MAX: usize = 30;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PairingForm {
    mentor: String,
    mentee: String,
    program: String,
    starts_on: String,
    ends_on: String,
    plan: String,
}

#[derive(Template)]
#[template(path = "mentoring/pairing_new.html")]
struct NewPage {
    ctx: PageCtx,
    form: PairingForm,
    errors: FieldErrors,
    cap: i64,
}

async fn new_page(
    ctx: PageCtx,
    state: &AppState,
    form: PairingForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let cap = state.db(|conn| Ok(store::settings(conn)?.mentee_cap)).await?;
    render::page_with_status(status, &NewPage { ctx, form, errors, cap })
}

pub async fn new_form(ctx: PageCtx, Admin(_a): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    new_page(ctx, &state, PairingForm::default(), errors, StatusCode::OK).await
}

/// Checks the typed fields; the accounts are checked in the transaction.
fn parse(form: &PairingForm, errors: &mut FieldErrors) -> Option<(String, String, Vec<String>)> {
    let program = bounded(&form.program, TEXT_MAX);
    if program.is_none() {
        errors.add("program", "form.error.required");
    }
    let starts = parse_day(&form.starts_on);
    let ends = parse_day(&form.ends_on);
    if starts.is_none() {
        errors.add("starts_on", "form.error.date");
    }
    match (starts, ends) {
        (_, None) => errors.add("ends_on", "form.error.date"),
        (Some(s), Some(e)) if e <= s => errors.add("ends_on", "mentoring.error.ends_before"),
        _ => {}
    }
    let items: Vec<String> = form
        .plan
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if items.len() > PLAN_MAX || items.iter().any(|i| i.chars().count() > TEXT_MAX) {
        errors.add("plan", "form.error.too_long");
    }
    if !errors.is_empty() {
        return None;
    }
    Some((program?, day_text(starts?), items))
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<PairingForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let parsed = parse(&form, &mut errors);
    let (mentor_name, mentee_name) = (form.mentor.trim().to_owned(), form.mentee.trim().to_owned());
    let (mentor, mentee) = state
        .db(move |conn| {
            Ok((
                users::find_by_username(conn, &mentor_name)?,
                users::find_by_username(conn, &mentee_name)?,
            ))
        })
        .await?;
    if mentor.is_none() {
        errors.add("mentor", "mentoring.error.no_such_user");
    }
    if mentee.is_none() {
        errors.add("mentee", "mentoring.error.no_such_user");
    }
    let (Some((program, starts_on, items)), Some(mentor), Some(mentee)) = (parsed, mentor, mentee) else {
        return new_page(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let new = NewPairing {
        mentor_id: mentor.id,
        mentee_id: mentee.id,
        program,
        starts_on,
        ends_on: day_text(parse_day(&form.ends_on).unwrap_or_default()),
        items,
        created_by: admin.id.clone(),
    };
    let actor = audit_actor(&req, Some(&admin));
    match state.db(move |conn| Ok(mentorship::pair(conn, new, &actor)?)).await? {
        Ok(id) => Ok(see_other(&format!("/mentoring/pairings/{id}"))),
        Err(refusal) => {
            refusal_error(&mut errors, refusal);
            new_page(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

fn refusal_error(errors: &mut FieldErrors, refusal: PairingRefusal) {
    errors.add(refusal.field(), refusal.message_key());
}

#[derive(Template)]
#[template(path = "mentoring/pairing.html")]
struct PairingPage {
    ctx: PageCtx,
    card: PairingCard,
    is_admin: bool,
    is_mentor: bool,
    proposed: bool,
    approved: bool,
    refusal: String,
    unmet: Vec<String>,
    today: String,
    /// Errors of the tick and end forms, each next to its field, and what
    /// was typed there.
    errors: FieldErrors,
    typed: HashMap<String, String>,
}

impl PairingPage {
    /// What was typed in `name`, else `default`.
    fn typed_or(&self, name: &str, default: &str) -> String {
        self.typed.get(name).cloned().unwrap_or_else(|| default.to_owned())
    }
}

/// A tick or end form sent back with its errors and what was typed.
struct FormBack {
    errors: FieldErrors,
    typed: HashMap<String, String>,
}

/// The pairing, if `user` may see it: an admin, its mentor or its mentee.
async fn visible(state: &AppState, user: &SessionUser, id: String) -> Result<Pairing, AppError> {
    let pairing = state
        .db(move |conn| Ok(store::find_pairing(conn, &id)?))
        .await?
        .ok_or_else(AppError::not_found)?;
    let allowed = user.role == Role::Admin || user.id == pairing.mentor_id || user.id == pairing.mentee_id;
    if allowed {
        Ok(pairing)
    } else {
        Err(AppError::forbidden())
    }
}

async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    pairing: Pairing,
    refusal: &str,
    unmet: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render_page(ctx, state, pairing, refusal, unmet, None, status).await
}

/// The page again with a form's errors next to its fields (422).
async fn show_form_errors(
    ctx: PageCtx,
    state: &AppState,
    pairing: Pairing,
    back: FormBack,
) -> Result<HttpResponse, AppError> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_page(ctx, state, pairing, "", Vec::new(), Some(back), status).await
}

async fn render_page(
    ctx: PageCtx,
    state: &AppState,
    pairing: Pairing,
    refusal: &str,
    unmet: Vec<String>,
    back: Option<FormBack>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user.clone().ok_or_else(AppError::forbidden)?;
    let lang = ctx.lang;
    let is_admin = user.role == Role::Admin;
    let is_mentor = user.id == pairing.mentor_id;
    let refusal = if refusal.is_empty() {
        String::new()
    } else {
        ctx.t(refusal)
    };
    let (ctx, card, graduation) = state
        .db(move |conn| {
            let graduation = store::graduation_of(conn, &pairing.id)?;
            let card = card(&ctx, conn, pairing)?;
            Ok((ctx, card, graduation))
        })
        .await?;
    let page = PairingPage {
        ctx,
        card,
        is_admin,
        is_mentor,
        proposed: graduation.is_some(),
        approved: graduation.is_some_and(|g| g.approved_at.is_some()),
        refusal,
        unmet,
        today: date(now_ts()),
        errors: FieldErrors::new(lang),
        typed: HashMap::new(),
    };
    let page = match back {
        Some(back) => PairingPage {
            errors: back.errors,
            typed: back.typed,
            ..page
        },
        None => page,
    };
    render::page_with_status(status, &page)
}

pub async fn show(
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let pairing = visible(&state, &user, path.into_inner()).await?;
    show_page(ctx, &state, pairing, "", Vec::new(), StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EndForm {
    ended_on: String,
    reason: String,
}

pub async fn end(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    let pairing = visible(&state, &admin, path.into_inner()).await?;
    let day = parse_day(&form.ended_on).map(day_text);
    let reason = bounded(&form.reason, TEXT_MAX);
    let (Some(day), Some(reason)) = (day.clone(), reason.clone()) else {
        let mut errors = FieldErrors::new(ctx.lang);
        if day.is_none() {
            errors.add("ended_on", "form.error.date");
        }
        if reason.is_none() {
            errors.add("reason", "mentoring.error.end_reason");
        }
        let typed = HashMap::from([
            ("ended_on".to_owned(), form.ended_on.clone()),
            ("reason".to_owned(), form.reason.clone()),
        ]);
        return show_form_errors(ctx, &state, pairing, FormBack { errors, typed }).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let id = pairing.id.clone();
    // Ending one that another admin ended first leaves it as it is.
    state
        .db(move |conn| Ok(mentorship::end(conn, &id, &day, &reason, &actor)?))
        .await?;
    Ok(see_other(&format!("/mentoring/pairings/{}", pairing.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TickForm {
    position: String,
    done_on: String,
    comment: String,
}

/// The mentor ticks a plan item off (date and comment).
pub async fn tick(
    req: HttpRequest,
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<TickForm>,
) -> Result<HttpResponse, AppError> {
    let pairing = visible(&state, &user, path.into_inner()).await?;
    if user.id != pairing.mentor_id {
        return Err(AppError::forbidden());
    }
    let position = form.position.trim().parse::<i32>().ok();
    let day = parse_day(&form.done_on).map(day_text);
    let comment = form.comment.trim().to_owned();
    if !pairing.active {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return show_page(ctx, &state, pairing, "mentoring.error.tick_fields", Vec::new(), status).await;
    }
    let comment_ok = comment.chars().count() <= TEXT_MAX;
    let (Some(position), Some(day), true) = (position, day.clone(), comment_ok) else {
        let mut errors = FieldErrors::new(ctx.lang);
        if position.is_none() {
            errors.add("position", "form.error.choose");
        }
        if day.is_none() {
            errors.add("done_on", "form.error.date");
        }
        if !comment_ok {
            errors.add("comment", "form.error.too_long");
        }
        let typed = HashMap::from([
            ("done_on".to_owned(), form.done_on.clone()),
            ("comment".to_owned(), form.comment.clone()),
        ]);
        return show_form_errors(ctx, &state, pairing, FormBack { errors, typed }).await;
    };
    let actor = audit_actor(&req, Some(&user));
    let id = pairing.id.clone();
    let done = state
        .db(move |conn| Ok(mentorship::tick(conn, &id, position, &day, &comment, &actor)?))
        .await?;
    if !done {
        return show_page(
            ctx,
            &state,
            pairing,
            "mentoring.error.tick_fields",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Ok(see_other(&format!("/mentoring/pairings/{}", pairing.id)))
}

async fn graduation_answer(
    ctx: PageCtx,
    state: &AppState,
    pairing: Pairing,
    outcome: Result<(), GraduationRefusal>,
) -> Result<HttpResponse, AppError> {
    let (key, unmet) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/mentoring/pairings/{}", pairing.id))),
        Err(GraduationRefusal::NotActive) => ("mentoring.error.not_active", Vec::new()),
        Err(GraduationRefusal::WrongStep) => ("mentoring.error.wrong_step", Vec::new()),
        Err(GraduationRefusal::Unmet(list)) => ("mentoring.error.unmet", unmet_labels(&ctx, &list)),
    };
    show_page(ctx, state, pairing, key, unmet, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The mentor proposes graduation (their recommendation).
pub async fn propose(
    req: HttpRequest,
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let pairing = visible(&state, &user, path.into_inner()).await?;
    if user.id != pairing.mentor_id {
        return Err(AppError::forbidden());
    }
    let actor = audit_actor(&req, Some(&user));
    let p = pairing.clone();
    let outcome = state.db(move |conn| Ok(mentorship::propose(conn, &p, &actor)?)).await?;
    graduation_answer(ctx, &state, pairing, outcome).await
}

/// An admin approves: the mentee becomes a 老马 and the pairing ends.
pub async fn approve(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let pairing = visible(&state, &admin, path.into_inner()).await?;
    let actor = audit_actor(&req, Some(&admin));
    let (id, admin_id) = (pairing.id.clone(), admin.id.clone());
    let today = date(now_ts());
    let outcome = state
        .db(move |conn| Ok(mentorship::approve(conn, &id, &admin_id, &today, &actor)?))
        .await?;
    graduation_answer(ctx, &state, pairing, outcome).await
}
