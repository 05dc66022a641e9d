//! A project's schedule (DESIGN.md §4.2): the opinion window in which the
//! intention form takes answers, and each stage's target duration behind
//! the public countdown. Days are China calendar day numbers
//! (`crate::dates::china_day`), so a window closes at local midnight.

use super::renovation::{DAY, Stage};

/// The longest target a stage may have, and the longest window.
const MAX_DAYS: i64 = 365;

/// Target days of the five stages that have one, in `Stage::ALL` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTargets(pub [i64; 5]);

/// The form field of each stage's target.
pub const TARGET_FIELDS: [(&str, Stage); 5] = [
    ("target_consulting", Stage::Consulting),
    ("target_publicity", Stage::Publicity),
    ("target_voting", Stage::Voting),
    ("target_construction", Stage::Construction),
    ("target_completed", Stage::Completed),
];

impl StageTargets {
    /// Taping's 30 days from opinions to completed work.
    pub fn defaults() -> Self {
        let mut days = [0; 5];
        for (slot, (_, stage)) in days.iter_mut().zip(TARGET_FIELDS) {
            *slot = stage.target_days().unwrap_or(0);
        }
        StageTargets(days)
    }

    /// The target of `stage`; None for the last stage, which has no end.
    pub fn of(&self, stage: Stage) -> Option<i64> {
        let i = TARGET_FIELDS.iter().position(|(_, s)| *s == stage)?;
        Some(self.0[i])
    }
}

/// Whole days left in the stage (negative when overdue); None without a target.
pub fn days_left(targets: &StageTargets, stage: Stage, started_at: i64, now: i64) -> Option<i64> {
    let deadline = started_at + targets.of(stage)? * DAY;
    // Round towards the deadline: 1 second left still shows "1 day".
    Some((deadline - now).div_euclid(DAY) + i64::from((deadline - now).rem_euclid(DAY) > 0))
}

/// The days on which residents may answer, both ends included; None is
/// unbounded on that side (projects from before windows existed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpinionWindow {
    pub open_day: Option<i64>,
    pub close_day: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    NotYet,
    Open,
    Closed,
}

impl OpinionWindow {
    pub fn state(&self, today: i64) -> WindowState {
        if self.open_day.is_some_and(|d| today < d) {
            WindowState::NotYet
        } else if self.close_day.is_some_and(|d| today > d) {
            WindowState::Closed
        } else {
            WindowState::Open
        }
    }
}

impl WindowState {
    /// The refusal shown on the intention form outside the window.
    pub fn refusal_key(self) -> Option<&'static str> {
        match self {
            WindowState::NotYet => Some("respond.err_not_yet"),
            WindowState::Closed => Some("respond.err_window_closed"),
            WindowState::Open => None,
        }
    }
}

/// The schedule fields as typed: dates as `2026-12-01`, targets in days.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    pub opens_on: String,
    pub closes_on: String,
    pub target_consulting: String,
    pub target_publicity: String,
    pub target_voting: String,
    pub target_construction: String,
    pub target_completed: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub window: OpinionWindow,
    pub targets: StageTargets,
}

impl ScheduleForm {
    /// The values a schedule shows in its form; empty dates stay empty.
    pub fn of(schedule: &Schedule, day_to_text: impl Fn(i64) -> String) -> Self {
        let t = |i: usize| schedule.targets.0[i].to_string();
        ScheduleForm {
            opens_on: schedule.window.open_day.map(&day_to_text).unwrap_or_default(),
            closes_on: schedule.window.close_day.map(&day_to_text).unwrap_or_default(),
            target_consulting: t(0),
            target_publicity: t(1),
            target_voting: t(2),
            target_construction: t(3),
            target_completed: t(4),
        }
    }

    fn target_text(&self, field: &str) -> &str {
        match field {
            "target_consulting" => &self.target_consulting,
            "target_publicity" => &self.target_publicity,
            "target_voting" => &self.target_voting,
            "target_construction" => &self.target_construction,
            _ => &self.target_completed,
        }
    }

