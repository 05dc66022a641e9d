//! Consensus tally under PRC Civil Code Art. 278 / 279 (DESIGN.md §4.3).
//!
//! Pure and integer-only. Area is kept in hundredths of m² and every bound is
//! decided by cross-multiplying, so an "at least 2/3" (以上, inclusive) or a
//! "more than half" (过半数, strict) edge can never be lost to float rounding.
//! Products are formed in `i128`, so no realistic input can overflow.
//!
//! The caller supplies the deciding population (compound, building or entrance,
//! or for Art. 279 the interested owners) and the *counted* ballots only: per
//! §4.4, an online answer without a valid household code is an opinion, not a
//! vote, and must be filtered out before it gets here.

use std::collections::BTreeMap;
use std::fmt;

use super::vocabulary::vocabulary;

/// Registered exclusive area in hundredths of a square metre (2737.50 m² is `AreaCentiM2(273_750)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AreaCentiM2(pub i64);

impl AreaCentiM2 {
    pub const ZERO: Self = Self(0);

    /// The raw integer, in hundredths of m² (what the database stores).
    pub fn centi(self) -> i64 {
        self.0
    }

    /// Plain m² with two decimals, e.g. `"2737.50"` (no thousands separator).
    pub fn as_m2_string(&self) -> String {
        self.to_string()
    }

    /// Parses a non-negative m² figure with at most two decimals ("80", "80.5",
    /// "80.25"), as found in an import CSV. Anything finer than a hundredth is
    /// rejected rather than rounded, so an import never silently changes area.
    pub fn parse_m2(s: &str) -> Option<Self> {
        let s = s.trim();
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || frac.len() > 2 || !digits(whole) || !digits(frac) {
            return None;
        }
        let cents = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse::<i64>().ok()?,
        };
        let whole = whole.parse::<i64>().ok()?;
        whole.checked_mul(100)?.checked_add(cents).map(Self)
    }
}

impl fmt::Display for AreaCentiM2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

vocabulary! {
    /// Which Art. 278 / 279 threshold a matter needs. Staff record it per item.
    pub enum DecisionRule: "rule." {
        /// Art. 278 ¶1 (1)(7)(8)(9) matters such as 改建、重建: ≥ 3/4 of participants.
        Special = "special",
        /// All other matters, including *using* maintenance funds: > 1/2 of participants.
        Ordinary = "ordinary",
        /// Art. 279 (住改商): every interested owner must consent.
        Unanimity = "unanimity",
    }
}

vocabulary! {
    /// A counted expression of will. `Abstain` still takes part (it counts toward
    /// turnout and toward the participating base) but is not a yes.
    pub enum Choice: "choice." { Yes = "yes", No = "no", Abstain = "abstain" }
}

/// Who holds a unit, for the SPC 2020 interpretation Art. 9 headcount.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Holder {
    /// A private owner, by a stable key (e.g. owner id). Units with the same key
    /// belong to one owner, who counts once however many units they hold.
    Owner(String),
    /// An unsold developer unit. All of them together count as one owner.
    UnsoldDeveloper,
}

/// One unit of the deciding population. Unit keys must be unique in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub unit: String,
    pub area: AreaCentiM2,
    pub holder: Holder,
}

/// A counted vote on a unit. `seq` orders ballots in time (e.g. the position in
/// the append-only ballot log); the highest `seq` is the latest expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub unit: String,
    pub seq: u64,
    pub choice: Choice,
}

/// An amount measured both ways the law measures it: by area and by headcount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub area: AreaCentiM2,
    /// Owners in the Art. 9 sense (one per owner; all unsold developer units = 1).
    pub owners: u64,
}

impl Count {
    pub const ZERO: Self = Self {
        area: AreaCentiM2::ZERO,
        owners: 0,
    };

    /// Applies `f` to both axes in `i128` (so `4 * x` cannot overflow),
    /// saturating back; saturation is only reachable at the types' extremes.
    fn per_axis(self, f: impl Fn(i128) -> i128) -> Self {
        let area = f(self.area.0.into());
        let owners = f(self.owners.into());
        Self {
            area: AreaCentiM2(i64::try_from(area).unwrap_or(i64::MAX)),
            owners: u64::try_from(owners).unwrap_or(if owners < 0 { 0 } else { u64::MAX }),
        }
    }

    /// True when `rel` holds on the area axis *and* the headcount axis.
    fn both(self, other: Self, rel: impl Fn(i128, i128) -> bool) -> bool {
        rel(self.area.0.into(), other.area.0.into()) && rel(self.owners.into(), other.owners.into())
    }

