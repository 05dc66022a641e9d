//! `/mentoring/profile`: a mediator's own profile. Studio, community and
//! specialties are set by admins; the mediator writes their short public
//! introduction (bounded length).

use crate::db::dispute_types::DisputeTypes;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::audit;
use crate::db::mentorship as store;
use crate::db::{self, DbConn, now_ts, places};
use crate::domain::mentorship::INTRODUCTION_MAX;
use crate::web::auth::{Mediator, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// A profile as shown: names rather than ids.
#[derive(Default)]
pub struct ProfileView {
    pub studio: String,
    pub community: String,
    pub specialties: Vec<String>,
    pub introduction: String,
}

pub fn view(conn: &mut DbConn, ctx: &PageCtx, user_id: &str) -> Result<ProfileView, AppError> {
    let profile = store::profile(conn, user_id)?.unwrap_or_default();
    let studio = match &profile.studio_id {
        Some(id) => store::find_studio(conn, id)?.map(|s| s.name).unwrap_or_default(),
        None => String::new(),
    };
    let community = match &profile.community_id {
        Some(id) => places::find(conn, id)?.map(|p| p.name).unwrap_or_default(),
        None => String::new(),
    };
    let labels = DisputeTypes::load(conn)?;
    let specialties = store::specialties(conn, user_id)?
        .iter()
        .map(|t| labels.label(ctx.lang, *t))
        .collect();
    Ok(ProfileView {
        studio,
        community,
        specialties,
        introduction: profile.introduction,
    })
}

#[derive(Template)]
#[template(path = "mentoring/profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    profile: ProfileView,
    introduction: String,
    errors: FieldErrors,
    max: usize,
}

async fn page(
    ctx: PageCtx,
    state: &AppState,
    user: SessionUser,
    typed: Option<String>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (ctx, profile) = state
        .db(move |conn| {
            let profile = view(conn, &ctx, &user.id)?;
            Ok((ctx, profile))
        })
        .await?;
    let introduction = typed.unwrap_or_else(|| profile.introduction.clone());
    let page = ProfilePage {
        ctx,
        profile,
        introduction,
        errors,
        max: INTRODUCTION_MAX,
    };
    render::page_with_status(status, &page)
}

pub async fn show(
    ctx: PageCtx,
    Mediator(user): Mediator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    page(ctx, &state, user, None, errors, StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IntroForm {
    introduction: String,
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Mediator(user): Mediator,
    state: web::Data<AppState>,
    form: web::Form<IntroForm>,
) -> Result<HttpResponse, AppError> {
    let text = form.introduction.trim().to_owned();
    if text.chars().count() > INTRODUCTION_MAX {
        let mut errors = FieldErrors::new(ctx.lang);
        errors.add("introduction", "form.error.too_long");
        return page(
            ctx,
            &state,
            user,
            Some(form.into_inner().introduction),
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let actor = audit_actor(&req, Some(&user));
    let id = user.id.clone();
    state
        .db(move |conn| {
            db::write_tx(conn, |conn| {
                let mut profile = store::profile(conn, &id)?.unwrap_or_default();
                profile.user_id = id.clone();
                profile.introduction = text;
                profile.updated_at = now_ts();
                store::save_profile(conn, &profile)?;
                audit::record(conn, &actor, "mentoring.introduction", Some(("user", &id)), "")
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other("/mentoring/profile"))
}
