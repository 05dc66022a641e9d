//! The letter page: the letter, its photos, its whole timeline (internal
//! notes included) and the action forms.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{mailbox_error, viewer};
use crate::dates::{date, datetime};
use crate::db::letters::Letter;
use crate::db::projects::{self, Project};
use crate::db::{letter_categories, letter_events, letter_photos, letters, places, users};
use crate::domain::letters::{LetterEventKind, excerpt};
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::public_text::mask_personal_numbers;
use crate::mailbox::actions;
use crate::web::auth::{LetterDesk, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

/// How many other letters the duplicate picker offers.
const DUPLICATE_CHOICES: i64 = 50;

pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub label_key: &'static str,
    pub body: String,
    pub internal: bool,
}

pub struct LetterView {
    pub id: String,
    pub version: i32,
    pub status_key: &'static str,
    pub category: String,
    pub place: String,
    pub place_detail: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub has_contact: bool,
    pub created: String,
    pub ack_due: String,
    pub resolve_due: String,
    pub overdue: bool,
    pub support_count: i32,
    pub photos: Vec<i32>,
    pub duplicate_of: String,
    /// The linked project (id, title) of an adopted letter.
    pub project: Option<(String, String)>,
    /// Free text from before adoptions linked projects.
    pub project_ref: String,
    /// The approved public text, or (none yet) a draft for staff to edit:
    /// the letter's text with phone and identity numbers masked.
    pub public_draft: String,
    pub published: bool,
}

#[derive(Template)]
#[template(path = "staff/letters/page.html")]
pub struct LetterPage {
    pub ctx: PageCtx,
    pub letter: LetterView,
    pub events: Vec<EventRow>,
    pub assignees: Vec<Choice>,
    pub next_statuses: Vec<Choice>,
    pub duplicates: Vec<Choice>,
    /// Projects an adoption may link: the letter's compound's first.
    pub projects: Vec<Choice>,
    pub errors: FieldErrors,
    pub conflict: bool,
    pub revealed: bool,
}

/// What a re-rendered page adds: errors, a conflict notice, unmasked contact.
#[derive(Default)]
pub struct Extras {
    pub errors: Vec<(&'static str, &'static str)>,
    pub conflict: bool,
    pub reveal: bool,
}

struct Loaded {
    letter: Letter,
    category: String,
    place: String,
    events: Vec<letter_events::LetterEvent>,
    photos: Vec<i32>,
    coordinators: Vec<users::User>,
    others: Vec<Letter>,
    projects: Vec<Project>,
}

pub async fn show(
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    render_page(ctx, &user, &state, path.into_inner(), Extras::default(), StatusCode::OK).await
}

/// Shows the contact details unmasked, once, and audits that it did.
pub async fn reveal_contact(
    req: HttpRequest,
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (v, actor, letter_id) = (viewer(&user), audit_actor(&req, Some(&user)), id.clone());
    state
        .db(move |conn| actions::reveal_contact(conn, &v, &letter_id, &actor).map_err(mailbox_error))
        .await?;
    let extras = Extras {
        reveal: true,
        ..Extras::default()
    };
    render_page(ctx, &user, &state, id, extras, StatusCode::OK).await
}

pub async fn render_page(
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    id: String,
    extras: Extras,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (v, lang) = (viewer(user), ctx.lang);
    let loaded = state
        .db(move |conn| {
            let letter = actions::load_for(conn, &v, &id).map_err(mailbox_error)?;
            let category = letter_categories::find(conn, &letter.category)?
                .map(|c| c.name(lang).to_owned())
                .unwrap_or_default();
            let place = place_label(conn, &letter)?;
            let mut street_projects = projects::list(conn, Some(&letter.street_id))?;
            // The letter's own compound's projects come first.
            street_projects.sort_by_key(|p| Some(&p.compound_id) != letter.compound_id.as_ref());
            Ok(Loaded {
                events: letter_events::for_letter(conn, &letter.id)?,
                photos: letter_photos::for_letter(conn, &letter.id)?
                    .into_iter()
                    .map(|p| p.position)
                    .collect(),
                coordinators: users::coordinators_of(conn, &letter.street_id)?,
                others: letters::recent_in_street(conn, &letter.street_id, &letter.id, DUPLICATE_CHOICES)?,
                category,
                place,
                projects: street_projects,
                letter,
            })
        })
        .await?;
    let mut errors = FieldErrors::new(ctx.lang);
    for &(field, key) in &extras.errors {
        errors.add(field, key);
    }
    let page = build(ctx, loaded, errors, &extras);
    render::page_with_status(status, &page)
}

