//! `/admin/places` (issue 13): the admin browses the district's hierarchy
//! one place at a time (its trail, a page of its children with their own
//! counts, a name search) and finds on the same page the forms to rename,
//! move, retire or restore it (`place_edit`). A street has about a hundred
//! grids, so children come fifty to a page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::places::{self, Place};
use crate::db::{DbConn, place_admin, place_contacts};
use crate::domain::place::PlaceKind;
use crate::domain::place_contact::has_contact;
use crate::web::auth::Admin;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

const PER_PAGE: i64 = 50;
const SEARCH_LIMIT: i64 = 50;

/// A child with how many places lie directly below it.
pub struct ChildLine {
    pub place: Place,
    pub count: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NodeQuery {
    page: Option<i64>,
    /// The street whose communities or grids the move form offers.
    street: String,
    /// A name to search for.
    q: String,
    /// Which change just succeeded, for the confirmation.
    saved: String,
}

/// What the edit forms show: as stored, or as the admin typed it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct EditForm {
    pub name: String,
    pub short_name: String,
    pub parent_id: String,
    pub version: i32,
}

/// The contact form (`place_contact`): as stored, or as the admin typed
/// it. `version` is "" while the place has no contact yet.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub phone: String,
    pub address: String,
    pub hours: String,
    pub version: String,
}

impl ContactForm {
    fn stored(contact: Option<place_contacts::PlaceContact>) -> Self {
        contact.map_or_else(ContactForm::default, |c| ContactForm {
            phone: c.phone,
            address: c.address,
            hours: c.hours,
            version: c.version.to_string(),
        })
    }
}

/// How the page is shown after a refused change.
pub struct Outcome {
    /// What was typed, and whether it was the rename form (else the move).
    pub form: Option<(EditForm, bool)>,
    /// What was typed into the contact form.
    pub contact: Option<ContactForm>,
    /// The contact changed since the form was built: shown as stored now.
    pub contact_conflict: bool,
    pub errors: FieldErrors,
    pub conflict: bool,
    pub status: StatusCode,
}

