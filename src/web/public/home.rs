//! The resident portal `/` (issue 14 item 8): the open consultations, the
//! resident's compound first, with days left and the tally's headline; a
//! compound chooser remembered in a cookie (or the account's place); and
//! the community's contact in the footer once the place is known.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::place_contacts::{self, PlaceContact};
use crate::db::places::{self, Place};
use crate::domain::place::PlaceKind;
use crate::renovation::portal::{self, OpenConsultation};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::Choice;
use crate::web::render::{self, see_other};
use crate::web::session::{COMPOUND_COOKIE, preference_cookie};
use crate::web::shared::places::community_label;
use crate::web::state::AppState;

/// Open consultations shown on `/`; the rest are on `/projects`.
pub const PORTAL_PROJECTS: usize = 6;

/// One open consultation as the portal shows it.
pub struct ConsultationRow {
    pub id: String,
    pub title: String,
    pub compound: String,
    pub stage: String,
    pub mine: bool,
    pub countdown: String,
    pub headline: String,
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    ctx: PageCtx,
    areas: Vec<Place>,
    consultations: Vec<ConsultationRow>,
    /// The compound chooser: (street · community, compounds).
    compound_groups: Vec<(String, Vec<Choice>)>,
}

fn row(ctx: &PageCtx, c: OpenConsultation) -> ConsultationRow {
    let countdown = match c.days_left {
        Some(0) => ctx.t("portal.last_day"),
        Some(days) => ctx.t_with("portal.days_left", "days", &days.to_string()),
        None => String::new(),
    };
    let headline = match c.headline {
        Some((answered, total)) => crate::i18n::t_with(
            ctx.lang,
            "portal.headline",
            &[
                ("n", answered.to_string().as_str()),
                ("total", total.to_string().as_str()),
            ],
        ),
        None => ctx.t("portal.no_items"),
    };
    ConsultationRow {
        stage: ctx.t(c.project.stage.label_key()),
        id: c.project.id,
        title: c.project.title,
        compound: c.compound,
        mine: c.mine,
        countdown,
        headline,
    }
}

/// The compound the resident chose here, else their account's place when
/// it is a compound. Checked against the places table by the caller.
fn chosen_compound(req: &HttpRequest, ctx: &PageCtx) -> Option<String> {
    req.cookie(COMPOUND_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
        .or_else(|| ctx.user.as_ref().and_then(|u| u.area_id.clone()))
}

/// The nearest contact up the compound's lineage (its community's office).
fn community_contact(conn: &mut crate::db::DbConn, lineage: &[Place]) -> diesel::QueryResult<Option<PlaceContact>> {
    for place in lineage {
        if let Some(found) = place_contacts::find(conn, &place.id)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

pub async fn home(req: HttpRequest, mut ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let wanted = chosen_compound(&req, &ctx);
    let (areas, open, compounds, mine, contact) = state
        .db(move |conn| {
            let lineage = match &wanted {
                Some(id) => places::lineage(conn, id)?,
                None => Vec::new(),
            };
            let mine = lineage
                .first()
                .filter(|p| p.kind == PlaceKind::Compound && !p.is_retired())
                .map(|p| p.id.clone());
            let contact = match mine {
                Some(_) => community_contact(conn, &lineage)?,
                None => None,
            };
            let open = portal::open_consultations(conn, mine.as_deref(), PORTAL_PROJECTS)?;
            let areas = places::streets_and_towns(conn)?;
            let compounds = places::compounds_with_area(conn)?;
            Ok((areas, open, compounds, mine, contact))
        })
        .await?;
    let mut groups: Vec<(String, Vec<Choice>)> = Vec::new();
    for c in compounds {
        let label = community_label(&c.street_name, &c.community_name);
        let choice = Choice {
            selected: mine.as_deref() == Some(c.id.as_str()),
            value: c.id,
            label: c.name,
        };
        match groups.last_mut() {
            Some((l, list)) if *l == label => list.push(choice),
            _ => groups.push((label, vec![choice])),
        }
    }
    ctx.community = contact;
    let consultations = open.into_iter().map(|c| row(&ctx, c)).collect();
    render::page(&HomePage {
        areas: areas.into_iter().filter(|a| !a.is_retired()).collect(),
        consultations,
        compound_groups: groups,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct CompoundForm {
    #[serde(default)]
    compound: String,
}

/// Remembers the chosen compound (an empty choice forgets it). Only a
/// compound that exists is stored, so the cookie never holds arbitrary text.
pub async fn set_compound(form: web::Form<CompoundForm>, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let id = form.into_inner().compound;
    let known = match id.is_empty() {
        true => None,
        false => {
            let lookup = id.clone();
            state
                .db(move |conn| Ok(places::find(conn, &lookup)?))
                .await?
                .filter(|p| p.kind == PlaceKind::Compound && !p.is_retired())
        }
    };
    let mut res = see_other("/#open-consultations");
    let value = known.map(|p| p.id).unwrap_or_default();
    let _ = res.add_cookie(&preference_cookie(COMPOUND_COOKIE, &value, state.secure_cookies));
    Ok(res)
}
