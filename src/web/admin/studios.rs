//! `/admin/studios`: the 老马工作室 and 小马工作站, each located at a street
//! or community, created by admins (audited).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Deserialize;

use crate::db::audit;
use crate::db::mentorship::{self as store, Studio};
use crate::db::{self, DbConn, new_id, now_ts, places};
use crate::domain::mentorship::{StudioKind, TEXT_MAX};
use crate::domain::place::PlaceKind;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bounded, choices, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// The kinds of place a studio may sit at.
const STUDIO_PLACES: [PlaceKind; 4] = [
    PlaceKind::Street,
    PlaceKind::Town,
    PlaceKind::Community,
    PlaceKind::Village,
];

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StudioForm {
    name: String,
    kind: String,
    place_id: String,
}

pub struct StudioRow {
    pub studio: Studio,
    pub place: String,
}

#[derive(Template)]
#[template(path = "admin/studios.html")]
struct StudiosPage {
    ctx: PageCtx,
    studios: Vec<StudioRow>,
    form: StudioForm,
    kinds: Vec<Choice>,
    places: Vec<Choice>,
    errors: FieldErrors,
}

/// The places a studio may sit at, as (id, name) options.
type PlaceOptions = Vec<(String, String)>;

fn rows(conn: &mut DbConn) -> Result<(Vec<StudioRow>, PlaceOptions), AppError> {
    let all_places = places::of_kinds(conn, &STUDIO_PLACES)?;
    let studios = store::all_studios(conn)?
        .into_iter()
        .map(|studio| StudioRow {
            place: all_places
                .iter()
                .find(|p| p.id == studio.place_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            studio,
        })
        .collect();
    Ok((studios, all_places.into_iter().map(|p| (p.id, p.name)).collect()))
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: StudioForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (studios, place_list) = state.db(rows).await?;
    let kinds = vocabulary_choices::<StudioKind>(&ctx, form.kind.trim());
    let places = choices(place_list, form.place_id.trim());
    let page = StudiosPage {
        ctx,
        studios,
        form,
        kinds,
        places,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn list(ctx: PageCtx, Admin(_a): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, StudioForm::default(), errors, StatusCode::OK).await
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<StudioForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let name = bounded(&form.name, TEXT_MAX);
    if name.is_none() {
        errors.add("name", "form.error.required");
    }
    let kind = StudioKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "form.error.choose");
    }
    let place_id = form.place_id.trim().to_owned();
    let place = state.db(move |conn| Ok(places::find(conn, &place_id)?)).await?;
    let place = place.filter(|p| STUDIO_PLACES.contains(&p.kind));
    if place.is_none() {
        errors.add("place_id", "form.error.choose");
    }
    let (Some(name), Some(kind), Some(place)) = (name, kind, place) else {
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let row = Studio {
        id: new_id(),
        name,
        kind,
        place_id: place.id,
        created_by: admin.id.clone(),
        created_at: now_ts(),
    };
    let actor = audit_actor(&req, Some(&admin));
    let result = state
        .db(move |conn| {
            Ok(db::write_tx(conn, |conn| {
                store::insert_studio(conn, &row)?;
                audit::record(conn, &actor, "studio.create", Some(("studio", &row.id)), &row.name)
            }))
        })
        .await?;
    match result {
        Ok(()) => Ok(see_other("/admin/studios")),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            errors.add("name", "mentoring.error.studio_exists");
            show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