    /// Checks the form; `parse_day` turns a date into a day number. An
    /// empty date leaves that side open; an empty target takes the default.
    pub fn parse(
        &self,
        parse_day: impl Fn(&str) -> Option<i64>,
    ) -> Result<Schedule, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let mut day = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            t => parse_day(t).or_else(|| {
                errors.push((field, "project.err_date"));
                None
            }),
        };
        let window = OpinionWindow {
            open_day: day("opens_on", &self.opens_on),
            close_day: day("closes_on", &self.closes_on),
        };
        if let (Some(open), Some(close)) = (window.open_day, window.close_day) {
            if close < open || close - open > MAX_DAYS {
                errors.push(("closes_on", "project.err_window"));
            }
        }
        let mut targets = StageTargets::defaults();
        for (i, (field, _)) in TARGET_FIELDS.iter().enumerate() {
            match self.target_text(field).trim() {
                "" => {}
                text => match text.parse::<i64>() {
                    Ok(d) if (1..=MAX_DAYS).contains(&d) => targets.0[i] = d,
                    _ => errors.push((*field, "project.err_days")),
                },
            }
        }
        if errors.is_empty() {
            Ok(Schedule { window, targets })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<i64> {
        s.strip_prefix('d').and_then(|n| n.parse().ok())
    }

    #[test]
    fn default_targets_add_up_to_thirty_days_to_completion() {
        let t = StageTargets::defaults();
        assert_eq!(t.0[..4].iter().sum::<i64>(), 30);
        assert_eq!(t.of(Stage::Accepted), None);
        assert_eq!(days_left(&t, Stage::Consulting, 0, 0), Some(7));
        assert_eq!(
            days_left(&t, Stage::Consulting, 0, 1),
            Some(7),
            "rounds towards the deadline"
        );
        assert_eq!(days_left(&t, Stage::Consulting, 0, DAY), Some(6));
        assert_eq!(days_left(&t, Stage::Accepted, 0, 0), None);
        let custom = StageTargets([10, 5, 5, 13, 7]);
        assert_eq!(days_left(&custom, Stage::Consulting, 0, 1), Some(10));
        assert_eq!(days_left(&custom, Stage::Consulting, 0, 11 * DAY), Some(-1));
    }

    #[test]
    fn the_window_includes_both_ends() {
        let w = OpinionWindow {
            open_day: Some(10),
            close_day: Some(20),
        };
        assert_eq!(w.state(9), WindowState::NotYet);
        assert_eq!(w.state(10), WindowState::Open);
        assert_eq!(w.state(20), WindowState::Open);
        assert_eq!(w.state(21), WindowState::Closed);
        assert_eq!(OpinionWindow::default().state(0), WindowState::Open);
        assert_eq!(WindowState::Closed.refusal_key(), Some("respond.err_window_closed"));
    }

    #[test]
    fn the_form_checks_dates_order_and_targets() {
        let mut f = ScheduleForm {
            opens_on: "d10".into(),
            closes_on: "d20".into(),
            target_voting: "9".into(),
            ..Default::default()
        };
        let s = f.parse(day).unwrap();
        assert_eq!(s.window.close_day, Some(20));
        assert_eq!(s.targets.0, [7, 5, 9, 13, 7]);
        f.closes_on = "d5".into();
        f.target_publicity = "0".into();
        f.opens_on = "soon".into();
        let errors = f.parse(day).unwrap_err();
        assert!(errors.contains(&("opens_on", "project.err_date")));
        assert!(errors.contains(&("target_publicity", "project.err_days")));
        f.opens_on = "d10".into();
        assert!(f.parse(day).unwrap_err().contains(&("closes_on", "project.err_window")));
        assert_eq!(
            ScheduleForm::default().parse(day).unwrap().window,
            OpinionWindow::default()
        );
    }
}
