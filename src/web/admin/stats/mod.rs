//! `/admin/stats`: the statistics dashboard (DESIGN.md §7, issue 13). Admins
//! see the district (or one street); coordinators see their own street
//! only, whatever the URL asks. The filters are a GET form, so a view is a
//! bookmarkable URL. Every figure comes from `statistics::dashboard`.

mod centre_view;
pub mod chart;
pub mod export;
mod load;
mod mailbox_view;
mod renovation_view;
pub mod report;
mod view;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::role::Role;
use crate::domain::statistics::figures::{self, Month};
use crate::web::auth::StatsReader;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors};
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::state::AppState;

pub use centre_view::CentreView;
pub use mailbox_view::MailboxView;
pub use renovation_view::RenovationView;
pub use view::{DashboardView, GridView, MediatorLine};

/// The filters, as the URL carries them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    pub from: String,
    pub to: String,
    pub street: String,
    pub community: String,
    /// A grid of the chosen community (网格), for its own months.
    pub grid: String,
}

/// The months shown when the URL names none: the last twelve.
fn default_range(now: i64) -> (Month, Month) {
    let to = crate::dates::china_month(now);
    let mut from = to;
    for _ in 0..11 {
        from = figures::previous_month(from);
    }
    (from, to)
}

/// The months asked for, each error next to its field; the default range
/// for what is missing or wrong.
pub(crate) fn months(query: &StatsQuery, now: i64, errors: &mut FieldErrors) -> (Month, Month) {
    let (default_from, default_to) = default_range(now);
    let mut parse = |field: &'static str, text: &str, default: Month| {
        if text.trim().is_empty() {
            return default;
        }
        figures::parse_month(text).unwrap_or_else(|| {
            errors.add(field, "stats.error.month");
            default
        })
    };
    let from = parse("from", &query.from, default_from);
    let to = parse("to", &query.to, default_to);
    if from > to {
        errors.add("to", "stats.error.range");
        return (default_from, default_to);
    }
    (from, to)
}

#[derive(Template)]
#[template(path = "admin/stats/dashboard.html")]
struct StatsPage {
    ctx: PageCtx,
    query: StatsQuery,
    errors: FieldErrors,
    /// None for a coordinator: their street is fixed.
    streets: Option<Vec<Choice>>,
    communities: Vec<Choice>,
    grids: Vec<Choice>,
    scope: String,
    view: DashboardView,
    grid_view: Option<GridView>,
    mailbox: MailboxView,
    renovation: Option<RenovationView>,
    /// Screening rounds (排查) held in the chosen months.
    screening: crate::db::screenings::ScreeningTotals,
    /// The resolution centre's live figures (issue 16).
    centre: CentreView,
    /// The monthly statutory report of the range's last month, same scope.
    report_href: String,
    /// The filter as a query string, for each table's CSV/XLSX links.
    export_query: String,
}

/// The street this reader may see: a coordinator's own, or the admin's choice.
pub(crate) fn street_for(role: Role, area: Option<&str>, asked: &str) -> Option<String> {
    match role {
        Role::Admin => Some(asked.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => Some(area.unwrap_or_default().to_owned()),
    }
}

/// Mediators the dashboard lists, the most cases first: a district has
/// thousands, and the table's export has them all.
pub const MEDIATORS_SHOWN: usize = 20;

pub async fn dashboard(
    ctx: PageCtx,
    StatsReader(user): StatsReader,
    state: web::Data<AppState>,
    side: ReadSide,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let loaded = load::load(&state, side, &user, &query, Some(MEDIATORS_SHOWN), &mut errors).await?;
    let admin = user.role == Role::Admin;
    let filter = &loaded.filter;
    let report_href = format!(
        "/admin/stats/report?month={}{}",
        figures::month_text(filter.to),
        filter
            .street_id
            .as_deref()
            .filter(|_| admin)
            .map(|s| format!("&street={s}"))
            .unwrap_or_default()
    );
    let export_query = loaded.export_query(admin);
    let page = loaded.views(&ctx);
    // What was entered stays in the form when it was refused.
    let query = if errors.is_empty() {
        StatsQuery {
            from: figures::month_text(page.filter.from),
            to: figures::month_text(page.filter.to),
            ..query
        }
    } else {
        query
    };
    render::page(&StatsPage {
        ctx,
        query,
        errors,
        streets: page.streets,
        communities: page.communities,
        grids: page.grids,
        scope: page.scope,
        view: page.view,
        grid_view: page.grid_view,
        mailbox: page.mailbox,
        renovation: page.renovation,
        screening: page.screening,
        centre: page.centre,
        report_href,
        export_query,
    })
}
