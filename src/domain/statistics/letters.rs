//! The mailbox figures (群众信箱, DESIGN.md §4.5 and §7, issue 13), defined
//! once. Like the case figures they are counters (`stat_counts`) moved in
//! the transaction of each letter change by the difference of the letter's
//! cells before and after it; every figure counts in the month the letter
//! was **received**, so a month's row keeps describing the same letters.
//!
//! Definitions:
//! - **Received**: every letter, by its category and by its compound.
//! - **First response** (首次响应): the moment the letter was acknowledged
//!   (`letters.acknowledged_at`). Staff acknowledge a letter either by a
//!   public reply or by moving it out of 已收到 (any status change); both
//!   are events the resident sees on the status page, and both set that
//!   time once (`mailbox::actions`). An internal note or an assignment is
//!   not a response: the resident sees neither.
//! - **Resolution** (办结): the letter reached a final answer: 已答复,
//!   已采纳, 已落实, 不予采纳 or 重复 (`LetterStatus::resolves`), at
//!   `letters.resolved_at`. A letter sent back to 处理中 is open again and
//!   leaves the resolved count until it is answered anew.
//! - **Days**: whole China calendar days from receipt to the response or
//!   resolution (0 = the same day), capped at [`DAYS_CAP`] in the
//!   histograms from which the median and p90 are read.
//! - **Within target**: responded (resolved) no later than the due time
//!   fixed on the letter when it arrived from its category's `ack_days`
//!   (`resolve_days`) — so a later change of a category's target does not
//!   rewrite history. The share within target is of the letters that were
//!   responded to (resolved): a letter still waiting has no outcome yet,
//!   and the dashboard shows how many still wait beside the share.

use super::{CounterKey, DAYS_CAP, Dim, Metric, with_rollups};

/// How one clock of a letter (response or resolution) stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// Whole China days from receipt, never negative.
    pub days: i64,
    /// Stopped no later than the letter's due time.
    pub on_time: bool,
}

/// The clock of a letter received on China day `received_day` at
/// `received_at`, due at `due_at`, stopped at `stopped_at` (day
/// `stopped_day`); `None` while it runs.
pub fn stopped(received_day: i64, due_at: i64, stopped_at: Option<(i64, i64)>) -> Option<Stopped> {
    stopped_at.map(|(at, day)| Stopped {
        days: (day - received_day).max(0),
        on_time: at <= due_at,
    })
}

/// Everything the mailbox figures read from one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFacts {
    /// `yyyymm` of receipt, in China.
    pub month: i32,
    pub street_id: String,
    /// "" when the letter names no community.
    pub community_id: String,
    /// "" when the letter names no compound.
    pub compound_id: String,
    pub category: String,
    pub response: Option<Stopped>,
    pub resolution: Option<Stopped>,
}

/// The counter cells one letter adds to (never 0), with their street and
/// district roll-ups.
pub fn contributions(facts: &LetterFacts) -> Vec<(CounterKey, i64)> {
    let mut out = Vec::new();
    let mut add = |dim: Dim, value: &str, metric: Metric, n: i64| {
        if n != 0 {
            out.push((
                CounterKey {
                    month: facts.month,
                    street_id: facts.street_id.clone(),
                    community_id: facts.community_id.clone(),
                    dim,
                    value: value.to_owned(),
                    metric,
                },
                n,
            ));
        }
    };
    let category = facts.category.as_str();
    add(Dim::LetterCategory, category, Metric::Letters, 1);
    add(Dim::LetterCompound, &facts.compound_id, Metric::Letters, 1);
    for (clock, done, in_target, histogram) in [
        (
            facts.response,
            Metric::Acknowledged,
            Metric::AckInTarget,
            Dim::LetterAckDays,
        ),
        (
            facts.resolution,
            Metric::Resolved,
            Metric::ResolvedInTarget,
            Dim::LetterResolveDays,
        ),
    ] {
        if let Some(c) = clock {
            add(Dim::LetterCategory, category, done, 1);
            add(Dim::LetterCategory, category, in_target, i64::from(c.on_time));
            add(histogram, &c.days.min(DAYS_CAP).to_string(), Metric::Letters, 1);
        }
    }
    with_rollups(out)
}

