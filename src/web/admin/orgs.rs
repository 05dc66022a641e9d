//! `/admin/orgs`: the organisations the centre refers disputes to (issue
//! 16), each with its channel, place, contact, hours and the dispute types
//! it takes. Admins add and edit them; an organisation is retired by
//! unticking "active" (referrals keep pointing at it), never deleted.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::dispute_types::DisputeTypes;
use crate::db::resolution_orgs::{self as store, ResolutionOrg, types_text};
use crate::db::{self, DbConn, audit, new_id, now_ts, places};
use crate::domain::mediation::DisputeType;
use crate::domain::phone;
use crate::domain::place::PlaceKind;
use crate::domain::resolution::channel::valid_pair;
use crate::domain::resolution::{ChannelType, Sector};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bounded, choices, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// Where an organisation can sit: the district (courts, arbitration,
/// bureaux), a street or town, a community or village.
const ORG_PLACES: [PlaceKind; 5] = [
    PlaceKind::District,
    PlaceKind::Street,
    PlaceKind::Town,
    PlaceKind::Community,
    PlaceKind::Village,
];
const NAME_MAX: usize = 80;
const TEXT_MAX: usize = 200;

/// The form as sent. Dispute types are repeated `type` fields, so the body
/// is read as pairs.
#[derive(Debug, Default, Clone)]
pub struct OrgForm {
    name: String,
    channel: String,
    sector: String,
    place_id: String,
    contact_phone: String,
    address: String,
    hours: String,
    types: Vec<String>,
    active: bool,
}

impl OrgForm {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = OrgForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => form.name = value.clone(),
                "channel" => form.channel = value.clone(),
                "sector" => form.sector = value.clone(),
                "place_id" => form.place_id = value.clone(),
                "contact_phone" => form.contact_phone = value.clone(),
                "address" => form.address = value.clone(),
                "hours" => form.hours = value.clone(),
                "type" => form.types.push(value.clone()),
                "active" => form.active = value == "yes",
                _ => {}
            }
        }
        form
    }

    fn of(org: &ResolutionOrg) -> Self {
        OrgForm {
            name: org.name.clone(),
            channel: org.channel.code().to_owned(),
            sector: org.sector.map(|s| s.code().to_owned()).unwrap_or_default(),
            place_id: org.place_id.clone(),
            contact_phone: org.contact_phone.clone(),
            address: org.address.clone(),
            hours: org.hours.clone(),
            types: org.takes().iter().map(|t| t.code().to_owned()).collect(),
            active: org.active,
        }
    }
}

