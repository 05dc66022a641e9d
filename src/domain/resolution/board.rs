//! The centre's board (issue 16 "the centre's view") reads counters, not
//! the referrals, so it stays as fast at a million disputes as at ten.
//! A counter is one cell: a street (or the district roll-up) and a
//! [`CountKey`]. Every referral step moves a few cells by the deltas this
//! module computes, in the step's own transaction.

use crate::domain::mediation::DisputeType;
use crate::domain::resolution::{ChannelType, Outcome, ReferralState};

/// The street id of the district's roll-up cells.
pub const DISTRICT: &str = "*";

/// Seconds in a day, for days to outcome.
const DAY: i64 = 86_400;

/// What one cell counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKey {
    /// Referrals of this channel now in this state.
    State(ChannelType, ReferralState),
    /// Referrals sent, by the dispute's type.
    Type(DisputeType),
    /// Outcomes reported by this channel, and the whole days they took
    /// from sending (their sum: the board divides).
    Outcomes(ChannelType),
    OutcomeDays(ChannelType),
    /// Outcomes reported on a dispute's first referral that resolved it
    /// (agreement, judgment or award): resolved at the first door.
    FirstDoorResolved,
}

impl CountKey {
    /// The stored form: `state:sector_committee:sent`, `type:neighbour`, …
    pub fn code(self) -> String {
        match self {
            CountKey::State(c, s) => format!("state:{}:{}", c.code(), s.code()),
            CountKey::Type(t) => format!("type:{}", t.code()),
            CountKey::Outcomes(c) => format!("outcomes:{}", c.code()),
            CountKey::OutcomeDays(c) => format!("outcome_days:{}", c.code()),
            CountKey::FirstDoorResolved => "first_door_resolved".to_owned(),
        }
    }

    /// Reads a stored code back; `None` for anything else.
    pub fn parse(code: &str) -> Option<CountKey> {
        let mut parts = code.split(':');
        let key = match (parts.next()?, parts.next(), parts.next()) {
            ("state", Some(c), Some(s)) => CountKey::State(ChannelType::parse(c)?, ReferralState::parse(s)?),
            ("type", Some(t), None) => CountKey::Type(DisputeType::parse(t)?),
            ("outcomes", Some(c), None) => CountKey::Outcomes(ChannelType::parse(c)?),
            ("outcome_days", Some(c), None) => CountKey::OutcomeDays(ChannelType::parse(c)?),
            ("first_door_resolved", None, None) => CountKey::FirstDoorResolved,
            _ => return None,
        };
        parts.next().is_none().then_some(key)
    }
}

/// Whether an outcome settles the dispute (a withdrawal or a failure does not).
pub fn resolves(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Agreement | Outcome::Judgment | Outcome::Award)
}

/// A referral as its counters see it.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    pub channel: ChannelType,
    pub dispute_type: DisputeType,
    /// The dispute's first referral (no organisation had it before).
    pub first: bool,
    pub sent_at: i64,
}

/// The cells a new referral adds to.
pub fn on_send(r: &Counted) -> Vec<(CountKey, i64)> {
    vec![
        (CountKey::State(r.channel, ReferralState::Sent), 1),
        (CountKey::Type(r.dispute_type), 1),
    ]
}

/// The cells a step moves: the state cells, and on an outcome its days
/// and whether the first door resolved it.
pub fn on_step(
    r: &Counted,
    from: ReferralState,
    to: ReferralState,
    outcome: Option<Outcome>,
    now: i64,
) -> Vec<(CountKey, i64)> {
    let mut deltas = Vec::new();
    if from != to {
        deltas.push((CountKey::State(r.channel, from), -1));
        deltas.push((CountKey::State(r.channel, to), 1));
    }
    if let (ReferralState::OutcomeReported, Some(outcome)) = (to, outcome) {
        deltas.push((CountKey::Outcomes(r.channel), 1));
        deltas.push((CountKey::OutcomeDays(r.channel), days_between(r.sent_at, now)));
        if r.first && resolves(outcome) {
            deltas.push((CountKey::FirstDoorResolved, 1));
        }
    }
    deltas
}

/// Whole days from `from` to `to`, never negative.
pub fn days_between(from: i64, to: i64) -> i64 {
    (to - from).max(0) / DAY
}

/// An average to one decimal, as the board shows it; `None` with no cases.
pub fn average_tenths(sum: i64, n: i64) -> Option<i64> {
    (n > 0).then(|| (sum * 10 + n / 2) / n)
}

/// A share in whole per cent, rounded; `None` with nothing to share.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 100 + whole / 2) / whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(first: bool) -> Counted {
        Counted {
            channel: ChannelType::SectorCommittee,
            dispute_type: DisputeType::PropertyManagement,
            first,
            sent_at: 1_000_000,
        }
    }

    #[test]
    fn codes_round_trip() {
        let keys = [
            CountKey::State(ChannelType::Notary, ReferralState::OutcomeReported),
            CountKey::Type(DisputeType::Neighbour),
            CountKey::Outcomes(ChannelType::LegalAid),
            CountKey::OutcomeDays(ChannelType::LegalAid),
            CountKey::FirstDoorResolved,
        ];
        for key in keys {
            assert_eq!(CountKey::parse(&key.code()), Some(key), "{}", key.code());
        }
        assert_eq!(CountKey::parse("state:notary"), None);
        assert_eq!(CountKey::parse("type:neighbour:x"), None);
        assert_eq!(CountKey::parse("first_door_resolved:1"), None);
    }

    #[test]
    fn a_send_counts_the_state_and_the_type() {
        let d = on_send(&counted(true));
        assert_eq!(d.len(), 2);
        assert!(d.contains(&(CountKey::Type(DisputeType::PropertyManagement), 1)));
    }

    #[test]
    fn an_outcome_on_the_first_door_counts_its_days_and_resolution() {
        let r = counted(true);
        let now = r.sent_at + 3 * DAY + 100;
        let d = on_step(
            &r,
            ReferralState::Accepted,
            ReferralState::OutcomeReported,
            Some(Outcome::Agreement),
            now,
        );
        assert!(d.contains(&(CountKey::State(r.channel, ReferralState::Accepted), -1)));
        assert!(d.contains(&(CountKey::OutcomeDays(r.channel), 3)));
        assert!(d.contains(&(CountKey::FirstDoorResolved, 1)));
        // A later door, or an outcome that resolves nothing, is not the first door's.
        let later = on_step(
            &counted(false),
            ReferralState::Accepted,
            ReferralState::OutcomeReported,
            Some(Outcome::Agreement),
            now,
        );
        assert!(!later.contains(&(CountKey::FirstDoorResolved, 1)));
        let failed = on_step(
            &r,
            ReferralState::Accepted,
            ReferralState::OutcomeReported,
            Some(Outcome::NotResolved),
            now,
        );
        assert!(!failed.contains(&(CountKey::FirstDoorResolved, 1)));
        assert!(failed.contains(&(CountKey::Outcomes(r.channel), 1)));
    }

    #[test]
    fn an_escalation_moves_nothing() {
        let r = counted(true);
        assert!(on_step(&r, ReferralState::Sent, ReferralState::Sent, None, 0).is_empty());
    }

    #[test]
    fn averages_and_shares_round_and_know_no_data() {
        assert_eq!(average_tenths(7, 2), Some(35));
        assert_eq!(average_tenths(0, 0), None);
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
        assert_eq!(days_between(10, 5), 0);
    }
}
