//! One project for staff: items with rule, reason and live tally; adding
//! menu items; moving the stage (audited, optimistic concurrency).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::meetings::{self, Meeting};
use crate::db::menu_items;
use crate::db::opinions::{self, Opinion};
use crate::db::projects::Project;
use crate::domain::consensus::DecisionRule;
use crate::domain::renovation::Channel;
use crate::renovation::projects::{self as use_projects, ItemForm};
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;
use crate::web::tally_view::{ItemView, item_views, stage_texts};

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

pub struct HistoryRow {
    pub date: String,
    pub unit: String,
    pub channel: String,
    pub counted: bool,
    pub evidence: String,
}

pub fn meeting_rows(ctx: &PageCtx, meetings: Vec<Meeting>) -> Vec<MeetingRow> {
    meetings
        .into_iter()
        .map(|m| MeetingRow {
            date: crate::dates::date(m.held_at),
            kind: ctx.t(format!("meeting.kind_{}", m.kind)),
            place: m.place,
            attendees: ctx.t_with("meeting.people", "count", &m.attendees.to_string()),
            minutes: m.minutes,
        })
        .collect()
}

fn history_rows(ctx: &PageCtx, history: Vec<(Opinion, String)>) -> Vec<HistoryRow> {
    history
        .into_iter()
        .map(|(o, unit)| HistoryRow {
            date: crate::dates::datetime(o.created_at),
            unit,
            channel: Channel::parse(&o.channel)
                .map(|c| ctx.t(c.label_key()))
                .unwrap_or_default(),
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
    item_form: ItemForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let (project, tallies, menu, (opinions_total, opinions_counted), (held, history)) = state
        .db(move |conn| {
            let project = use_projects::scoped(conn, &scope, &id)?;
            let tallies = use_projects::tallies(conn, &project)?;
            let counts = opinions::count_for_project(conn, &project.id)?;
            let held = meetings::for_project(conn, &project.id)?;
            let history = use_projects::opinion_history(conn, &project.id)?;
            Ok((project, tallies, menu_items::all(conn)?, counts, (held, history)))
        })
        .await?;
    let (stage, countdown) = stage_texts(&ctx, &project.stage, project.stage_started_at);
    let menu = choices(menu.into_iter().map(|m| (m.id, m.name)), &item_form.menu_item_id);
    let rules = choices(
        DecisionRule::ALL
            .iter()
            .map(|r| (r.code(), ctx.t(format!("rule.{}", r.code())))),
        &item_form.rule,
    );
    let page = ProjectPage {
        items: item_views(&ctx, tallies),
        can_advance: project.stage != "accepted",
        meetings: meeting_rows(&ctx, held),
        history: history_rows(&ctx, history),
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
    let errors = FieldErrors::new(ctx.lang);
    show(
        ctx,
        &state,
        &user,
        path.into_inner(),
        ItemForm::default(),
        errors,
        StatusCode::OK,
    )
    .await
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
            let mut errors = FieldErrors::new(ctx.lang);
            for (field, key) in problems {
                errors.add(field, key);
            }
            show(ctx, &state, &user, id, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
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
