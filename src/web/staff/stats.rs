//! `/staff/stats/me`: a mediator's own figures (issue 13), from the same
//! counters as the dashboard.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db;
use crate::domain::statistics::figures;
use crate::statistics::dashboard::StatsFilter;
use crate::statistics::people;
use crate::web::admin::stats::{MediatorLine, StatsQuery, months};
use crate::web::auth::Mediator;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/stats_me.html")]
struct MyStatsPage {
    ctx: PageCtx,
    query: StatsQuery,
    errors: FieldErrors,
    me: MediatorLine,
}

/// `/staff/stats/me`: a mediator's own figures, over the cases they led
/// anywhere in the district.
pub async fn my_figures(
    ctx: PageCtx,
    Mediator(user): Mediator,
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let (from, to) = months(&query, db::now_ts(), &mut errors);
    let filter = StatsFilter {
        from,
        to,
        street_id: None,
        community_id: None,
    };
    let user_id = user.id.clone();
    let row = state
        .db(move |conn| Ok(people::one_mediator(conn, &filter, &user_id)?))
        .await?;
    let query = if errors.is_empty() {
        StatsQuery {
            from: figures::month_text(from),
            to: figures::month_text(to),
            ..Default::default()
        }
    } else {
        query
    };
    let me = MediatorLine::new(row);
    render::page(&MyStatsPage { ctx, query, errors, me })
}
