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
mod tests;
