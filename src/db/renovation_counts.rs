//! The renovation figures of the statistics dashboard (issue 13): projects
//! by current stage and opinions by channel. Projects are a few hundred per
//! district and their opinions are read through the projects' street index,
//! so these grouped counts stay small; the case figures use counters.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{opinions, projects};

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
