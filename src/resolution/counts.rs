//! Keeps the centre's board counters (`db::centre_counts`) in step with
//! the referrals, inside the transaction that changes them.

use crate::db::cases::Case;
use crate::db::referrals::{self, Referral};
use crate::db::{DbConn, centre_counts};
use crate::domain::resolution::board::{self, Counted};
use crate::domain::resolution::{ChannelType, Outcome, ReferralState};

/// The referral as the counters see it. It is the dispute's first door
/// when no referral of the case was sent before it (the order of
/// `referrals::for_case`, as the migration's first count uses).
fn counted(conn: &mut DbConn, case: &Case, channel: ChannelType, referral: &Referral) -> diesel::QueryResult<Counted> {
    let first = referrals::for_case(conn, &case.id)?
        .first()
        .is_none_or(|r| r.id == referral.id);
    Ok(Counted {
        channel,
        dispute_type: case.dispute_type,
        first,
        sent_at: referral.sent_at,
    })
}

/// Counts a referral just inserted.
pub fn sent(conn: &mut DbConn, case: &Case, channel: ChannelType, referral: &Referral) -> diesel::QueryResult<()> {
    let c = counted(conn, case, channel, referral)?;
    centre_counts::apply(conn, &case.street_id, &board::on_send(&c))
}

/// Counts a step from `from` to `to` of `referral` (as it was before it).
pub fn stepped(
    conn: &mut DbConn,
    case: &Case,
    channel: ChannelType,
    referral: &Referral,
    to: ReferralState,
    outcome: Option<Outcome>,
    now: i64,
) -> diesel::QueryResult<()> {
    let c = counted(conn, case, channel, referral)?;
    let deltas = board::on_step(&c, referral.state, to, outcome, now);
    centre_counts::apply(conn, &case.street_id, &deltas)
}

/// The cells that differ from a recount of the referrals, one line each
/// (`yuanba check-stats`). A missing cell counts as zero.
pub fn differences(conn: &mut DbConn) -> diesel::QueryResult<Vec<String>> {
    use std::collections::BTreeMap;
    let keyed = |cells: Vec<centre_counts::Cell>| -> BTreeMap<(String, String), i64> {
        cells.into_iter().map(|(s, k, n)| ((s, k), n)).collect()
    };
    let stored = keyed(centre_counts::stored(conn)?);
    let expected = keyed(centre_counts::recount(conn)?);
    let mut cells: Vec<&(String, String)> = stored.keys().chain(expected.keys()).collect();
    cells.sort();
    cells.dedup();
    Ok(cells
        .into_iter()
        .filter_map(|cell| {
            let (has, should) = (
                stored.get(cell).copied().unwrap_or(0),
                expected.get(cell).copied().unwrap_or(0),
            );
            (has != should).then(|| format!("centre count {} {}: {has}, recount {should}", cell.0, cell.1))
        })
        .collect())
}

/// Recounts every cell from the referrals (`check-stats --rebuild`).
pub fn rebuild(conn: &mut DbConn) -> diesel::QueryResult<()> {
    crate::db::write_tx(conn, |conn| {
        centre_counts::lock(conn)?;
        let cells = centre_counts::recount(conn)?;
        centre_counts::replace_all(conn, &cells)
    })
}
