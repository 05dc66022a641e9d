//! The renovation figures of the statistics dashboard (issue 13): projects
//! by current stage and opinions by channel. Projects are a few hundred per
//! district and their opinions are read through the projects' street index,
//! so these grouped counts stay small; the case figures use counters.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::DbConn;
use super::projects::Project;
use super::schema::{menu_items, opinion_items, opinions, project_items, projects};
use crate::domain::renovation::Stage;

/// (stage code, projects now in it), in one street or the district.
pub fn projects_by_stage(conn: &mut DbConn, street: Option<&str>) -> QueryResult<Vec<(String, i64)>> {
    match street {
        Some(street) => projects::table
            .filter(projects::street_id.eq(street))
            .group_by(projects::stage)
            .select((projects::stage, count_star()))
            .load(conn),
        None => projects::table
            .group_by(projects::stage)
            .select((projects::stage, count_star()))
            .load(conn),
    }
}

/// (channel code, opinions received in `from..to`), for the projects of one
/// street or the district.
pub fn opinions_by_channel(
    conn: &mut DbConn,
    street: Option<&str>,
    from: i64,
    to: i64,
) -> QueryResult<Vec<(String, i64)>> {
    let in_range = opinions::created_at.ge(from).and(opinions::created_at.lt(to));
    match street {
        Some(street) => {
            let ids = projects::table
                .filter(projects::street_id.eq(street.to_owned()))
                .select(projects::id);
            opinions::table
                .filter(in_range)
                .filter(opinions::project_id.eq_any(ids))
                .group_by(opinions::channel)
                .select((opinions::channel, count_star()))
                .load(conn)
        }
        None => opinions::table
            .filter(in_range)
            .group_by(opinions::channel)
            .select((opinions::channel, count_star()))
            .load(conn),
    }
}

/// (compound id, opinions received in `from..to`) for the projects of one
/// street or the district: one row per compound with projects.
pub fn opinions_by_compound(
    conn: &mut DbConn,
    street: Option<&str>,
    from: i64,
    to: i64,
) -> QueryResult<Vec<(String, i64)>> {
    let mut query = opinions::table
        .inner_join(projects::table.on(projects::id.eq(opinions::project_id)))
        .filter(opinions::created_at.ge(from).and(opinions::created_at.lt(to)))
        .group_by(projects::compound_id)
        .select((projects::compound_id, count_star()))
        .into_boxed();
    if let Some(street) = street {
        query = query.filter(projects::street_id.eq(street.to_owned()));
    }
    query.load(conn)
}

/// (menu class, choice, answers) of the intention forms received in
/// `from..to`: what residents said of each class of the national menu.
pub fn answers_by_class(
    conn: &mut DbConn,
    street: Option<&str>,
    from: i64,
    to: i64,
) -> QueryResult<Vec<(String, String, i64)>> {
    let mut query = opinion_items::table
        .inner_join(opinions::table.on(opinions::id.eq(opinion_items::opinion_id)))
        .inner_join(projects::table.on(projects::id.eq(opinions::project_id)))
        .inner_join(project_items::table.on(project_items::id.eq(opinion_items::project_item_id)))
        .inner_join(menu_items::table.on(menu_items::id.eq(project_items::menu_item_id)))
        .filter(opinions::created_at.ge(from).and(opinions::created_at.lt(to)))
        .group_by((menu_items::class, opinion_items::choice))
        .select((menu_items::class, opinion_items::choice, count_star()))
        .into_boxed();
    if let Some(street) = street {
        query = query.filter(projects::street_id.eq(street.to_owned()));
    }
    query.load(conn)
}

/// The projects now in the voting stage (表决), at most `limit`, oldest
/// vote first: a district has a handful at a time.
pub fn voting_projects(conn: &mut DbConn, street: Option<&str>, limit: i64) -> QueryResult<Vec<Project>> {
    let mut query = projects::table
        .filter(projects::stage.eq(Stage::Voting.code()))
        .select(Project::as_select())
        .into_boxed();
    if let Some(street) = street {
        query = query.filter(projects::street_id.eq(street.to_owned()));
    }
    query
        .order((projects::stage_started_at.asc(), projects::id.asc()))
        .limit(limit)
        .load(conn)
}
