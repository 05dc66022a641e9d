//! Place pickers shared by public and staff forms: the streets,
//! communities, grids and compounds an intake form may name (the online
//! application and staff registration), and how a community is labelled in
//! any picker. Without JavaScript the finer lists are narrowed by a
//! "list" button that shows the form again with the street and community
//! chosen so far (`IntakeForm::refresh_places`).

use crate::db::dispute_types::DisputeTypes;
use crate::db::place_admin;
use crate::db::places::{self, Place};
use crate::domain::intake_place::{Level, PlaceBook};
use crate::domain::mediation_intake::{CaseIntake, IntakeChannel, IntakeErrors, IntakeForm};
use crate::domain::place::PlaceKind;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};
use crate::web::shared::intake_form::{ChoiceGroup, grouped_types};
use crate::web::state::AppState;

/// "street · community": community names repeat across streets.
pub fn community_label(street: &str, community: &str) -> String {
    format!("{street} · {community}")
}

/// The streets a form may name and the places below them: all of them
/// online, only the user's own street for staff.
pub struct IntakeAreas {
    pub streets: Vec<Place>,
    /// Each community with its street's name.
    pub communities: Vec<(Place, String)>,
    pub grids: Vec<Place>,
    pub compounds: Vec<Place>,
    /// The dispute types' labels and which are still offered.
    pub dispute_types: DisputeTypes,
}

impl IntakeAreas {
    pub async fn load(state: &AppState, only_street: Option<String>) -> Result<Self, AppError> {
        let mut areas = state
            .db(|conn| {
                // Retired places (and what lies in them) are neither offered
                // nor accepted.
                let hidden = place_admin::hidden(conn)?;
                let open = |mut list: Vec<Place>| {
                    list.retain(|p| !hidden.contains(&p.id));
                    list
                };
                let mut communities = places::communities_with_street(conn)?;
                communities.retain(|(c, _)| !hidden.contains(&c.id));
                Ok(IntakeAreas {
                    streets: open(places::streets_and_towns(conn)?),
                    communities,
                    grids: open(places::of_kinds(conn, &[PlaceKind::Grid])?),
                    compounds: open(places::of_kinds(conn, &[PlaceKind::Compound])?),
                    dispute_types: DisputeTypes::load(conn)?,
                })
            })
            .await?;
        if let Some(own) = only_street {
            areas.streets.retain(|s| s.id == own);
            areas
                .communities
                .retain(|(c, _)| c.parent_id.as_deref() == Some(own.as_str()));
        }
        Ok(areas)
    }

    /// Checks the form against these places.
    pub fn parse(&self, form: &IntakeForm, channel: IntakeChannel) -> Result<CaseIntake, IntakeErrors> {
        form.parse_offering(channel, self, &self.dispute_types.offered_types())
    }

    fn parent_in<'a>(list: impl IntoIterator<Item = &'a Place>, id: &str) -> Option<&'a str> {
        list.into_iter()
            .find(|p| p.id == id)
            .and_then(|p| p.parent_id.as_deref())
    }

    /// The grids inside the chosen community, else inside the chosen street.
    fn grids_within(&self, street: &str, community: &str) -> Vec<&Place> {
        self.grids
            .iter()
            .filter(|g| {
                let parent = g.parent_id.as_deref().unwrap_or_default();
                if community.is_empty() {
                    self.parent(Level::Community, parent) == Some(street)
                } else {
                    parent == community
                }
            })
            .collect()
    }
}

impl PlaceBook for IntakeAreas {
    fn is_street(&self, id: &str) -> bool {
        self.streets.iter().any(|s| s.id == id)
    }

    fn parent(&self, level: Level, id: &str) -> Option<&str> {
        match level {
            Level::Community => Self::parent_in(self.communities.iter().map(|(c, _)| c), id),
            Level::Grid => Self::parent_in(&self.grids, id),
            Level::Compound => Self::parent_in(&self.compounds, id),
        }
    }
}

/// The pickers of an intake form.
pub struct Pickers {
    pub streets: Vec<Choice>,
    pub communities: Vec<Choice>,
    pub grids: Vec<Choice>,
    pub compounds: Vec<Choice>,
    pub types: Vec<ChoiceGroup>,
}

/// Place and type pickers shared by the online form and staff registration.
/// Once a street is chosen only its communities are offered, and grids and
/// compounds only within the street (and community, grid) chosen; with no
/// street yet, grids and compounds are not offered at all.
pub fn pickers(areas: IntakeAreas, ctx: &PageCtx, form: &IntakeForm) -> Pickers {
    let street = form.street_id.trim();
    let known_street = areas.is_street(street);
    let community = form.community_id.trim();
    let grid = form.grid_id.trim();
    let communities = areas
        .communities
        .iter()
        .filter(|(c, _)| !known_street || c.parent_id.as_deref() == Some(street))
        .map(|(c, s)| {
            let label = if known_street {
                c.name.clone()
            } else {
                community_label(s, &c.name)
            };
            (c.id.clone(), label)
        });
    let grids: Vec<&Place> = if known_street {
        areas.grids_within(street, community)
    } else {
        Vec::new()
    };
    let compounds = areas.compounds.iter().filter(|x| {
        let parent = x.parent_id.as_deref().unwrap_or_default();
        if grid.is_empty() {
            grids.iter().any(|g| g.id == parent)
        } else {
            parent == grid
        }
    });
    Pickers {
        communities: choices(communities, &form.community_id),
        grids: choices(grids.iter().map(|g| (g.id.clone(), g.name.clone())), &form.grid_id),
        compounds: choices(compounds.map(|x| (x.id.clone(), x.name.clone())), &form.compound_id),
        streets: choices(areas.streets.into_iter().map(|s| (s.id, s.name)), &form.street_id),
        types: grouped_types(
            ctx,
            &areas.dispute_types,
            &areas.dispute_types.offered_types(),
            &form.dispute_type,
        ),
    }
}
