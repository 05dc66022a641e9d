//! One project for staff: items with rule, reason and live tally; adding
//! menu items; moving the stage and changing the opinion window and stage
//! targets (audited, optimistic concurrency); the opinion history with
//! contact details masked unless revealed (audited).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::meetings::{self, Meeting};
use crate::db::opinions::{self, Opinion};
use crate::db::projects::Project;
use crate::db::{menu_items, opinion_evidence};
use crate::domain::consensus::DecisionRule;
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::project_schedule::{ScheduleForm, TARGET_FIELDS};
use crate::renovation::projects::{self as use_projects, ItemForm};
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::shared::tally::{ItemView, item_views, stage_texts, window_text};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/projects/page.html")]
struct ProjectPage {
    ctx: PageCtx,
    project: Project,
    stage: String,
    countdown: String,
    items: Vec<ItemView>,
    menu: Vec<Choice>,
    rules: Vec<Choice>,
    item_form: ItemForm,
    errors: FieldErrors,
    schedule: ScheduleForm,
    schedule_errors: FieldErrors,
    window: String,
    opinions_total: i64,
    opinions_counted: i64,
    can_advance: bool,
    meetings: Vec<MeetingRow>,
    history: Vec<HistoryRow>,
}

/// A meeting as listed (on this page and the public one).
pub struct MeetingRow {
    pub date: String,
    pub kind: String,
    pub place: String,
    pub attendees: String,
    pub minutes: String,
}

impl ProjectPage {
    fn schedule_error(&self, field: &str) -> String {
        self.schedule_errors.get(field)
    }

    fn schedule_targets(&self) -> Vec<(&'static str, String, String)> {
        schedule_targets(&self.ctx, &self.schedule)
    }
}

/// (field, label, value) of each stage's target, for the schedule fields.
pub fn schedule_targets(ctx: &PageCtx, form: &ScheduleForm) -> Vec<(&'static str, String, String)> {
    let values = [
        &form.target_consulting,
        &form.target_publicity,
        &form.target_voting,
        &form.target_construction,
        &form.target_completed,
    ];
    TARGET_FIELDS
        .iter()
        .zip(values)
        .map(|((field, stage), value)| (*field, ctx.t(stage.label_key()), value.clone()))
        .collect()
}

/// What a re-shown page carries besides the project: the forms as posted,
/// their errors, and an opinion whose contact details were revealed.
#[derive(Default)]
pub struct Extras {
    pub item_form: ItemForm,
    pub item_errors: Vec<(&'static str, &'static str)>,
    pub schedule: Option<ScheduleForm>,
    pub schedule_errors: Vec<(&'static str, &'static str)>,
    pub reveal: Option<Opinion>,
}

pub struct HistoryRow {
    pub id: String,
    pub date: String,
    pub unit: String,
    pub channel: String,
    pub counted: bool,
    pub evidence: String,
    /// Masked, unless this row was revealed; empty without contact details.
    pub contact: String,
    pub revealed: bool,
    /// A scanned form or sign-in sheet was uploaded.
    pub has_file: bool,
}

pub fn meeting_rows(ctx: &PageCtx, meetings: Vec<Meeting>) -> Vec<MeetingRow> {
    meetings
        .into_iter()
        .map(|m| MeetingRow {
            date: crate::dates::date(m.held_at),
            kind: ctx.label(&m.kind),
            place: m.place,
            attendees: ctx.t_with("meeting.people", "count", &m.attendees.to_string()),
            minutes: m.minutes,
        })
        .collect()
}

