//! The mediation figures by grid (网格) within one community (issue 13):
//! the grid counters (`Dim::Grid`, kept with the other case counters) summed
//! for the dashboard's months. A community holds a few dozen grids, so the
//! table is bounded; `grid` narrows it to one grid and adds its months.

use std::collections::HashMap;

use diesel::QueryResult;

use super::dashboard::{BreakdownRow, MonthRow, StatsFilter, breakdown, by_month, grouped};
use crate::db::stat_counts::{self, CellFilter, GroupBy};
use crate::db::{DbConn, places};
use crate::domain::statistics::Dim;
use crate::domain::statistics::figures;

#[derive(Debug, Clone)]
pub struct Grids {
    /// Each grid with cases accepted in the months, most first.
    pub rows: Vec<BreakdownRow>,
    /// The grid the URL chose, with its months (同比/环比 as for the district).
    pub chosen: Option<(String, Vec<MonthRow>)>,
}

/// The grids of the filter's community (`None` without one); `grid` must
/// be one of its grids (the caller checks it against [`grid_choices`]).
pub fn load(conn: &mut DbConn, filter: &StatsFilter, grid: Option<&str>) -> QueryResult<Option<Grids>> {
    let Some(community) = filter.community_id.as_deref() else {
        return Ok(None);
    };
    let names: HashMap<String, String> = places::children(conn, community)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let cells = CellFilter {
        from: filter.from,
        to: filter.to,
        street_id: filter.street_id.clone(),
        community_id: Some(community.to_owned()),
        value: grid.map(str::to_owned),
    };
    let rows = breakdown(
        grouped(stat_counts::sums(conn, Dim::Grid, &cells, GroupBy::Value)?),
        &names,
    );
    let chosen = match grid {
        Some(grid) => {
            // A year before the range too, for the first months' 同比 and 环比.
            let earlier = CellFilter {
                from: figures::year_before(figures::previous_month(filter.from)),
                ..cells
            };
            let months = grouped(stat_counts::sums(conn, Dim::Grid, &earlier, GroupBy::Month)?);
            Some((grid.to_owned(), by_month(filter, &months)))
        }
        None => None,
    };
    Ok(Some(Grids { rows, chosen }))
}
