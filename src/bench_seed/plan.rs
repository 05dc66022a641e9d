//! Which states a generated case went through, and when: a route through
//! the real workflow (every step is one of `allowed_targets`), timed from
//! the case's creation and never later than now. Pure, so it is tested
//! without a database.

use super::rng::Rng;
use crate::domain::mediation_workflow::CaseState::{self, *};

pub const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// A case's history: each state with the time it was entered.
pub struct Plan {
    pub steps: Vec<(CaseState, i64)>,
    pub on_hold: bool,
}

impl Plan {
    pub fn last(&self) -> (CaseState, i64) {
        *self.steps.last().expect("a plan has at least REGISTERED")
    }

    pub fn entered(&self, state: CaseState) -> Option<i64> {
        self.steps.iter().find(|s| s.0 == state).map(|s| s.1)
    }
}

/// `p_open` is the average chance that a case of the last 90 days is still
/// open; younger cases are more often open than older ones.
pub fn plan(rng: &mut Rng, created_at: i64, now: i64, p_open: f64) -> Plan {
    let age = (now - created_at) / DAY;
    let open = rng.chance(p_open * openness(age));
    let last = if open {
        open_state(rng, age)
    } else {
        closed_state(rng, age)
    };
    let route = route(rng, last);
    let steps = timed(rng, &route, created_at, now);
    Plan {
        on_hold: open && last.deadline_applies() && rng.chance(0.04),
        steps,
    }
}

/// Relative openness by age in days; averages 1 over the last 90 days.
fn openness(age: i64) -> f64 {
    match age {
        0..30 => 2.4,
        30..90 => 0.3,
        _ => 0.0,
    }
}

fn weighted(rng: &mut Rng, table: &[(CaseState, u32)]) -> CaseState {
    let weights: Vec<u32> = table.iter().map(|t| t.1).collect();
    table[rng.weighted(&weights)].0
}

/// An open case: young ones wait for intake, older ones are deeper in.
fn open_state(rng: &mut Rng, age: i64) -> CaseState {
    let table: &[(CaseState, u32)] = match age {
        0..10 => &[
            (Registered, 35),
            (Accepted, 15),
            (Assigned, 20),
            (Investigating, 15),
            (Mediating, 15),
        ],
        10..30 => &[
            (Assigned, 8),
            (Investigating, 12),
            (Mediating, 30),
            (AgreementReview, 10),
            (AgreementEffective, 5),
            (Performing, 10),
            (FollowUp, 10),
            (ClosureReview, 10),
            (Failed, 3),
            (Withdrawn, 2),
        ],
        _ => &[
            (Investigating, 5),
            (Mediating, 25),
            (AgreementReview, 5),
            (Performing, 20),
            (FollowUp, 25),
            (ClosureReview, 10),
            (Failed, 5),
            (Terminated, 2),
            (Withdrawn, 3),
        ],
    };
    weighted(rng, table)
}

/// A finished case: filed (or waiting to be filed), refused or referred.
fn closed_state(rng: &mut Rng, age: i64) -> CaseState {
    let table: &[(CaseState, u32)] = if age < 180 {
        &[(Closed, 40), (Archived, 50), (NotAccepted, 6), (Referred, 4)]
    } else {
        &[(Archived, 85), (Closed, 5), (NotAccepted, 6), (Referred, 4)]
    };
    weighted(rng, table)
}