/// One dispute-type checkbox.
pub struct TypeBox {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct OrgRow {
    pub org: ResolutionOrg,
    pub place: String,
}

#[derive(Template)]
#[template(path = "admin/orgs.html")]
struct OrgsPage {
    ctx: PageCtx,
    rows: Vec<OrgRow>,
    /// `None` on the list (the form adds); the id when editing.
    editing: Option<String>,
    form: OrgForm,
    channels: Vec<Choice>,
    sectors: Vec<Choice>,
    places: Vec<Choice>,
    types: Vec<TypeBox>,
    errors: FieldErrors,
}

struct Loaded {
    rows: Vec<OrgRow>,
    places: Vec<(String, String)>,
    types: DisputeTypes,
}

fn load(conn: &mut DbConn) -> Result<Loaded, AppError> {
    let all_places = places::of_kinds(conn, &ORG_PLACES)?;
    let place_name = |id: &str| {
        all_places
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let rows = store::all(conn)?
        .into_iter()
        .map(|org| OrgRow {
            place: place_name(&org.place_id),
            org,
        })
        .collect();
    Ok(Loaded {
        rows,
        places: all_places.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
        types: DisputeTypes::load(conn)?,
    })
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    editing: Option<String>,
    form: OrgForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let loaded = state.db(load).await?;
    let types = DisputeType::ALL
        .iter()
        .map(|t| TypeBox {
            code: t.code(),
            label: loaded.types.label(ctx.lang, *t),
            checked: form.types.iter().any(|c| c == t.code()),
        })
        .collect();
    let page = OrgsPage {
        channels: vocabulary_choices::<ChannelType>(&ctx, &form.channel),
        sectors: vocabulary_choices::<Sector>(&ctx, &form.sector),
        places: choices(loaded.places, &form.place_id),
        rows: loaded.rows,
        types,
        ctx,
        editing,
        form,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn list(ctx: PageCtx, Admin(_a): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    let form = OrgForm {
        active: true,
        ..Default::default()
    };
    show(ctx, &state, None, form, errors, StatusCode::OK).await
}

pub async fn edit(
    ctx: PageCtx,
    Admin(_a): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let key = id.clone();
    let org = state.db(move |conn| Ok(store::find(conn, &key)?)).await?;
    let org = org.ok_or(AppError::NotFound)?;
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, Some(id), OrgForm::of(&org), errors, StatusCode::OK).await
}

/// Checks the form; the organisation to write, or the field errors.
async fn checked(
    state: &AppState,
    form: &OrgForm,
    errors: &mut FieldErrors,
    id: String,
) -> Result<Option<ResolutionOrg>, AppError> {
    let name = bounded(&form.name, NAME_MAX);
    if name.is_none() {
        errors.add("name", "form.error.required");
    }
    let channel = ChannelType::parse(form.channel.trim());
    if channel.is_none() {
        errors.add("channel", "form.error.choose");
    }
    let sector = Sector::parse(form.sector.trim());
    if channel.is_some_and(|c| !valid_pair(c, sector)) {
        errors.add("sector", "orgs.error.sector");
    }
    let phone = match phone::normalise(&form.contact_phone) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.add("contact_phone", e.message_key());
            None
        }
    };
    let address = bounded(&form.address, TEXT_MAX);
    if address.is_none() {
        errors.add("address", "form.error.required");
    }
    let hours = bounded(&form.hours, TEXT_MAX);
    if hours.is_none() {
        errors.add("hours", "form.error.required");
    }
    let place_id = form.place_id.trim().to_owned();
    let place = state.db(move |conn| Ok(places::find(conn, &place_id)?)).await?;
    let place = place.filter(|p| ORG_PLACES.contains(&p.kind) && p.retired_at.is_none());
    if place.is_none() {
        errors.add("place_id", "form.error.choose");
    }
    let types: Vec<DisputeType> = form.types.iter().filter_map(|c| DisputeType::parse(c)).collect();
    let (Some(name), Some(channel), Some(contact_phone), Some(address), Some(hours), Some(place)) =
        (name, channel, phone, address, hours, place)
    else {
        return Ok(None);
    };
    if !errors.is_empty() {
        return Ok(None);
    }
    let now = now_ts();
    Ok(Some(ResolutionOrg {
        id,
        name,
        channel,
        sector,
        place_id: place.id,
        contact_phone,
        address,
        hours,
        dispute_types: types_text(&types),
        active: form.active,
        created_at: now,
        updated_at: now,
    }))
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = OrgForm::from_pairs(&body);
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(org) = checked(&state, &form, &mut errors, new_id()).await? else {
        return show(ctx, &state, None, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let result = state
        .db(move |conn| {
            Ok(db::write_tx(conn, |conn| {
                store::insert(conn, &org)?;
                audit::record(conn, &actor, "org.create", Some(("org", &org.id)), &org.name)
            }))
        })
        .await?;
    finish(ctx, &state, None, form, errors, result.map(|()| true)).await
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = OrgForm::from_pairs(&body);
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(org) = checked(&state, &form, &mut errors, id.clone()).await? else {
        return show(ctx, &state, Some(id), form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let result = state
        .db(move |conn| {
            Ok(db::write_tx(conn, |conn| {
                if !store::update(conn, &org)? {
                    return Ok(false);
                }
                audit::record(conn, &actor, "org.update", Some(("org", &org.id)), &org.name)?;
                Ok(true)
            }))
        })
        .await?;
    finish(ctx, &state, Some(id), form, errors, result).await
}

/// Back to the list on success; the form again on a duplicate name.
async fn finish(
    ctx: PageCtx,
    state: &AppState,
    editing: Option<String>,
    form: OrgForm,
    mut errors: FieldErrors,
    result: Result<bool, DieselError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(true) => Ok(see_other("/admin/orgs")),
        Ok(false) => Err(AppError::NotFound),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            errors.add("name", "orgs.error.exists");
            show(ctx, state, editing, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
