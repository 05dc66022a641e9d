//! The resolution centre's figures on the dashboard (issue 16: "these
//! figures also go into the statistics dashboard"): referrals per channel
//! and state, their average days to an outcome and the share resolved at
//! the first door, for the dashboard's street or the district. They are
//! the board's live counters (`resolution::board`), so they cost the same
//! at a million disputes and do not follow the month filter.

use super::view::Tile;
use crate::domain::resolution::ReferralState;
use crate::resolution::board::{Board, OVERDUE_LIMIT};
use crate::web::context::PageCtx;

/// One channel's row: its referrals in each state, outcomes and days.
pub struct ChannelRow {
    pub channel: String,
    pub code: &'static str,
    /// In the order of `ReferralState::ALL`.
    pub states: Vec<i64>,
    pub outcomes: i64,
    pub average_days: String,
}

pub struct CentreView {
    pub tiles: Vec<Tile>,
    pub state_labels: Vec<String>,
    pub rows: Vec<ChannelRow>,
}

impl CentreView {
    pub fn new(ctx: &PageCtx, board: &Board) -> Self {
        let tile = |id: &'static str, value: String| Tile {
            id,
            label: ctx.t(format!("stats.figure.{id}")),
            value,
        };
        let sum_state = |s: ReferralState| -> i64 {
            let at = ReferralState::ALL.iter().position(|x| *x == s).unwrap_or(0);
            board.channels.iter().map(|c| c.states[at]).sum()
        };
        let in_hand = sum_state(ReferralState::Sent) + sum_state(ReferralState::Accepted);
        // The board lists the oldest overdue referrals up to its limit.
        let overdue = match board.overdue.len() as i64 {
            n if n >= OVERDUE_LIMIT => format!("≥{OVERDUE_LIMIT}"),
            n => n.to_string(),
        };
        let first_door = board
            .first_door_percent
            .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
        CentreView {
            tiles: vec![
                tile("referrals_in_hand", in_hand.to_string()),
                tile("referrals_overdue", overdue),
                tile("referral_outcomes", board.outcomes.to_string()),
                tile("first_door", first_door),
            ],
            state_labels: ReferralState::ALL.iter().map(|s| ctx.label(s)).collect(),
            rows: board
                .channels
                .iter()
                .map(|c| ChannelRow {
                    channel: ctx.label(&c.channel),
                    code: c.channel.code(),
                    states: c.states.clone(),
                    outcomes: c.outcomes,
                    average_days: c.average_text(),
                })
                .collect(),
        }
    }
}