#[cfg(test)]
mod tests {
    use super::super::{ANY, moved};
    use super::*;

    const DAY: i64 = 86_400;

    fn facts() -> LetterFacts {
        LetterFacts {
            month: 202612,
            street_id: "s1".into(),
            community_id: "c1".into(),
            compound_id: "k1".into(),
            category: "environment".into(),
            response: stopped(100, 3 * DAY, Some((DAY, 101))),
            resolution: None,
        }
    }

    fn sum(cells: &[(CounterKey, i64)], dim: Dim, metric: Metric) -> i64 {
        cells
            .iter()
            .filter(|(k, _)| k.dim == dim && k.metric == metric && k.community_id != ANY)
            .map(|(_, n)| n)
            .sum()
    }

    #[test]
    fn a_clock_is_on_time_up_to_its_due_second_and_counts_whole_days() {
        assert_eq!(stopped(10, 500, None), None);
        assert_eq!(
            stopped(10, 500, Some((500, 10))),
            Some(Stopped { days: 0, on_time: true })
        );
        assert_eq!(
            stopped(10, 500, Some((501, 13))),
            Some(Stopped {
                days: 3,
                on_time: false
            })
        );
        // A clock never runs backwards (a clock set before the day began).
        assert_eq!(stopped(10, 500, Some((0, 9))).map(|s| s.days), Some(0));
    }

    #[test]
    fn a_letter_counts_in_its_category_compound_and_the_clocks_that_stopped() {
        let cells = contributions(&facts());
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::Letters), 1);
        assert_eq!(sum(&cells, Dim::LetterCompound, Metric::Letters), 1);
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::Acknowledged), 1);
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::AckInTarget), 1);
        assert_eq!(sum(&cells, Dim::LetterAckDays, Metric::Letters), 1);
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::Resolved), 0);
        assert_eq!(sum(&cells, Dim::LetterResolveDays, Metric::Letters), 0);
        assert!(cells.iter().all(|(_, n)| *n != 0), "no zero cells");
        // Three levels: community, street, district.
        let community = cells.iter().filter(|(k, _)| k.community_id == "c1").count();
        assert_eq!(cells.len(), community * 3);
        let day = cells
            .iter()
            .find(|(k, _)| k.dim == Dim::LetterAckDays)
            .map(|(k, _)| k.value.clone());
        assert_eq!(day.as_deref(), Some("1"));
    }

    #[test]
    fn a_late_resolution_counts_as_resolved_but_not_within_target_and_days_are_capped() {
        let mut f = facts();
        f.resolution = stopped(100, 30 * DAY, Some((30 * DAY + 1, 600)));
        let cells = contributions(&f);
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::Resolved), 1);
        assert_eq!(sum(&cells, Dim::LetterCategory, Metric::ResolvedInTarget), 0);
        let day = cells
            .iter()
            .find(|(k, _)| k.dim == Dim::LetterResolveDays)
            .map(|(k, _)| k.value.clone());
        assert_eq!(day, Some(DAYS_CAP.to_string()));
    }

    #[test]
    fn reopening_a_letter_takes_its_resolution_back() {
        let mut resolved = facts();
        resolved.resolution = stopped(100, 30 * DAY, Some((2 * DAY, 102)));
        let before = contributions(&resolved);
        let after = contributions(&facts());
        let change = moved(before, after);
        assert_eq!(sum(&change, Dim::LetterCategory, Metric::Resolved), -1);
        assert_eq!(sum(&change, Dim::LetterCategory, Metric::ResolvedInTarget), -1);
        assert_eq!(sum(&change, Dim::LetterCategory, Metric::Letters), 0);
        assert_eq!(sum(&change, Dim::LetterResolveDays, Metric::Letters), -1);
    }
}