impl Outcome {
    pub fn plain(ctx: &PageCtx) -> Self {
        Outcome {
            form: None,
            contact: None,
            contact_conflict: false,
            errors: FieldErrors::new(ctx.lang),
            conflict: false,
            status: StatusCode::OK,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/places.html")]
struct NodePage {
    ctx: PageCtx,
    place: Place,
    trail: Vec<Place>,
    children: Vec<ChildLine>,
    total: i64,
    page: i64,
    pages: i64,
    /// The streets the move form can look in, and the parents it offers.
    move_streets: Vec<Choice>,
    parents: Vec<Choice>,
    form: EditForm,
    contact: ContactForm,
    contact_conflict: bool,
    errors: FieldErrors,
    conflict: bool,
    saved: String,
    q: String,
    found: Vec<(Place, String)>,
}

impl NodePage {
    fn kind_label(&self, kind: &PlaceKind) -> String {
        self.ctx.label(kind)
    }

    fn movable(&self) -> bool {
        self.place.kind.is_movable()
    }

    /// Whether the move form first asks for a street (grids and compounds).
    fn asks_street(&self) -> bool {
        matches!(self.place.kind, PlaceKind::Grid | PlaceKind::Compound)
    }

    /// Whether the place has a public contact residents call.
    fn has_contact(&self) -> bool {
        has_contact(self.place.kind)
    }

    /// The contact's confirmation sits in its own section, where the
    /// redirect's fragment opens the page.
    fn contact_saved(&self) -> bool {
        self.saved == "contact"
    }

    fn saved_text(&self) -> String {
        match self.saved.as_str() {
            "rename" | "move" | "retire" | "restore" => self.ctx.t(format!("admin_places.saved_{}", self.saved)),
            _ => String::new(),
        }
    }
}

/// The root: the district itself.
pub async fn root(
    ctx: PageCtx,
    Admin(_admin): Admin,
    state: web::Data<AppState>,
    query: web::Query<NodeQuery>,
) -> Result<HttpResponse, AppError> {
    let district = state.db(|conn| Ok(place_admin::district(conn)?)).await?;
    let district = district.ok_or_else(AppError::not_found)?;
    let outcome = Outcome::plain(&ctx);
    show(ctx, &state, district.id, query.into_inner(), outcome).await
}

pub async fn node(
    ctx: PageCtx,
    Admin(_admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NodeQuery>,
) -> Result<HttpResponse, AppError> {
    let outcome = Outcome::plain(&ctx);
    show(ctx, &state, path.into_inner(), query.into_inner(), outcome).await
}

struct Loaded {
    place: Place,
    trail: Vec<Place>,
    children: Vec<ChildLine>,
    total: i64,
    streets: Vec<Place>,
    /// The street the move form looks in.
    street: String,
    parents: Vec<(String, String)>,
    found: Vec<(Place, String)>,
    contact: Option<place_contacts::PlaceContact>,
}

pub async fn show(
    ctx: PageCtx,
    state: &AppState,
    id: String,
    query: NodeQuery,
    outcome: Outcome,
) -> Result<HttpResponse, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    let (street_q, q) = (query.street.clone(), query.q.trim().to_owned());
    let search = q.clone();
    let loaded = state
        .db(move |conn| {
            let Some(place) = places::find(conn, &id)? else {
                return Ok(None);
            };
            let mut trail = places::lineage(conn, &id)?;
            trail.reverse();
            trail.pop();
            let (page_rows, total) = place_admin::children_page(conn, &id, (page - 1) * PER_PAGE, PER_PAGE)?;
            let ids: Vec<String> = page_rows.iter().map(|p| p.id.clone()).collect();
            let counts = place_admin::child_counts(conn, &ids)?;
            let children = page_rows
                .into_iter()
                .map(|p| ChildLine {
                    count: counts.get(&p.id).copied().unwrap_or(0),
                    place: p,
                })
                .collect();
            let streets: Vec<Place> = places::streets_and_towns(conn)?
                .into_iter()
                .filter(|s| !s.is_retired())
                .collect();
            let street = match street_q.is_empty() {
                true => places::street_of(conn, &id)?.unwrap_or_default(),
                false => street_q,
            };
            let parents = move_candidates(conn, &place, &streets, &street)?;
            let found = match search.chars().count() {
                0 => Vec::new(),
                _ => place_admin::search(conn, &search, SEARCH_LIMIT)?
                    .into_iter()
                    .map(|p| {
                        let path = places::path_from_street(conn, &p.id)?;
                        Ok((p, path))
                    })
                    .collect::<Result<_, diesel::result::Error>>()?,
            };
            let contact = place_contacts::find(conn, &id)?;
            Ok(Some(Loaded {
                contact,
                place,
                trail,
                children,
                total,
                streets,
                street,
                parents,
                found,
            }))
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut form = EditForm {
        name: loaded.place.name.clone(),
        short_name: loaded.place.short_name.clone().unwrap_or_default(),
        parent_id: String::new(),
        // After a conflict the forms carry the version now stored.
        version: loaded.place.version,
    };
    match outcome.form {
        Some((typed, true)) => (form.name, form.short_name) = (typed.name, typed.short_name),
        Some((typed, false)) => form.parent_id = typed.parent_id,
        None => {}
    }
    // After a conflict the contact form shows what is stored now.
    let contact = outcome.contact.unwrap_or_else(|| ContactForm::stored(loaded.contact));
    let page_view = NodePage {
        contact,
        contact_conflict: outcome.contact_conflict,
        move_streets: choices(
            loaded.streets.iter().map(|s| (s.id.clone(), s.name.clone())),
            &loaded.street,
        ),
        parents: choices(loaded.parents, &form.parent_id),
        pages: ((loaded.total + PER_PAGE - 1) / PER_PAGE).max(1),
        page,
        total: loaded.total,
        place: loaded.place,
        trail: loaded.trail,
        children: loaded.children,
        form,
        errors: outcome.errors,
        conflict: outcome.conflict,
        saved: query.saved,
        q,
        found: loaded.found,
        ctx,
    };
    render::page_with_status(outcome.status, &page_view)
}

/// Where the place may move: streets and towns for a community; for a grid
/// the communities and villages of the chosen street; for a compound the
/// grids of the chosen street. Retired places are not offered.
fn move_candidates(
    conn: &mut DbConn,
    place: &Place,
    streets: &[Place],
    street: &str,
) -> diesel::QueryResult<Vec<(String, String)>> {
    use PlaceKind::*;
    let communities = |conn: &mut DbConn| -> diesel::QueryResult<Vec<Place>> {
        let all = place_admin::of_kinds_under(conn, &[street.to_owned()], &[Community, Village])?;
        Ok(all.into_iter().filter(|c| !c.is_retired()).collect())
    };
    Ok(match place.kind {
        Community | Village => streets.iter().map(|s| (s.id.clone(), s.name.clone())).collect(),
        Grid => communities(conn)?.into_iter().map(|c| (c.id, c.name)).collect(),
        Compound => {
            let communities = communities(conn)?;
            let ids: Vec<String> = communities.iter().map(|c| c.id.clone()).collect();
            let grids = place_admin::of_kinds_under(conn, &ids, &[Grid])?;
            communities
                .iter()
                .flat_map(|c| {
                    grids
                        .iter()
                        .filter(|g| !g.is_retired() && g.parent_id.as_deref() == Some(c.id.as_str()))
                        .map(|g| (g.id.clone(), format!("{} · {}", c.name, g.name)))
                })
                .collect()
        }
        _ => Vec::new(),
    })
}
