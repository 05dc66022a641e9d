//! `/admin/users/{id}/profile`: a mediator's profile as admins manage it:
//! studio, community, specialties (dispute types) and the introduction.

use crate::db::dispute_types::DisputeTypes;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::audit;
use crate::db::mentorship::{self as store, Profile};
use crate::db::{self, now_ts, places, users};
use crate::domain::mediation::DisputeType;
use crate::domain::mentorship::INTRODUCTION_MAX;
use crate::domain::role::Role;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// The form as posted: specialties arrive as repeated `specialty` fields,
/// so the body is read as pairs.
#[derive(Debug, Default, Clone)]
pub struct ProfileForm {
    studio_id: String,
    community_id: String,
    specialties: Vec<String>,
    introduction: String,
}

impl ProfileForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = ProfileForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "studio_id" => form.studio_id = v,
                "community_id" => form.community_id = v,
                "specialty" => form.specialties.push(v),
                "introduction" => form.introduction = v,
                _ => {}
            }
        }
        form
    }
}

pub struct Specialty {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin/profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    user: users::User,
    is_mediator: bool,
    studios: Vec<Choice>,
    communities: Vec<Choice>,
    specialties: Vec<Specialty>,
    form: ProfileForm,
    errors: FieldErrors,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    id: String,
    form: Option<ProfileForm>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (user, studios, communities, stored, (types, labels)) = state
        .db(move |conn| {
            let user = users::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            let studios: Vec<(String, String)> =
                store::all_studios(conn)?.into_iter().map(|s| (s.id, s.name)).collect();
            let communities: Vec<(String, String)> = places::communities_with_street(conn)?
                .into_iter()
                .map(|(c, street)| (c.id, format!("{street} · {}", c.name)))
                .collect();
            let stored = store::profile(conn, &id)?.unwrap_or_default();
            let types = store::specialties(conn, &id)?;
            let labels = DisputeTypes::load(conn)?;
            Ok((user, studios, communities, stored, (types, labels)))
        })
        .await?;
    let form = form.unwrap_or_else(|| ProfileForm {
        studio_id: stored.studio_id.unwrap_or_default(),
        community_id: stored.community_id.unwrap_or_default(),
        specialties: types.iter().map(|t| t.code().to_owned()).collect(),
        introduction: stored.introduction,
    });
    // Offered types, and a retired one only where it is already ticked.
    let specialties = labels
        .every_type()
        .into_iter()
        .map(|t| Specialty {
            code: t.code(),
            label: labels.label(ctx.lang, t),
            checked: form.specialties.iter().any(|s| s == t.code()),
        })
        .filter(|s| s.checked || DisputeType::parse(s.code).is_some_and(|t| labels.offered(t)))
        .collect();
    let page = ProfilePage {
        is_mediator: user.role == Role::Mediator,
        studios: choices(studios, &form.studio_id),
        communities: choices(communities, &form.community_id),
        specialties,
        ctx,
        user,
        form,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn form(
    ctx: PageCtx,
    Admin(_a): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, path.into_inner(), None, errors, StatusCode::OK).await
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
    let form = ProfileForm::from_pairs(body.into_inner());
    let mut errors = FieldErrors::new(ctx.lang);
    let (uid, sid, cid) = (
        id.clone(),
        form.studio_id.trim().to_owned(),
        form.community_id.trim().to_owned(),
    );
    let (user, studio_ok, community_ok) = state
        .db(move |conn| {
            let studio_ok = sid.is_empty() || store::find_studio(conn, &sid)?.is_some();
            let community_ok = cid.is_empty() || places::find(conn, &cid)?.is_some();
            Ok((users::find(conn, &uid)?, studio_ok, community_ok))
        })
        .await?;
    let user = user.ok_or_else(AppError::not_found)?;
    if user.role != Role::Mediator {
        errors.add("studio_id", "mentoring.error.not_mediator");
    }
    if !studio_ok {
        errors.add("studio_id", "form.error.choose");
    }
    if !community_ok {
        errors.add("community_id", "form.error.choose");
    }
    let types: Option<Vec<DisputeType>> = form.specialties.iter().map(|s| DisputeType::parse(s)).collect();
    if types.is_none() {
        errors.add("specialty", "form.error.choose");
    }
    if form.introduction.trim().chars().count() > INTRODUCTION_MAX {
        errors.add("introduction", "form.error.too_long");
    }
    let (true, Some(types)) = (errors.is_empty(), types) else {
        return show(ctx, &state, id, Some(form), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let none_if_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let row = Profile {
        user_id: id.clone(),
        studio_id: none_if_empty(&form.studio_id),
        community_id: none_if_empty(&form.community_id),
        introduction: form.introduction.trim().to_owned(),
        updated_at: now_ts(),
    };
    let actor = audit_actor(&req, Some(&admin));
    state
        .db(move |conn| {
            db::write_tx(conn, |conn| {
                store::save_profile(conn, &row)?;
                store::set_specialties(conn, &row.user_id, &types)?;
                // Names, not ids: the log is read by people.
                let studio = match &row.studio_id {
                    Some(id) => store::find_studio(conn, id)?.map(|s| s.name),
                    None => None,
                };
                let community = match &row.community_id {
                    Some(id) => crate::db::places::find(conn, id)?.map(|p| p.name),
                    None => None,
                };
                let detail = [studio, community]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                audit::record(conn, &actor, "mentoring.profile", Some(("user", &row.user_id)), &detail)
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other(&format!("/admin/users/{id}/profile")))
}
