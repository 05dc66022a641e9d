//! What the public tally says about each threshold (DESIGN.md §4.3).
//!
//! The arithmetic is `consensus`'s; this module decides the sentence, so a
//! resident is never told a bound is met when nobody has voted, never told
//! "0.00 m²" is missing, and never shown a shortfall that could not be made
//! up. Art. 278 counts owners (人), not households, so the headcount is
//! worded as people.

use super::consensus::{AreaCentiM2, Count, Tally};

/// The state of one threshold, as the page words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The population is empty: there is nobody who could decide.
    NoPopulation,
    /// Nobody has taken part yet (said instead of any approval claim).
    NoOneYet,
    Met,
    /// What is still missing; a component is `None` when nothing is
    /// missing on that axis, so only what is missing is shown.
    Short {
        area: Option<AreaCentiM2>,
        owners: Option<u64>,
    },
}

fn short(missing: Count) -> Standing {
    Standing::Short {
        area: (missing.area > AreaCentiM2::ZERO).then_some(missing.area),
        owners: (missing.owners > 0).then_some(missing.owners),
    }
}

fn empty(count: Count) -> bool {
    count.area == AreaCentiM2::ZERO && count.owners == 0
}

/// Turnout: at least two thirds of the area and of the owners take part.
pub fn turnout(t: &Tally) -> Standing {
    if empty(t.total) {
        Standing::NoPopulation
    } else if t.turnout_met {
        Standing::Met
    } else {
        short(t.turnout_still_needed)
    }
}

/// Approval, among those who take part. With nobody taking part there is
/// no approval to speak of, whatever the arithmetic of zero says.
pub fn approval(t: &Tally) -> Standing {
    if empty(t.total) {
        Standing::NoPopulation
    } else if empty(t.participating) {
        Standing::NoOneYet
    } else if t.approval_met {
        Standing::Met
    } else {
        short(t.approval_still_needed)
    }
}

/// How far a threshold is reached, in whole percent (0–100): the lesser of
/// the two axes, since both must be met. `got` is what counts so far and
/// `missing` what is still needed on top of it.
pub fn progress_percent(got: Count, missing: Count) -> u8 {
    let axis = |got: i128, missing: i128| -> i128 {
        if missing <= 0 {
            100
        } else {
            (got.max(0) * 100 / (got.max(0) + missing)).clamp(0, 100)
        }
    };
    let area = axis(got.area.0.into(), missing.area.0.into());
    let owners = axis(got.owners.into(), missing.owners.into());
    u8::try_from(area.min(owners)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consensus::{Ballot, Choice, DecisionRule, Holder, Unit, tally};

    fn units(areas: &[i64]) -> Vec<Unit> {
        areas
            .iter()
            .enumerate()
            .map(|(i, a)| Unit {
                unit: format!("u{i}"),
                area: AreaCentiM2(*a),
                holder: Holder::Owner(format!("o{i}")),
            })
            .collect()
    }

    fn votes(choices: &[(usize, Choice)]) -> Vec<Ballot> {
        choices
            .iter()
            .enumerate()
            .map(|(seq, (u, c))| Ballot {
                unit: format!("u{u}"),
                seq: seq as u64 + 1,
                choice: *c,
            })
            .collect()
    }

    #[test]
    fn nobody_voting_is_not_approval_even_for_a_special_item() {
        let t = tally(DecisionRule::Special, &units(&[8_000, 9_000, 10_000]), &[]);
        assert_eq!(approval(&t), Standing::NoOneYet);
        assert!(matches!(
            turnout(&t),
            Standing::Short {
                area: Some(_),
                owners: Some(2)
            }
        ));
    }

    #[test]
    fn an_empty_population_can_never_pass_and_says_so() {
        let t = tally(DecisionRule::Ordinary, &[], &[]);
        assert_eq!(turnout(&t), Standing::NoPopulation);
        assert_eq!(approval(&t), Standing::NoPopulation);
    }

    #[test]
    fn only_missing_components_are_shown() {
        // Two of three equal units take part: owners 2 of 3 meet 2/3, and
        // area 2/3 too; one big unit alone meets area but not owners.
        let big = units(&[80_000, 1_000, 1_000]);
        let t = tally(DecisionRule::Ordinary, &big, &votes(&[(0, Choice::Yes)]));
        assert_eq!(
            turnout(&t),
            Standing::Short {
                area: None,
                owners: Some(1)
            }
        );
        let t = tally(
            DecisionRule::Ordinary,
            &big,
            &votes(&[(1, Choice::Yes), (2, Choice::Yes)]),
        );
        assert!(matches!(
            turnout(&t),
            Standing::Short {
                area: Some(_),
                owners: None
            }
        ));
    }

    #[test]
    fn an_abstention_takes_part_but_approval_is_still_short() {
        let t = tally(
            DecisionRule::Ordinary,
            &units(&[100, 100, 100]),
            &votes(&[(0, Choice::Abstain)]),
        );
        assert!(matches!(approval(&t), Standing::Short { .. }));
    }

    #[test]
    fn progress_is_the_lesser_axis_and_bounded() {
        let c = |area, owners| Count {
            area: AreaCentiM2(area),
            owners,
        };
        assert_eq!(progress_percent(c(0, 0), c(100, 2)), 0);
        assert_eq!(progress_percent(c(50, 1), c(50, 1)), 50);
        assert_eq!(progress_percent(c(90, 1), c(10, 3)), 25, "owners lag behind area");
        assert_eq!(progress_percent(c(100, 3), c(0, 0)), 100);
        assert_eq!(progress_percent(c(0, 0), c(0, 0)), 100, "nothing missing is met");
    }
}
