//! The centre's board (issue 16): what the counters say for the district
//! or one street, and the overdue referrals, oldest first.

use crate::db::{DbConn, centre_counts, places, referrals};
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::board::{CountKey, DISTRICT, average_tenths, percent};
use crate::domain::resolution::{ChannelType, ReferralState};
use crate::domain::role::Role;
use crate::domain::viewer::Viewer;

use super::views::{self, ReferralRow};

/// How many overdue referrals the board lists.
pub const OVERDUE_LIMIT: i64 = 20;

/// One channel's line: referrals per state, outcomes and their average days.
pub struct ChannelLine {
    pub channel: ChannelType,
    /// In the order of `ReferralState::ALL`.
    pub states: Vec<i64>,
    pub outcomes: i64,
    /// Average days from sending to outcome, in tenths.
    pub average_tenths: Option<i64>,
}

impl ChannelLine {
    /// `3.5` from 35 tenths; empty with no outcome yet.
    pub fn average_text(&self) -> String {
        self.average_tenths
            .map(|t| format!("{}.{}", t / 10, t % 10))
            .unwrap_or_default()
    }
}

/// One street's line of the district board.
pub struct StreetLine {
    pub street: String,
    pub total: i64,
    /// Its types with a count, most first.
    pub types: Vec<(DisputeType, i64)>,
}

pub struct Board {
    /// The street the board is for; `None` for the district.
    pub street: Option<String>,
    pub channels: Vec<ChannelLine>,
    pub types: Vec<(DisputeType, i64)>,
    pub streets: Vec<StreetLine>,
    pub overdue: Vec<ReferralRow>,
    pub outcomes: i64,
    pub first_door_resolved: i64,
    pub first_door_percent: Option<i64>,
}

/// The area a viewer's board covers: the district for an admin, their
/// street for a coordinator; `None` for anyone else.
pub fn area_of(viewer: &Viewer) -> Option<Option<String>> {
    match viewer.role {
        Role::Admin => Some(None),
        Role::Coordinator => viewer.area_id.clone().map(Some),
        _ => None,
    }
}

pub fn load(conn: &mut DbConn, street: Option<&str>, now: i64) -> diesel::QueryResult<Board> {
    let cells = centre_counts::of_area(conn, street.unwrap_or(DISTRICT))?;
    let get = |key: CountKey| cells.iter().find(|(k, _)| *k == key).map_or(0, |(_, n)| *n);
    let mut channels = Vec::new();
    let mut outcomes = 0;
    for &channel in ChannelType::ALL {
        let states: Vec<i64> = ReferralState::ALL
            .iter()
            .map(|&s| get(CountKey::State(channel, s)))
            .collect();
        let n = get(CountKey::Outcomes(channel));
        outcomes += n;
        if states.iter().any(|&c| c > 0) {
            channels.push(ChannelLine {
                channel,
                states,
                outcomes: n,
                average_tenths: average_tenths(get(CountKey::OutcomeDays(channel)), n),
            });
        }
    }
    let first_door_resolved = get(CountKey::FirstDoorResolved);
    let overdue = referrals::overdue_in(conn, street, now, OVERDUE_LIMIT)?;
    Ok(Board {
        street: street.map(str::to_owned),
        channels,
        types: type_counts(cells.iter().map(|(k, n)| (*k, *n))),
        streets: if street.is_none() {
            street_lines(conn)?
        } else {
            Vec::new()
        },
        overdue: views::rows(conn, overdue, now)?,
        outcomes,
        first_door_resolved,
        first_door_percent: percent(first_door_resolved, outcomes),
    })
}

/// The type cells among `cells`, most first.
fn type_counts(cells: impl Iterator<Item = (CountKey, i64)>) -> Vec<(DisputeType, i64)> {
    let mut types: Vec<(DisputeType, i64)> = cells
        .filter_map(|(k, n)| match k {
            CountKey::Type(t) if n > 0 => Some((t, n)),
            _ => None,
        })
        .collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.code().cmp(b.0.code())));
    types
}

/// Every street with referrals, by name, with its types.
fn street_lines(conn: &mut DbConn) -> diesel::QueryResult<Vec<StreetLine>> {
    let cells = centre_counts::by_street(conn)?;
    let mut lines = Vec::new();
    for street in places::streets_and_towns(conn)? {
        let types = type_counts(
            cells
                .iter()
                .filter(|(s, _, _)| *s == street.id)
                .map(|(_, k, n)| (*k, *n)),
        );
        if !types.is_empty() {
            lines.push(StreetLine {
                street: street.name,
                total: types.iter().map(|(_, n)| n).sum(),
                types,
            });
        }
    }
    Ok(lines)
}
