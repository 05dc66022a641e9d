//! The renovation figures (微整形, DESIGN.md §7): projects by stage and
//! opinions by channel, for a street or the district.

use diesel::QueryResult;

use super::dashboard::StatsFilter;
use crate::db::{DbConn, renovation_counts};
use crate::domain::renovation::{Channel, Stage};
use crate::domain::statistics::figures;

#[derive(Debug, Clone)]
pub struct Renovation {
    /// Every stage in order, with the projects now in it.
    pub stages: Vec<(Stage, i64)>,
    /// Every channel, with the opinions received in the filter's months.
    pub channels: Vec<(Channel, i64)>,
}

pub fn load(conn: &mut DbConn, filter: &StatsFilter) -> QueryResult<Renovation> {
    let street = filter.street_id.as_deref();
    let stages = renovation_counts::projects_by_stage(conn, street)?;
    let from = crate::dates::month_start(filter.from);
    let to = crate::dates::month_start(figures::next_month(filter.to));
    let channels = renovation_counts::opinions_by_channel(conn, street, from, to)?;
    let count = |rows: &[(String, i64)], code: &str| rows.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n);
    Ok(Renovation {
        stages: Stage::ALL.iter().map(|s| (*s, count(&stages, s.code()))).collect(),
        channels: Channel::ALL.iter().map(|c| (*c, count(&channels, c.code()))).collect(),
    })
}