    /// How far `self` is short of `target` on each axis (0 where already met).
    fn shortfall_to(self, target: Self) -> Self {
        Self {
            area: AreaCentiM2(target.area.0.saturating_sub(self.area.0).max(0)),
            owners: target.owners.saturating_sub(self.owners),
        }
    }
}

/// The live, public result for one matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub rule: DecisionRule,
    /// A and N of the deciding population.
    pub total: Count,
    pub participating: Count,
    pub yes: Count,
    /// Smallest participation that satisfies turnout (≥ 2/3 of A and of N).
    pub turnout_target: Count,
    /// Smallest yes count that satisfies approval, given current participation.
    pub approval_target: Count,
    pub turnout_met: bool,
    pub approval_met: bool,
    pub passes: bool,
    /// "Still needed" for turnout: more participating area / owners.
    pub turnout_still_needed: Count,
    /// "Still needed" for approval: more yes area / owners at current participation.
    pub approval_still_needed: Count,
}

impl Tally {
    /// Assesses already-aggregated counts (useful when the database sums them).
    /// `yes` must be a subset of `participating`, itself a subset of `total`.
    ///
    /// An empty population (N = 0) never passes: the law presumes owners who
    /// decide, and "2/3 of nobody" must not approve anything by vacuous truth.
    /// Its still-needed figures are all zero because no vote can change that.
    pub fn from_counts(rule: DecisionRule, total: Count, participating: Count, yes: Count) -> Self {
        let live = total.owners > 0;
        let turnout_target = total.per_axis(|t| at_least(2, 3, t));
        let approval_target = match rule {
            DecisionRule::Special => participating.per_axis(|p| at_least(3, 4, p)),
            DecisionRule::Ordinary => participating.per_axis(|p| more_than(1, 2, p)),
            DecisionRule::Unanimity => total,
        };
        // The bounds exactly as DESIGN.md §4.3 writes them; the targets above
        // are their closed forms, and the tests check that the two agree.
        let turnout_met = live && participating.both(total, |p, a| 3 * p >= 2 * a);
        let approval_met = live
            && match rule {
                DecisionRule::Special => yes.both(participating, |y, p| 4 * y >= 3 * p),
                DecisionRule::Ordinary => yes.both(participating, |y, p| 2 * y > p),
                // Every owner voted yes; this implies full turnout as well.
                DecisionRule::Unanimity => yes == total,
            };
        let gate = |c: Count| if live { c } else { Count::ZERO };
        Self {
            rule,
            total,
            participating,
            yes,
            turnout_target,
            approval_target,
            turnout_met,
            approval_met,
            passes: turnout_met && approval_met,
            turnout_still_needed: gate(participating.shortfall_to(turnout_target)),
            approval_still_needed: gate(yes.shortfall_to(approval_target)),
        }
    }
}

/// Smallest integer x with `q * x >= p * total` ("at least p/q", 以上).
fn at_least(p: i128, q: i128, total: i128) -> i128 {
    (p * total + q - 1).div_euclid(q)
}

/// Smallest integer x with `q * x > p * total` ("more than p/q", 过半数):
/// the strict bound needs one more than the floor.
fn more_than(p: i128, q: i128, total: i128) -> i128 {
    (p * total).div_euclid(q) + 1
}

/// Art. 9 identity of an owner: a private owner's key, or the developer as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum OwnerId<'a> {
    Person(&'a str),
    Developer,
}

impl Holder {
    fn id(&self) -> OwnerId<'_> {
        match self {
            Self::Owner(key) => OwnerId::Person(key),
            Self::UnsoldDeveloper => OwnerId::Developer,
        }
    }
}

#[derive(Debug, Default)]
struct OwnerState {
    area: i64,
    latest: Option<(u64, Choice)>,
}

/// A and N of a population: total exclusive area, and the owner headcount with
/// one owner of several units counted once and all unsold developer units once.
pub fn population_totals(units: &[Unit]) -> Count {
    sum_owners(&owners_of(units), |_| true)
}