fn history_rows(
    ctx: &PageCtx,
    history: Vec<(Opinion, String)>,
    reveal: Option<&Opinion>,
    files: &[String],
) -> Vec<HistoryRow> {
    history
        .into_iter()
        .map(|(o, unit)| {
            let revealed = reveal.is_some_and(|r| r.id == o.id);
            let contact = match revealed {
                true => format!("{} {}", o.contact_name, o.contact_phone),
                false => format!("{} {}", mask_name(&o.contact_name), mask_phone(&o.contact_phone)),
            };
            (o, unit, contact.trim().to_owned(), revealed)
        })
        .map(|(o, unit, contact, revealed)| HistoryRow {
            has_file: files.contains(&o.id),
            id: o.id,
            contact,
            revealed,
            date: crate::dates::datetime(o.created_at),
            unit,
            channel: ctx.label(&o.channel),
            counted: o.counted,
            evidence: o.evidence,
        })
        .collect()
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    id: String,
    extras: Extras,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let (project, tallies, menu, (opinions_total, opinions_counted), (held, history, files)) = state
        .db(move |conn| {
            let project = use_projects::scoped(conn, &scope, &id)?;
            let tallies = use_projects::tallies(conn, &project)?;
            let counts = opinions::count_for_project(conn, &project.id)?;
            let held = meetings::for_project(conn, &project.id)?;
            let history = use_projects::opinion_history(conn, &project.id)?;
            let ids: Vec<String> = history.iter().map(|(o, _)| o.id.clone()).collect();
            let files = opinion_evidence::with_file(conn, &ids)?;
            Ok((
                project,
                tallies,
                menu_items::offered(conn)?,
                counts,
                (held, history, files),
            ))
        })
        .await?;
    let (stage, countdown) = stage_texts(&ctx, &project);
    let item_form = extras.item_form;
    let menu = choices(menu.into_iter().map(|m| (m.id, m.name)), &item_form.menu_item_id);
    let errors_of = |list: &[(&'static str, &'static str)]| {
        let mut errors = FieldErrors::new(ctx.lang);
        for (field, key) in list {
            errors.add(field, key);
        }
        errors
    };
    let (errors, schedule_errors) = (errors_of(&extras.item_errors), errors_of(&extras.schedule_errors));
    let schedule = extras
        .schedule
        .unwrap_or_else(|| ScheduleForm::of(&project.schedule(), crate::dates::day_text));
    let rules = choices(
        DecisionRule::ALL
            .iter()
            .map(|r| (r.code(), ctx.t(format!("rule.{}", r.code())))),
        &item_form.rule,
    );
    let page = ProjectPage {
        items: item_views(&ctx, tallies),
        can_advance: project.stage.next().is_some(),
        meetings: meeting_rows(&ctx, held),
        history: history_rows(&ctx, history, extras.reveal.as_ref(), &files),
        window: window_text(&ctx, &project.schedule().window),
        schedule,
        schedule_errors,
        ctx,
        project,
        stage,
        countdown,
        menu,
        rules,
        item_form,
        errors,
        opinions_total,
        opinions_counted,
    };
    render::page_with_status(status, &page)
}

pub async fn page(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(ctx, &state, &user, path.into_inner(), Extras::default(), StatusCode::OK).await
}

pub async fn add_item(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let (project, posted) = (id.clone(), form.clone());
    let added = state
        .db(move |conn| Ok(use_projects::add_item(conn, &scope, &project, &posted, &actor)?))
        .await?;
    match added {
        Ok(()) => Ok(see_other(&format!("/staff/projects/{id}"))),
        Err(problems) => {
            let extras = Extras {
                item_form: form,
                item_errors: problems,
                ..Extras::default()
            };
            show(ctx, &state, &user, id, extras, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct StageForm {
    version: i32,
}

/// A lost race or the last stage just shows the page again as it now is.
pub async fn advance(
    req: HttpRequest,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let (project, version) = (id.clone(), form.version);
    state
        .db(move |conn| Ok(use_projects::advance(conn, &scope, &project, version, &actor)?))
        .await?;
    Ok(see_other(&format!("/staff/projects/{id}")))
}

#[derive(serde::Deserialize)]
pub struct ScheduleBody {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    schedule: ScheduleForm,
}

/// Sets the opinion window and stage targets; bad input is shown next to
/// its field (422), a lost race shows the page as it now is.
pub async fn set_schedule(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ScheduleBody>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let ScheduleBody { version, schedule } = form.into_inner();
    let (actor, scope) = (audit_actor(&req, Some(&user)), user.renovation_scope());
    let (project, posted, version) = (id.clone(), schedule.clone(), version.trim().parse().unwrap_or(-1));
    let result = state
        .db(move |conn| {
            Ok(use_projects::set_schedule(
                conn, &scope, &project, version, &posted, &actor,
            )?)
        })
        .await?;
    match result {
        Ok(_) => Ok(see_other(&format!("/staff/projects/{id}"))),
        Err(problems) => {
            let extras = Extras {
                schedule: Some(schedule),
                schedule_errors: problems,
                ..Extras::default()
            };
            show(ctx, &state, &user, id, extras, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Shows one opinion's contact details unmasked; the view is audited.
pub async fn reveal_contact(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, opinion) = path.into_inner();
    let (actor, scope, project) = (audit_actor(&req, Some(&user)), user.renovation_scope(), id.clone());
    let revealed = state
        .db(move |conn| {
            Ok(use_projects::reveal_opinion_contact(
                conn, &scope, &project, &opinion, &actor,
            )?)
        })
        .await?;
    let extras = Extras {
        reveal: Some(revealed),
        ..Extras::default()
    };
    show(ctx, &state, &user, id, extras, StatusCode::OK).await
}
