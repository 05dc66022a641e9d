//! `/admin/stats`: the statistics dashboard (DESIGN.md §7, issue 13). Admins
//! see the district (or one street); coordinators see their own street
//! only, whatever the URL asks. The filters are a GET form, so a view is a
//! bookmarkable URL. Every figure comes from `statistics::dashboard`.

pub mod chart;
pub mod report;
mod view;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::{self, places};
use crate::domain::role::Role;
use crate::domain::statistics::figures::{self, Month};
use crate::statistics::dashboard::{self, StatsFilter};
use crate::statistics::{people, renovation};
use crate::web::auth::StatsReader;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

pub use view::{DashboardView, MediatorLine, RenovationView};

/// The filters, as the URL carries them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    pub from: String,
    pub to: String,
    pub street: String,
    pub community: String,
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
    scope: String,
    view: DashboardView,
    renovation: Option<RenovationView>,
    /// Screening rounds (排查) held in the chosen months.
    screening: crate::db::screenings::ScreeningTotals,
    /// The monthly statutory report of the range's last month, same scope.
    report_href: String,
}

/// The street this reader may see: a coordinator's own, or the admin's choice.
pub(crate) fn street_for(role: Role, area: Option<&str>, asked: &str) -> Option<String> {
    match role {
        Role::Admin => Some(asked.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => Some(area.unwrap_or_default().to_owned()),
    }
}

pub async fn dashboard(
    ctx: PageCtx,
    StatsReader(user): StatsReader,
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let now = db::now_ts();
    let (from, to) = months(&query, now, &mut errors);
    let admin = user.role == Role::Admin;
    let street_id = street_for(user.role, user.area_id.as_deref(), &query.street);
    let (asked_street, asked_community) = (query.street.trim().to_owned(), query.community.trim().to_owned());
    let lang = ctx.lang;
    let community_asked = asked_community.clone();
    let loaded = state
        .db(move |conn| {
            let streets = places::streets_and_towns(conn)?;
            // An admin's unknown street is refused (district view); a
            // coordinator's street stays theirs even if it matches nothing,
            // so a coordinator never falls back to the district.
            let known = |id: &String| streets.iter().any(|p| &p.id == id);
            let street = if admin { street_id.filter(known) } else { street_id };
            let communities = match &street {
                Some(id) => places::children(conn, id)?,
                None => Vec::new(),
            };
            let community = Some(community_asked)
                .filter(|c| !c.is_empty())
                .filter(|c| communities.iter().any(|p| &p.id == c));
            let filter = StatsFilter {
                from,
                to,
                street_id: street.clone(),
                community_id: community,
            };
            let figures = dashboard::load(conn, &filter, now)?;
            let mediators = people::mediator_table(conn, &filter)?;
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
            let screening = crate::db::screenings::totals(
                conn,
                filter.street_id.as_deref(),
                filter.community_id.as_deref(),
                filter.from,
                filter.to,
            )?;
            let renovation = (renovation, screening);
            let scope = street
                .as_ref()
                .and_then(|id| streets.iter().find(|p| &p.id == id))
                .map(|p| p.name.clone());
            let people = (mediators, mentorship);
            Ok((streets, communities, scope, filter, figures, people, renovation))
        })
        .await?;
    let (streets, communities, scope, filter, figures, (mediators, mentorship), renovation) = loaded;
    if !asked_community.is_empty() && filter.community_id.is_none() {
        errors.add("community", "form.error.choose");
    }
    if admin && !asked_street.is_empty() && filter.street_id.is_none() {
        errors.add("street", "form.error.choose");
    }
    // Retired places still have their figures; their names say so.
    let retired = crate::i18n::t(lang, "admin_places.retired");
    let named = |p: places::Place| match p.is_retired() {
        true => (p.id, format!("{}（{retired}）", p.name)),
        false => (p.id, p.name),
    };
    let street_choices = admin.then(|| {
        choices(
            streets.into_iter().map(&named),
            filter.street_id.as_deref().unwrap_or(""),
        )
    });
    let community_choices = choices(
        communities.into_iter().map(&named),
        filter.community_id.as_deref().unwrap_or(""),
    );
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
    let view = DashboardView::new(&ctx, &filter, figures, mediators, mentorship);
    let (renovation, screening) = renovation;
    let renovation = renovation.map(|r| RenovationView::new(&ctx, r));
    let scope = scope.unwrap_or_else(|| crate::i18n::t(lang, "stats.district"));
    // What was entered stays in the form when it was refused.
    let query = if errors.is_empty() {
        StatsQuery {
            from: figures::month_text(filter.from),
            to: figures::month_text(filter.to),
            ..query
        }
    } else {
        query
    };
    render::page(&StatsPage {
        ctx,
        query,
        errors,
        streets: street_choices,
        communities: community_choices,
        scope,
        view,
        renovation,
        screening,
        report_href,
    })
}