/// The states from REGISTERED to `last`, choosing the optional steps
/// (investigation, written review, performance period) at random.
pub fn route(rng: &mut Rng, last: CaseState) -> Vec<CaseState> {
    let mut r = vec![Registered];
    if last == Registered {
        return r;
    }
    if matches!(last, NotAccepted | Referred) {
        r.push(last);
        return r;
    }
    for (state, optional) in [
        (Accepted, false),
        (Assigned, false),
        (Investigating, true),
        (Mediating, false),
    ] {
        if !optional || last == state || rng.chance(0.4) {
            r.push(state);
        }
        if last == state {
            return r;
        }
    }
    let ended_without_agreement = match last {
        Failed | Terminated | Withdrawn => Some(last),
        ClosureReview | Closed | Archived if rng.chance(0.15) => Some(*rng.pick(&[Failed, Terminated, Withdrawn])),
        _ => None,
    };
    match ended_without_agreement {
        Some(end) => r.push(end),
        None => {
            for (state, chance) in [
                (AgreementReview, 0.6),
                (AgreementEffective, 1.0),
                (Performing, 0.5),
                (FollowUp, 1.0),
            ] {
                if last == state || rng.chance(chance) {
                    r.push(state);
                }
                if last == state {
                    return r;
                }
            }
        }
    }
    for state in [ClosureReview, Closed, Archived] {
        if r.last() == Some(&last) {
            break;
        }
        r.push(state);
    }
    r
}

/// Typical time from the previous state into `to`, in hours (min, max).
fn gap_hours(to: CaseState) -> (i64, i64) {
    match to {
        Accepted | NotAccepted | Referred | Assigned => (4, 72),
        Investigating => (24, 120),
        Mediating => (24, 168),
        AgreementReview => (72, 360),
        AgreementEffective => (24, 240),
        Failed | Terminated | Withdrawn => (120, 600),
        Performing => (1, 48),
        FollowUp => (120, 720),
        ClosureReview => (72, 360),
        Closed => (24, 120),
        Archived => (120, 1440),
        Registered => (0, 0),
    }
}

/// Times for `route`, squeezed (keeping order) when the case is too young
/// to have lived them all: the last step is never after `now`.
fn timed(rng: &mut Rng, route: &[CaseState], created_at: i64, now: i64) -> Vec<(CaseState, i64)> {
    let gaps: Vec<i64> = route[1..]
        .iter()
        .map(|s| {
            let (lo, hi) = gap_hours(*s);
            rng.between(lo, hi) * HOUR + rng.below(HOUR as u64) as i64
        })
        .collect();
    let total: i64 = gaps.iter().sum();
    let room = (now - created_at - 600).max(0);
    let scale = if total > room {
        room as f64 / total as f64 * (0.6 + 0.4 * rng.below(1000) as f64 / 1000.0)
    } else {
        1.0
    };
    let mut at = created_at;
    let mut steps = vec![(route[0], at)];
    for (state, gap) in route[1..].iter().zip(gaps) {
        at += ((gap as f64 * scale) as i64).max(60);
        steps.push((*state, at));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mediation_workflow::allowed_targets;

    #[test]
    fn every_route_follows_the_workflow_and_ends_where_asked() {
        let mut rng = Rng::new(11);
        for last in CaseState::all() {
            for _ in 0..50 {
                let r = route(&mut rng, last);
                assert_eq!(r.first(), Some(&Registered));
                assert_eq!(r.last(), Some(&last), "{r:?}");
                for pair in r.windows(2) {
                    assert!(allowed_targets(pair[0]).contains(&pair[1]), "{pair:?}");
                }
            }
        }
    }

    #[test]
    fn steps_are_increasing_and_never_in_the_future() {
        let mut rng = Rng::new(5);
        let now = 1_800_000_000;
        for age in [3_600, 2 * DAY, 40 * DAY, 900 * DAY] {
            for _ in 0..200 {
                let p = plan(&mut rng, now - age, now, 0.5);
                assert!(p.steps.windows(2).all(|w| w[0].1 < w[1].1));
                assert!(p.last().1 <= now);
            }
        }
    }

    #[test]
    fn old_cases_are_finished() {
        let mut rng = Rng::new(9);
        let now = 1_800_000_000;
        for _ in 0..500 {
            let last = plan(&mut rng, now - 400 * DAY, now, 1.0).last().0;
            assert!(matches!(last, Closed | Archived | NotAccepted | Referred), "{last:?}");
        }
    }
}
