//! Place pickers shared by public and staff forms: the streets and
//! communities an intake form may name (the online application and staff
//! registration), and how a community is labelled in any picker.

use crate::db::places;
use crate::domain::mediation::DisputeType;
use crate::domain::mediation_intake::{CaseIntake, IntakeChannel, IntakeErrors, IntakeForm};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};
use crate::web::state::AppState;

/// "street · community": community names repeat across streets.
pub fn community_label(street: &str, community: &str) -> String {
    format!("{street} · {community}")
}

/// The streets a form may name and their communities (with the street's
/// name): all of them online, only the user's own street for staff.
pub struct IntakeAreas {
    pub streets: Vec<places::Place>,
    pub communities: Vec<(places::Place, String)>,
}

impl IntakeAreas {
    pub async fn load(state: &AppState, only_street: Option<String>) -> Result<Self, AppError> {
        let (mut streets, mut communities) = state
            .db(|conn| Ok((places::streets_and_towns(conn)?, places::communities_with_street(conn)?)))
            .await?;
        if let Some(own) = only_street {
            streets.retain(|s| s.id == own);
            communities.retain(|(c, _)| c.parent_id.as_deref() == Some(own.as_str()));
        }
        Ok(IntakeAreas { streets, communities })
    }

    pub fn street(&self, id: &str) -> bool {
        self.streets.iter().any(|s| s.id == id)
    }

    pub fn community_in(&self, street: &str, community: &str) -> bool {
        self.communities
            .iter()
            .any(|(c, _)| c.id == community && c.parent_id.as_deref() == Some(street))
    }

    /// Checks the form against these places.
    pub fn parse(&self, form: &IntakeForm, channel: IntakeChannel) -> Result<CaseIntake, IntakeErrors> {
        form.parse(channel, |s| self.street(s), |s, c| self.community_in(s, c))
    }
}

/// Place and type pickers shared by the online form and staff registration.
pub fn pickers(areas: IntakeAreas, ctx: &PageCtx, form: &IntakeForm) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let IntakeAreas { streets, communities } = areas;
    let streets = choices(streets.into_iter().map(|s| (s.id, s.name)), &form.street_id);
    let communities = choices(
        communities
            .into_iter()
            .map(|(c, street)| (c.id, community_label(&street, &c.name))),
        &form.community_id,
    );
    let types = choices(
        DisputeType::ALL.iter().map(|t| (t.code(), ctx.t(t.label_key()))),
        &form.dispute_type,
    );
    (streets, communities, types)
}
