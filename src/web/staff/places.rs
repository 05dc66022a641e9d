//! Places management for coordinators (own street) and admins (all):
//! browse street → … → unit, add child places, see a population's headcount.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::audit::{self, AuditActor};
use crate::db::households::{self, Household};
use crate::db::places::{self, Place};
use crate::domain::consensus::Count;
use crate::domain::masking::mask_owners;
use crate::domain::place::PlaceKind;
use crate::renovation::{places as use_places, scoped_place};
use crate::web::auth::{PlaceManager, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// A child place with its household record, when it is a unit.
pub struct ChildRow {
    pub place: Place,
    pub household: Option<Household>,
    /// The household's owners, masked unless the audited view was asked for.
    pub owners: String,
}

impl ChildRow {
    pub fn area(&self) -> String {
        self.household
            .as_ref()
            .map(|h| crate::domain::consensus::AreaCentiM2(h.area_centi).to_string())
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "staff/places/browse.html")]
struct BrowsePage {
    ctx: PageCtx,
    place: Option<Place>,
    trail: Vec<Place>,
    children: Vec<ChildRow>,
    child_kind: Option<PlaceKind>,
    child_name: String,
    errors: FieldErrors,
    headcount: Option<Count>,
    /// Owners' names in full (after an audited POST).
    unmasked: bool,
}

impl BrowsePage {
    fn kind_label(&self, kind: &PlaceKind) -> String {
        self.ctx.label(kind)
    }

    fn has_owners(&self) -> bool {
        self.children.iter().any(|c| !c.owners.is_empty())
    }
}

/// Admins start at the streets; a coordinator at their own street.
pub async fn root(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if let Some(street) = user.renovation_scope().street() {
        return Ok(see_other(&format!("/staff/places/{street}")));
    }
    if user.role != crate::domain::role::Role::Admin {
        return Err(AppError::forbidden());
    }
    let streets = state.db(|conn| Ok(places::streets_and_towns(conn)?)).await?;
    let children = streets
        .into_iter()
        .map(|place| ChildRow {
            place,
            household: None,
            owners: String::new(),
        })
        .collect();
    let page = BrowsePage {
        errors: FieldErrors::new(ctx.lang),
        ctx,
        place: None,
        trail: Vec::new(),
        children,
        child_kind: None,
        child_name: String::new(),
        headcount: None,
        unmasked: false,
    };
    render::page(&page)
}

/// How the page is asked for: the form to show again, and whether owners'
/// names are shown in full (audited; only after a POST with CSRF).
struct View {
    child_name: String,
    errors: FieldErrors,
    status: StatusCode,
    unmask: Option<AuditActor>,
}

impl View {
    /// The page as opened, without a form to show again; `unmask` names who
    /// asked for the owners in full (audited).
    fn opened(lang: crate::i18n::Lang, unmask: Option<AuditActor>) -> Self {
        View {
            child_name: String::new(),
            errors: FieldErrors::new(lang),
            status: StatusCode::OK,
            unmask,
        }
    }
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &crate::web::auth::SessionUser,
    id: String,
    view: View,
) -> Result<HttpResponse, AppError> {
    let scope = user.renovation_scope();
    let actor = view.unmask.clone();
    let unmasked = actor.is_some();
    let (place, trail, children, headcount) = state
        .db(move |conn| {
            let place = scoped_place(conn, &scope, &id)?;
            if let Some(actor) = &actor {
                audit::record(conn, actor, "place.owners_unmask", Some(("place", &place.id)), "")?;
            }
            let mut trail = places::lineage(conn, &id)?;
            trail.reverse();
            trail.pop();
            let children = places::children(conn, &id)?
                .into_iter()
                .map(|p| {
                    let household = households::for_unit(conn, &p.id)?;
                    let owners = household.as_ref().map_or_else(String::new, |h| match unmasked {
                        true => h.owners.clone(),
                        false => mask_owners(&h.owners),
                    });
                    Ok(ChildRow {
                        household,
                        owners,
                        place: p,
                    })
                })
                .collect::<Result<Vec<_>, diesel::result::Error>>()?;
            let headcount = match place.kind.is_population() {
                true => Some(use_places::headcount(conn, &place.id)?),
                false => None,
            };
            Ok((place, trail, children, headcount))
        })
        .await?;
    let child_kind = place.kind.child();
    let page = BrowsePage {
        ctx,
        place: Some(place),
        trail,
        children,
        child_kind,
        child_name: view.child_name,
        errors: view.errors,
        headcount,
        unmasked,
    };
    render::page_with_status(view.status, &page)
}

pub async fn browse(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = View::opened(ctx.lang, None);
    show(ctx, &state, &user, path.into_inner(), view).await
}

/// The same page with owners' names in full; the view is audited, and only
/// a POST (with CSRF) asks for it, so a link cannot.
pub async fn unmask(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = View::opened(ctx.lang, Some(audit_actor(&req, Some(&user))));
    show(ctx, &state, &user, path.into_inner(), view).await
}

#[derive(serde::Deserialize)]
pub struct ChildForm {
    #[serde(default)]
    name: String,
}

pub async fn add_child(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ChildForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let scope = user.renovation_scope();
    let (parent, name) = (id.clone(), form.name.clone());
    let added = state
        .db(move |conn| Ok(use_places::add_child(conn, &scope, &parent, &name)?))
        .await?;
    match added {
        Ok(_) => Ok(see_other(&format!("/staff/places/{id}"))),
        Err(key) => {
            let mut errors = FieldErrors::new(ctx.lang);
            errors.add("name", key);
            let view = View {
                child_name: form.into_inner().name,
                errors,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                unmask: None,
            };
            show(ctx, &state, &user, id, view).await
        }
    }
}