/// Tallies `ballots` over the population `units` under `rule`.
///
/// Participation is by owner: an owner's latest ballot on any of their units
/// applies to all of their area. Ballots on units outside `units` are ignored.
// An owner's latest ballot (highest `seq`, ties going to the later slice entry)
// on ANY of their units applies to ALL their units' area. Art. 9 counts the owner
// once by head, so their area must follow the same single expression; otherwise
// one person could be "yes" by area and "no" by head. It also extends §4.2's
// "latest expression counts, once" from a household to an owner, and keeps the
// result independent of which unit's code the owner happened to use. The
// developer's unsold units form one owner and follow the same rule.
pub fn tally(rule: DecisionRule, units: &[Unit], ballots: &[Ballot]) -> Tally {
    let mut owners = owners_of(units);
    let unit_owner: BTreeMap<&str, OwnerId<'_>> = units.iter().map(|u| (u.unit.as_str(), u.holder.id())).collect();
    for ballot in ballots {
        let state = unit_owner.get(ballot.unit.as_str()).and_then(|id| owners.get_mut(id));
        if let Some(state) = state {
            if !matches!(state.latest, Some((seq, _)) if seq > ballot.seq) {
                state.latest = Some((ballot.seq, ballot.choice));
            }
        }
    }
    Tally::from_counts(
        rule,
        sum_owners(&owners, |_| true),
        sum_owners(&owners, |c| c.is_some()),
        sum_owners(&owners, |c| c == Some(Choice::Yes)),
    )
}

fn owners_of(units: &[Unit]) -> BTreeMap<OwnerId<'_>, OwnerState> {
    let mut owners: BTreeMap<OwnerId<'_>, OwnerState> = BTreeMap::new();
    for unit in units {
        owners.entry(unit.holder.id()).or_default().area += unit.area.0;
    }
    owners
}

