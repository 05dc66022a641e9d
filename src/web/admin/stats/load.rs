//! What the dashboard and its table exports read for one request: the
//! reader's scope (a coordinator's street whatever the URL asks), the
//! filter checked against the places, and every read model. The page and
//! the exports both go through here, so an export holds exactly the table
//! the page shows.

use actix_web::web;

use super::{CentreView, DashboardView, GridView, MailboxView, RenovationView, StatsQuery, months, street_for};
use crate::db::places::{self, Place};
use crate::db::screenings::{self, ScreeningTotals};
use crate::domain::place::PlaceKind;
use crate::domain::role::Role;
use crate::resolution::board::{self, Board};
use crate::statistics::dashboard::{self, Dashboard, StatsFilter};
use crate::statistics::grids::{self, Grids};
use crate::statistics::mailbox::{self, Mailbox};
use crate::statistics::people::{self, MediatorTable, Mentorship};
use crate::statistics::renovation::{self, Renovation};
use crate::web::auth::SessionUser;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::read_side::ReadSide;
use crate::web::state::AppState;

/// Every read model of one dashboard view.
pub(super) struct Loaded {
    pub filter: StatsFilter,
    pub grid: Option<String>,
    admin: bool,
    streets: Vec<Place>,
    communities: Vec<Place>,
    grid_places: Vec<Place>,
    scope: Option<String>,
    figures: Dashboard,
    mediators: MediatorTable,
    mentorship: Option<Mentorship>,
    grids: Option<Grids>,
    mailbox: Mailbox,
    renovation: Option<Renovation>,
    screening: ScreeningTotals,
    centre: Board,
}

/// The loaded figures as the page shows them.
pub(super) struct Views {
    pub filter: StatsFilter,
    pub streets: Option<Vec<Choice>>,
    pub communities: Vec<Choice>,
    pub grids: Vec<Choice>,
    pub scope: String,
    pub view: DashboardView,
    pub grid_view: Option<GridView>,
    pub mailbox: MailboxView,
    pub renovation: Option<RenovationView>,
    pub screening: ScreeningTotals,
    pub centre: CentreView,
}

/// The places the filter names, each kept only if it is where it claims to
/// be: an admin's unknown street is refused (district view); a
/// coordinator's street stays theirs even if it matches nothing, so a
/// coordinator never falls back to the district.
struct Scope {
    streets: Vec<Place>,
    street: Option<String>,
    communities: Vec<Place>,
    community: Option<String>,
    grid_places: Vec<Place>,
    grid: Option<String>,
}

fn scope(
    conn: &mut crate::db::DbConn,
    admin: bool,
    street: Option<String>,
    community: &str,
    grid: &str,
) -> diesel::QueryResult<Scope> {
    let streets = places::streets_and_towns(conn)?;
    let street = if admin {
        street.filter(|id| streets.iter().any(|p| &p.id == id))
    } else {
        street
    };
    let communities = match &street {
        Some(id) => places::children(conn, id)?,
        None => Vec::new(),
    };
    let community = Some(community.to_owned())
        .filter(|c| !c.is_empty())
        .filter(|c| communities.iter().any(|p| &p.id == c));
    let grid_places: Vec<Place> = match &community {
        Some(id) => places::children(conn, id)?
            .into_iter()
            .filter(|p| p.kind == PlaceKind::Grid)
            .collect(),
        None => Vec::new(),
    };
    let grid = Some(grid.to_owned())
        .filter(|g| !g.is_empty())
        .filter(|g| grid_places.iter().any(|p| &p.id == g));
    Ok(Scope {
        streets,
        street,
        communities,
        community,
        grid_places,
        grid,
    })
}

