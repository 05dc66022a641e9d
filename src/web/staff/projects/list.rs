//! The project list and the new-project form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::dates::{china_day, day_text};
use crate::db::projects::{self, Project};
use crate::domain::project_schedule::{OpinionWindow, Schedule, ScheduleForm, StageTargets};
use crate::domain::renovation::Stage;
use crate::renovation::places::scoped_compound;
use crate::renovation::projects::{self as use_projects, ProjectForm};
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::staff::projects::page::schedule_targets;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/projects/list.html")]
struct ListPage {
    ctx: PageCtx,
    projects: Vec<Project>,
}

impl ListPage {
    fn stage_label(&self, stage: &Stage) -> String {
        self.ctx.t(stage.label_key())
    }
}

#[derive(Template)]
#[template(path = "staff/projects/new.html")]
struct NewPage {
    ctx: PageCtx,
    form: ProjectForm,
    compound_name: String,
    populations: Vec<Choice>,
    errors: FieldErrors,
    schedule: ScheduleForm,
}

impl NewPage {
    fn schedule_error(&self, field: &str) -> String {
        self.errors.get(field)
    }

    fn schedule_targets(&self) -> Vec<(&'static str, String, String)> {
        schedule_targets(&self.ctx, &self.schedule)
    }
}

/// A new project's schedule as first offered: open from today through the
/// default consulting, publicity and voting days, with the default targets.
fn default_schedule() -> ScheduleForm {
    let today = china_day(crate::db::now_ts());
    let targets = StageTargets::defaults();
    let window = OpinionWindow {
        open_day: Some(today),
        close_day: Some(today + targets.0[..3].iter().sum::<i64>()),
    };
    ScheduleForm::of(&Schedule { window, targets }, day_text)
}

pub async fn list(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let projects = state
        .db(move |conn| match scope {
            crate::renovation::Scope::All => Ok(projects::list(conn, None)?),
            crate::renovation::Scope::Street(s) => Ok(projects::list(conn, Some(&s))?),
            crate::renovation::Scope::Nothing => Ok(Vec::new()),
        })
        .await?;
    render::page(&ListPage { ctx, projects })
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    compound: String,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    form: ProjectForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let compound_id = form.compound_id.clone();
    let (compound, populations) = state
        .db(move |conn| {
            let compound = scoped_compound(conn, &scope, &compound_id)?;
            let populations = use_projects::population_choices(conn, &compound)?;
            Ok((compound, populations))
        })
        .await?;
    let populations = choices(
        populations
            .into_iter()
            .map(|p| (p.id, format!("{} · {}", ctx.label(&p.kind), p.name))),
        &form.population_id,
    );
    let page = NewPage {
        schedule: form.schedule.clone(),
        ctx,
        form,
        compound_name: compound.name,
        populations,
        errors,
    };
    render::page_with_status(status, &page)
}

/// The form is reached from a compound's page, which fixes the compound.
pub async fn new_form(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let form = ProjectForm {
        compound_id: query.into_inner().compound,
        schedule: default_schedule(),
        ..Default::default()
    };
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, &user, form, errors, StatusCode::OK).await
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let posted = form.clone();
    let created = state
        .db(move |conn| Ok(use_projects::create(conn, &scope, &posted, &actor)?))
        .await?;
    match created {
        Ok(id) => Ok(see_other(&format!("/staff/projects/{id}"))),
        Err(problems) => {
            let mut errors = FieldErrors::new(ctx.lang);
            for (field, key) in problems {
                errors.add(field, key);
            }
            show(ctx, &state, &user, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