fn build(ctx: PageCtx, loaded: Loaded, errors: FieldErrors, extras: &Extras) -> LetterPage {
    let Loaded {
        letter,
        category,
        place,
        events,
        photos,
        coordinators,
        others,
        projects,
    } = loaded;
    let names: Vec<(String, String)> = coordinators
        .iter()
        .map(|u| (u.id.clone(), u.display_name.clone()))
        .collect();
    let actor_name = |id: &Option<String>, label: &str| {
        id.as_ref()
            .and_then(|id| names.iter().find(|(i, _)| i == id))
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| label.to_owned())
    };
    let events = events
        .iter()
        .map(|e| EventRow {
            at: datetime(e.at),
            actor: actor_name(&e.actor_id, &e.actor_label),
            label_key: event_label(e),
            body: if e.kind == LetterEventKind::Assign {
                names
                    .iter()
                    .find(|(i, _)| *i == e.body)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            } else {
                e.body.clone()
            },
            internal: !e.public,
        })
        .collect();
    let assignees = choices(names.clone(), letter.assigned_to.as_deref().unwrap_or(""));
    let next_statuses = choices(
        letter.status().next().iter().map(|s| (s.code(), ctx.t(s.label_key()))),
        "",
    );
    let duplicates = choices(
        others.iter().map(|o| {
            (
                o.id.clone(),
                format!("{} · {}", date(o.created_at), excerpt(&o.body, 24)),
            )
        }),
        "",
    );
    let project = letter
        .project_id
        .as_ref()
        .and_then(|id| projects.iter().find(|p| p.id == *id))
        .map(|p| (p.id.clone(), p.title.clone()));
    let project_choices = choices(projects.iter().map(|p| (p.id.clone(), p.title.clone())), "");
    let mut view = view_of(&letter, category, place, photos, extras.reveal);
    view.project = project;
    LetterPage {
        ctx,
        letter: view,
        events,
        assignees,
        next_statuses,
        duplicates,
        projects: project_choices,
        errors,
        conflict: extras.conflict,
        revealed: extras.reveal,
    }
}

fn event_label(e: &letter_events::LetterEvent) -> &'static str {
    e.kind.timeline_key(e.to_status)
}

/// Contact details are masked unless the user asked (and was audited).
fn view_of(letter: &Letter, category: String, place: String, photos: Vec<i32>, reveal: bool) -> LetterView {
    let now = crate::db::now_ts();
    let (name, phone) = if reveal {
        (letter.contact_name.clone(), letter.contact_phone.clone())
    } else {
        (mask_name(&letter.contact_name), mask_phone(&letter.contact_phone))
    };
    LetterView {
        id: letter.id.clone(),
        version: letter.version,
        status_key: letter.status().label_key(),
        category,
        place,
        place_detail: letter.place_detail.clone(),
        body: letter.body.clone(),
        has_contact: !letter.contact_name.is_empty() || !letter.contact_phone.is_empty(),
        contact_name: name,
        contact_phone: phone,
        created: datetime(letter.created_at),
        ack_due: datetime(letter.ack_due_at),
        resolve_due: datetime(letter.resolve_due_at),
        overdue: letter.is_overdue(now),
        support_count: letter.support_count,
        photos,
        duplicate_of: letter.duplicate_of.clone().unwrap_or_default(),
        project: None,
        project_ref: letter.project_ref.clone(),
        public_draft: letter
            .public_body
            .clone()
            .unwrap_or_else(|| mask_personal_numbers(&letter.body)),
        published: letter.public_body.is_some(),
    }
}

/// "street · community · compound · building" from the letter's place; a
/// letter from before compounds shows its street and community.
fn place_label(conn: &mut crate::db::DbConn, letter: &Letter) -> diesel::QueryResult<String> {
    let start = letter
        .place_id
        .clone()
        .or_else(|| letter.community_id.clone())
        .unwrap_or_else(|| letter.street_id.clone());
    let names: Vec<String> = places::lineage(conn, &start)?
        .into_iter()
        .rev()
        .filter(|p| !matches!(p.kind.as_str(), "district" | "grid"))
        .map(|p| p.name)
        .collect();
    Ok(names.join(" · "))
}