pub(super) async fn load(
    state: &web::Data<AppState>,
    side: ReadSide,
    user: &SessionUser,
    query: &StatsQuery,
    mediators_shown: Option<usize>,
    errors: &mut FieldErrors,
) -> Result<Loaded, AppError> {
    let now = crate::db::now_ts();
    let (from, to) = months(query, now, errors);
    let admin = user.role == Role::Admin;
    let street_id = street_for(user.role, user.area_id.as_deref(), &query.street);
    let (community, grid) = (query.community.trim().to_owned(), query.grid.trim().to_owned());
    let loaded = state
        .read(side, move |conn| {
            let s = scope(conn, admin, street_id, &community, &grid)?;
            let filter = StatsFilter {
                from,
                to,
                street_id: s.street.clone(),
                community_id: s.community.clone(),
            };
            let figures = dashboard::load(conn, &filter, now)?;
            let mediators = people::mediator_table(conn, &filter, mediators_shown)?;
            let mentorship = if admin {
                Some(people::mentorship(conn, &filter)?)
            } else {
                None
            };
            // Projects belong to streets and compounds, not communities.
            let renovation = match filter.community_id {
                None => Some(renovation::load(conn, &filter)?),
                Some(_) => None,
            };
            let area = screenings::ScreeningArea {
                street_id: filter.street_id.as_deref(),
                community_id: filter.community_id.as_deref(),
                grid_id: s.grid.as_deref(),
            };
            let screening = screenings::totals(conn, area, filter.from, filter.to)?;
            let scope_name = s
                .street
                .as_ref()
                .and_then(|id| s.streets.iter().find(|p| &p.id == id))
                .map(|p| p.name.clone());
            // The centre's board is kept per street, not per community.
            let centre = board::load(conn, filter.street_id.as_deref(), now)?;
            Ok(Loaded {
                centre,
                grids: grids::load(conn, &filter, s.grid.as_deref())?,
                mailbox: mailbox::load(conn, &filter)?,
                filter,
                grid: s.grid,
                admin,
                streets: s.streets,
                communities: s.communities,
                grid_places: s.grid_places,
                scope: scope_name,
                figures,
                mediators,
                mentorship,
                renovation,
                screening,
            })
        })
        .await?;
    if !query.community.trim().is_empty() && loaded.filter.community_id.is_none() {
        errors.add("community", "form.error.choose");
    }
    if !query.grid.trim().is_empty() && loaded.grid.is_none() {
        errors.add("grid", "form.error.choose");
    }
    if admin && !query.street.trim().is_empty() && loaded.filter.street_id.is_none() {
        errors.add("street", "form.error.choose");
    }
    Ok(loaded)
}

impl Loaded {
    /// The filter as the URL carries it (the street only for an admin: a
    /// coordinator's is fixed), without the leading `?`.
    pub fn export_query(&self, admin: bool) -> String {
        let f = &self.filter;
        let mut q = format!(
            "from={}&to={}",
            crate::domain::statistics::figures::month_text(f.from),
            crate::domain::statistics::figures::month_text(f.to)
        );
        let parts = [
            ("street", f.street_id.as_ref().filter(|_| admin)),
            ("community", f.community_id.as_ref()),
            ("grid", self.grid.as_ref()),
        ];
        // Place ids are generated (hex) and were checked against the
        // places above, so they need no escaping in a URL.
        for (name, value) in parts {
            if let Some(v) = value {
                q.push_str(&format!("&{name}={v}"));
            }
        }
        q
    }

    pub fn views(self, ctx: &PageCtx) -> Views {
        // Retired places still have their figures; their names say so.
        let retired = ctx.t("admin_places.retired");
        let named = |p: &Place| match p.is_retired() {
            true => (p.id.clone(), format!("{}（{retired}）", p.name)),
            false => (p.id.clone(), p.name.clone()),
        };
        let street_choices = self.admin.then(|| {
            choices(
                self.streets.iter().map(named),
                self.filter.street_id.as_deref().unwrap_or(""),
            )
        });
        let communities = choices(
            self.communities.iter().map(named),
            self.filter.community_id.as_deref().unwrap_or(""),
        );
        let grids = choices(self.grid_places.iter().map(named), self.grid.as_deref().unwrap_or(""));
        let view = DashboardView::new(ctx, &self.filter, self.figures, self.mediators, self.mentorship);
        Views {
            streets: street_choices,
            communities,
            grids,
            scope: self.scope.unwrap_or_else(|| ctx.t("stats.district")),
            view,
            grid_view: self.grids.map(|g| GridView::new(ctx, g, &self.grid_places)),
            mailbox: MailboxView::new(ctx, self.mailbox),
            renovation: self.renovation.map(|r| RenovationView::new(ctx, r)),
            screening: self.screening,
            centre: CentreView::new(ctx, &self.centre),
            filter: self.filter,
        }
    }
}