fn sum_owners(owners: &BTreeMap<OwnerId<'_>, OwnerState>, keep: impl Fn(Option<Choice>) -> bool) -> Count {
    owners
        .values()
        .filter(|o| keep(o.latest.map(|(_, choice)| choice)))
        .fold(Count::ZERO, |acc, o| Count {
            area: AreaCentiM2(acc.area.0 + o.area),
            owners: acc.owners + 1,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecisionRule::{Ordinary, Special, Unanimity};

    fn unit(id: &str, centi: i64, owner: &str) -> Unit {
        Unit {
            unit: id.to_owned(),
            area: AreaCentiM2(centi),
            holder: Holder::Owner(owner.to_owned()),
        }
    }

    fn dev_unit(id: &str, centi: i64) -> Unit {
        Unit {
            unit: id.to_owned(),
            area: AreaCentiM2(centi),
            holder: Holder::UnsoldDeveloper,
        }
    }

    /// One single-unit owner per area; unit and owner keys are "u{i}" / "o{i}".
    fn singles(areas: &[i64]) -> Vec<Unit> {
        areas
            .iter()
            .enumerate()
            .map(|(i, &a)| unit(&format!("u{i}"), a, &format!("o{i}")))
            .collect()
    }

    fn votes(choices: &[(usize, Choice)]) -> Vec<Ballot> {
        let ballot = |(seq, &(i, choice))| Ballot {
            unit: format!("u{i}"),
            seq,
            choice,
        };
        (0u64..).zip(choices).map(ballot).collect()
    }

    fn count(centi: i64, owners: u64) -> Count {
        Count {
            area: AreaCentiM2(centi),
            owners,
        }
    }

    /// Building 3 of DESIGN.md §4.3: unit "u0" belongs to owner "big", who also
    /// holds "big1" and "big2" (3 × 80 m²); "u1".."u57" are single owners.
    /// u0..=u43 are the 44 participating owners (3,650 m²); A = 4,800 m².
    fn building_3() -> Vec<Unit> {
        let mut areas = vec![8_000; 58];
        areas[43] = 5_000; // participants: 240 + 42×80 + 50 = 3,650 m²
        areas[57] = 11_000; // others: 13×80 + 110 = 1,150 m²
        let mut units = singles(&areas);
        units[0].holder = Holder::Owner("big".to_owned());
        units.extend(["big1", "big2"].map(|id| unit(id, 8_000, "big")));
        units
    }

    /// Owners u0..u{yes-1} vote yes; the rest of the 44 participants abstain.
    fn building_3_tally(rule: DecisionRule, yes: usize) -> Tally {
        let choice = |i| {
            if i < yes { Choice::Yes } else { Choice::Abstain }
        };
        let ballots: Vec<_> = (0..44).map(|i| (i, choice(i))).collect();
        tally(rule, &building_3(), &votes(&ballots))
    }

    #[test]
    fn worked_example_building_3() {
        let units = building_3();
        assert_eq!(units.len(), 60);
        assert_eq!(population_totals(&units), count(480_000, 58));

        let none = tally(Special, &units, &[]);
        assert_eq!(none.turnout_target, count(320_000, 39));
        assert_eq!(none.turnout_still_needed, count(320_000, 39));

        let t = building_3_tally(Special, 0);
        assert_eq!(t.participating, count(365_000, 44));
        assert!(t.turnout_met);
        assert_eq!(t.turnout_still_needed, Count::ZERO);
        assert_eq!(t.approval_target, count(273_750, 33));
        assert_eq!(t.approval_target.area.as_m2_string(), "2737.50");
        assert_eq!(t.approval_still_needed, count(273_750, 33));
        assert_eq!(building_3_tally(Ordinary, 0).approval_target, count(182_501, 23));
    }

    #[test]
    fn worked_example_pass_fail_around_targets() {
        // 33 yes owners (big + 32 × 80 m²) = 2,800 m² ≥ 2,737.50: passes.
        let t = building_3_tally(Special, 33);
        assert_eq!(t.yes, count(280_000, 33));
        assert!(t.passes && t.approval_still_needed == Count::ZERO);
        // 32 owners, 2,720 m²: 17.50 m² and one owner short.
        let t = building_3_tally(Special, 32);
        assert!(!t.approval_met && !t.passes);
        assert_eq!(t.approval_still_needed, count(1_750, 1));
        // Ordinary: 22 owners / 1,920 m² have the area but not the heads.
        let t = building_3_tally(Ordinary, 22);
        assert_eq!(t.approval_still_needed, count(0, 1));
        assert!(!t.passes);
        assert!(building_3_tally(Ordinary, 23).passes);
        // Turnout: 38 owners (u0..u37, 3,200 m²) have the area but are one head short.
        let ballots: Vec<_> = (0..38).map(|i| (i, Choice::Yes)).collect();
        let t = tally(Ordinary, &building_3(), &votes(&ballots));
        assert_eq!(t.participating, count(320_000, 38));
        assert_eq!(t.turnout_still_needed, count(0, 1));
        assert!(!t.turnout_met && !t.passes);
    }

    #[test]
    fn turnout_exactly_two_thirds_passes_and_just_below_fails() {
        let all_yes = votes(&[(0, Choice::Yes), (1, Choice::Yes)]);
        let t = tally(Ordinary, &singles(&[10_000, 10_000, 10_000]), &all_yes);
        assert!(t.turnout_met && t.passes);
        // One hundredth of m² below 2/3 (3 × 19,999 < 2 × 29,999).
        let t = tally(Ordinary, &singles(&[10_000, 9_999, 10_000]), &all_yes);
        assert!(!t.turnout_met && !t.passes);
        assert_eq!(t.turnout_still_needed, count(1, 0));
        // Area exactly 2/3 but one owner below.
        let t = tally(Ordinary, &singles(&[20_000, 5_000, 5_000]), &votes(&[(0, Choice::Yes)]));
        assert!(!t.turnout_met);
        assert_eq!(t.turnout_still_needed, count(0, 1));
    }

    #[test]
    fn special_exactly_three_quarters_passes() {
        let ballots = votes(&[(0, Choice::Yes), (1, Choice::Yes), (2, Choice::Yes), (3, Choice::No)]);
        assert!(tally(Special, &singles(&[10_000; 4]), &ballots).passes);
        let t = tally(Special, &singles(&[10_000, 10_000, 9_999, 10_001]), &ballots);
        assert!(!t.passes);
        assert_eq!(t.approval_still_needed, count(1, 0));
    }

    #[test]
    fn ordinary_exactly_half_fails_and_just_over_passes() {
        let half = votes(&[(0, Choice::Yes), (1, Choice::Yes), (2, Choice::No), (3, Choice::No)]);
        let t = tally(Ordinary, &singles(&[10_000; 4]), &half);
        assert!(t.turnout_met && !t.approval_met && !t.passes);
        assert_eq!(t.approval_still_needed, count(1, 1));
        let yes_no_yes = votes(&[(0, Choice::Yes), (1, Choice::No), (2, Choice::Yes)]);
        // Heads 2 of 3, area exactly half (5,001 of 10,002): fails.
        assert!(!tally(Ordinary, &singles(&[5_000, 5_001, 1]), &yes_no_yes).passes);
        // Area one hundredth over half (5,001 of 10,001): passes.
        assert!(tally(Ordinary, &singles(&[5_000, 5_000, 1]), &yes_no_yes).passes);
    }

    #[test]
    fn closed_form_targets_agree_with_the_literal_bounds() {
        for total in -5..60 {
            for x in -5..70 {
                assert_eq!(x >= at_least(2, 3, total), 3 * x >= 2 * total);
                assert_eq!(x >= at_least(3, 4, total), 4 * x >= 3 * total);
                assert_eq!(x >= more_than(1, 2, total), 2 * x > total);
            }
        }
        for part in 0..30 {
            for yes in 0..=part {
                for rule in [Special, Ordinary] {
                    let (p, y) = (count(part, part as u64), count(yes, yes as u64));
                    let t = Tally::from_counts(rule, count(99, 99), p, y);
                    assert_eq!(
                        t.approval_met,
                        t.approval_still_needed == Count::ZERO,
                        "{rule:?} {yes}/{part}"
                    );
                }
            }
        }
    }

    #[test]
    fn owner_of_several_units_counts_once_with_latest_vote() {
        let mut units = singles(&[5_000, 6_000]);
        units.extend([unit("a1", 7_000, "ann"), unit("a2", 3_000, "ann")]);
        assert_eq!(population_totals(&units), count(21_000, 3));
        let ballots = [
            Ballot {
                unit: "a2".to_owned(),
                seq: 9,
                choice: Choice::No,
            },
            Ballot {
                unit: "a1".to_owned(),
                seq: 4,
                choice: Choice::Yes,
            },
        ];
        // Ann's latest (seq 9, on a2) applies to both her units, out of slice order.
        let t = tally(Ordinary, &units, &ballots);
        assert_eq!(t.participating, count(10_000, 1));
        assert_eq!(t.yes, Count::ZERO);
    }

    #[test]
    fn unsold_developer_units_count_once_in_total() {
        let mut units = singles(&[8_000, 8_000]);
        units.extend((0..3).map(|i| dev_unit(&format!("d{i}"), 9_000)));
        assert_eq!(population_totals(&units), count(43_000, 3));
        let ballots = [Ballot {
            unit: "d1".to_owned(),
            seq: 1,
            choice: Choice::Yes,
        }];
        let t = tally(Ordinary, &units, &ballots);
        assert_eq!(t.yes, count(27_000, 1));
        assert_eq!(t.turnout_still_needed, count(1_667, 1));
    }

    #[test]
    fn empty_population_never_passes() {
        assert_eq!(population_totals(&[]), Count::ZERO);
        let stray = [Ballot {
            unit: "x".to_owned(),
            seq: 1,
            choice: Choice::Yes,
        }];
        for &rule in DecisionRule::ALL {
            let t = tally(rule, &[], &stray);
            assert!(!t.turnout_met && !t.approval_met && !t.passes, "{rule:?}");
            assert_eq!(
                (t.turnout_still_needed, t.approval_still_needed),
                (Count::ZERO, Count::ZERO)
            );
        }
    }

    #[test]
    fn unanimity_fails_on_one_no_or_one_missing_owner() {
        let units = singles(&[6_000, 7_000, 8_000]);
        let all = [(0, Choice::Yes), (1, Choice::Yes), (2, Choice::Yes)];
        assert!(tally(Unanimity, &units, &votes(&all)).passes);
        let t = tally(Unanimity, &units, &votes(&[all[0], all[1], (2, Choice::No)]));
        assert!(t.turnout_met && !t.passes);
        assert_eq!(t.approval_still_needed, count(8_000, 1));
        let t = tally(Unanimity, &units, &votes(&all[..2]));
        assert!(!t.passes);
        assert_eq!(t.approval_still_needed, count(8_000, 1));
    }

    #[test]
    fn codes_round_trip_and_area_formats() {
        crate::domain::vocabulary::assert_well_formed::<DecisionRule>();
        crate::domain::vocabulary::assert_well_formed::<Choice>();
        assert_eq!(DecisionRule::parse("Special"), None);
        assert_eq!(AreaCentiM2(273_750).as_m2_string(), "2737.50");
        assert_eq!(AreaCentiM2(5).as_m2_string(), "0.05");
        assert_eq!(AreaCentiM2(-50).as_m2_string(), "-0.50");
        assert_eq!(AreaCentiM2::parse_m2(" 2737.5 "), Some(AreaCentiM2(273_750)));
        assert_eq!(AreaCentiM2::parse_m2("80"), Some(AreaCentiM2(8_000)));
        assert_eq!(AreaCentiM2::parse_m2("80.05"), Some(AreaCentiM2(8_005)));
        for bad in ["", ".5", "-1", "1.005", "1,000", "1e3", "x"] {
            assert_eq!(AreaCentiM2::parse_m2(bad), None, "{bad}");
        }
    }
}
