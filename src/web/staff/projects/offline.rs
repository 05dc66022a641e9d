//! Offline consultation: meetings (院坝会 / 座谈会) and opinions that staff
//! enter on a household's behalf, with channel and evidence.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::meetings;
use crate::db::projects::{self, Project};
use crate::domain::renovation::{self, Channel, MeetingKind};
use crate::receipts::new_form_token;
use crate::renovation::meetings::{self as use_meetings, MeetingForm};
use crate::renovation::projects::scoped;
use crate::renovation::respond::{self, Outcome, StaffEntry, Submission};
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, choices};
use crate::web::render::{self, see_other};
use crate::web::shared::opinion_form::{FormItem, check, form_items};
use crate::web::staff::projects::evidence;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/projects/meeting_new.html")]
struct MeetingPage {
    ctx: PageCtx,
    project: Project,
    form: MeetingForm,
    kinds: Vec<Choice>,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "staff/projects/opinion_new.html")]
struct OpinionPage {
    ctx: PageCtx,
    project: Project,
    items: Vec<FormItem>,
    fields: HashMap<String, String>,
    channels: Vec<Choice>,
    meetings: Vec<Choice>,
    errors: FieldErrors,
}

impl OpinionPage {
    fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

async fn project_of(state: &AppState, user: &SessionUser, id: String) -> Result<Project, AppError> {
    let scope = user.renovation_scope();
    state.db(move |conn| Ok(scoped(conn, &scope, &id)?)).await
}

fn meeting_page(
    ctx: PageCtx,
    project: Project,
    form: MeetingForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let kinds = choices(MeetingKind::ALL.iter().map(|k| (k.code(), ctx.label(k))), &form.kind);
    render::page_with_status(
        status,
        &MeetingPage {
            ctx,
            project,
            form,
            kinds,
            errors,
        },
    )
}

pub async fn meeting_form(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let project = project_of(&state, &user, path.into_inner()).await?;
    let errors = FieldErrors::new(ctx.lang);
    meeting_page(ctx, project, MeetingForm::default(), errors, StatusCode::OK)
}

pub async fn create_meeting(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<MeetingForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let actor = audit_actor(&req, Some(&user));
    let scope = user.renovation_scope();
    let (project_id, posted) = (id.clone(), form.clone());
    let created = state
        .db(move |conn| Ok(use_meetings::create(conn, &scope, &project_id, &posted, &actor)?))
        .await?;
    match created {
        Ok(_) => Ok(see_other(&format!("/staff/projects/{id}"))),
        Err(problems) => {
            let mut errors = FieldErrors::new(ctx.lang);
            for (field, key) in problems {
                errors.add(field, key);
            }
            let project = project_of(&state, &user, id).await?;
            meeting_page(ctx, project, form, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn opinion_page(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    id: String,
    fields: HashMap<String, String>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let (project, items, held) = state
        .db(move |conn| {
            let project = scoped(conn, &scope, &id)?;
            let items = projects::items(conn, &project.id)?;
            let held = meetings::for_project(conn, &project.id)?;
            Ok((project, items, held))
        })
        .await?;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let offline = Channel::ALL.iter().filter(|c| **c != Channel::Online);
    let channels = choices(offline.map(|c| (c.code(), ctx.t(c.label_key()))), &get("channel"));
    let meetings = choices(
        held.into_iter()
            .map(|m| (m.id, format!("{} · {}", crate::dates::date(m.held_at), m.place))),
        &get("meeting_id"),
    );
    let mut form_items = form_items(&ctx, &items, &fields);
    if !errors.get("items").is_empty() {
        let mut scratch = FieldErrors::new(ctx.lang);
        check(&fields, &mut form_items, &mut scratch, &ctx);
    }
    let page = OpinionPage {
        ctx,
        project,
        items: form_items,
        fields,
        channels,
        meetings,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn opinion_form(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let fields = HashMap::from([("form_token".to_owned(), new_form_token())]);
    let errors = FieldErrors::new(ctx.lang);
    opinion_page(ctx, &state, &user, path.into_inner(), fields, errors, StatusCode::OK).await
}

pub async fn record_opinion(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (mut fields, file) = evidence::read_form(&req, payload).await?;
    // Staff vouch for the household by its address; a code plays no part.
    fields.remove("code");
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let bound = bind_form_token(&req, &state.secret, &get("form_token"))?;
    let scope = user.renovation_scope();
    let (project_id, held_ids) = (id.clone(), get("meeting_id"));
    let (project, items, meeting_ok) = state
        .db(move |conn| {
            let project = scoped(conn, &scope, &project_id)?;
            let items = projects::items(conn, &project.id)?;
            let held = meetings::for_project(conn, &project.id)?;
            Ok((
                project,
                items,
                held_ids.is_empty() || held.iter().any(|m| m.id == held_ids),
            ))
        })
        .await?;
    let mut errors = FieldErrors::new(ctx.lang);
    let mut form_items = form_items(&ctx, &items, &fields);
    let answers = check(&fields, &mut form_items, &mut errors, &ctx);
    let channel = Channel::parse(&get("channel")).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        errors.add("channel", "form.error.choose");
    }
    if !meeting_ok {
        errors.add("meeting_id", "form.error.choose");
    }
    if let Err(key) = renovation::required_text(&get("evidence"), renovation::MAX_REASON_CHARS) {
        errors.add("evidence", key);
    }
    let Some(channel) = channel.filter(|_| errors.is_empty()) else {
        return opinion_page(ctx, &state, &user, id, fields, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    // Written only once the rest is valid; removed again unless committed.
    let stored = match file {
        Some(raw) => match evidence::store(&state, raw).await? {
            Ok(stored) => Some(stored),
            Err(e) => {
                errors.add("evidence_file", e.key());
                return opinion_page(ctx, &state, &user, id, fields, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        },
        None => None,
    };
    let file = stored.as_ref().map(|s| s.files()[0].clone());
    let actor = audit_actor(&req, Some(&user));
    let f = fields.clone();
    let outcome = state
        .db(move |conn| {
            let get = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
            let meeting = Some(get("meeting_id")).filter(|m| !m.is_empty());
            let submission = Submission {
                project: &project,
                building: get("building"),
                entrance: get("entrance"),
                unit: get("unit"),
                code: "",
                confirmed_unit: None,
                secret: &[],
                answers,
                free_text: get("free_text"),
                form_token: &bound.key,
                contact: Default::default(),
                staff: Some(StaffEntry {
                    channel,
                    meeting_id: meeting,
                    evidence: get("evidence").trim(),
                    file: file.as_ref(),
                    actor: &actor,
                }),
                resident: None,
            };
            Ok(respond::submit(conn, &submission)?)
        })
        .await;
    match (&outcome, stored) {
        (Ok(Outcome::Stored { .. } | Outcome::OutsidePopulation { .. }), Some(staged)) => staged.keep(),
        // Not committed: the file goes too.
        (_, staged) => drop(staged),
    }
    match outcome? {
        Outcome::Refused(problems) => {
            for (field, key) in problems {
                errors.add(field, key);
            }
            opinion_page(ctx, &state, &user, id, fields, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        _ => Ok(see_other(&format!("/staff/projects/{id}"))),
    }
}
