//! Checking the performance of an agreement and the follow-up visit (回访)
//! after it (DESIGN.md §5.3).

use super::vocabulary::{Vocabulary, vocabulary};
use crate::dates::parse_day;
use crate::domain::party_details::Problems;

vocabulary! {
    /// 上门, 电话, 视频, 其他.
    pub enum VisitMethod: "record.method." { Visit = "visit", Phone = "phone", Video = "video", Other = "other" }
}

vocabulary! {
    /// 已履行, 部分履行, 未履行: both a visit's finding and the recorded status.
    pub enum Performance: "record.performance." {
        Performed = "performed", Partial = "partial", NotPerformed = "not_performed",
    }
}
/// Proofs one case may hold.
pub const MAX_PROOFS: usize = 5;

const MAX_VISITOR: usize = 40;
const MAX_TEXT: usize = 1000;
const MAX_DESCRIPTION: usize = 200;

/// The visit form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpInput {
    pub visited_on: String,
    pub visitor: String,
    pub method: String,
    pub performance: String,
    pub satisfaction: String,
    pub remaining_risk: String,
    pub measures: String,
}

/// A checked visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpVisit {
    pub visited_on: String,
    pub visitor: String,
    pub method: VisitMethod,
    pub performance: Performance,
    pub satisfaction: i32,
    pub remaining_risk: String,
    pub measures: String,
}

impl FollowUpInput {
    /// `today` is the China day number; a visit cannot be dated after it.
    pub fn parse(&self, today: i64) -> Result<FollowUpVisit, Problems> {
        let mut problems = Problems::new();
        let visited_on = self.visited_on.trim();
        match parse_day(visited_on) {
            None => problems.push(("visited_on", "form.error.date")),
            Some(day) if day > today => problems.push(("visited_on", "case.error.date_in_future")),
            Some(_) => {}
        }
        let visitor = bounded(&mut problems, "visitor", &self.visitor, MAX_VISITOR, true);
        let method = choice::<VisitMethod>(&mut problems, "method", &self.method);
        let performance = choice::<Performance>(&mut problems, "performance", &self.performance);
        let satisfaction = satisfaction(&self.satisfaction);
        if satisfaction.is_none() {
            problems.push(("satisfaction", "record.error.satisfaction"));
        }
        let remaining_risk = bounded(&mut problems, "remaining_risk", &self.remaining_risk, MAX_TEXT, false);
        let measures = bounded(&mut problems, "measures", &self.measures, MAX_TEXT, false);
        match (satisfaction, method, performance) {
            (Some(satisfaction), Some(method), Some(performance)) if problems.is_empty() => Ok(FollowUpVisit {
                visited_on: visited_on.to_owned(),
                visitor,
                method,
                performance,
                satisfaction,
                remaining_risk,
                measures,
            }),
            _ => Err(problems),
        }
    }
}

/// A whole number from 1 to 5, nothing else ("5.0" and "+5" included).
fn satisfaction(raw: &str) -> Option<i32> {
    let raw = raw.trim();
    let digits = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit());
    raw.parse().ok().filter(|s| digits && (1..=5).contains(s))
}

/// A performance status with an optional note.
pub fn check_performance(status: &str, note: &str) -> Result<(Performance, String), Problems> {
    let mut problems = Problems::new();
    let status = choice::<Performance>(&mut problems, "status", status);
    let note = bounded(&mut problems, "note", note, MAX_TEXT, false);
    match status {
        Some(status) if problems.is_empty() => Ok((status, note)),
        _ => Err(problems),
    }
}

/// What a proof shows, e.g. "转账截图 3000 元"; required so the file is
/// understandable without opening it.
pub fn check_proof_description(raw: &str) -> Result<String, Problems> {
    let mut problems = Problems::new();
    let description = bounded(&mut problems, "description", raw, MAX_DESCRIPTION, true);
    if problems.is_empty() {
        Ok(description)
    } else {
        Err(problems)
    }
}

fn choice<V: Vocabulary>(problems: &mut Problems, field: &'static str, raw: &str) -> Option<V> {
    let value = V::from_code(raw.trim());
    if value.is_none() {
        problems.push((field, "form.error.choose"));
    }
    value
}

fn bounded(problems: &mut Problems, field: &'static str, raw: &str, max: usize, required: bool) -> String {
    let value = raw.trim();
    if required && value.is_empty() {
        problems.push((field, "form.error.required"));
    } else if value.chars().count() > max {
        problems.push((field, "form.error.too_long"));
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_801; // 2026-12-14

    fn good() -> FollowUpInput {
        FollowUpInput {
            visited_on: "2026-12-01".into(),
            visitor: "李调解员".into(),
            method: "phone".into(),
            performance: "performed".into(),
            satisfaction: "5".into(),
            remaining_risk: String::new(),
            measures: "三个月后再次回访".into(),
        }
    }

    fn fields(input: &FollowUpInput) -> Vec<&'static str> {
        input.parse(TODAY).unwrap_err().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_complete_visit_is_accepted() {
        let visit = good().parse(TODAY).unwrap();
        assert_eq!(visit.satisfaction, 5);
        assert_eq!(visit.method, VisitMethod::Phone);
    }

    #[test]
    fn satisfaction_is_a_whole_number_from_1_to_5() {
        for bad in ["6", "0", "", "4.5", "+3", "five"] {
            let input = FollowUpInput {
                satisfaction: bad.into(),
                ..good()
            };
            assert_eq!(fields(&input), ["satisfaction"], "{bad}");
        }
        for ok in ["1", "3", " 5 "] {
            let input = FollowUpInput {
                satisfaction: ok.into(),
                ..good()
            };
            assert!(input.parse(TODAY).is_ok(), "{ok}");
        }
    }

    #[test]
    fn method_performance_date_and_visitor_are_checked() {
        let input = FollowUpInput {
            visited_on: "2026-13-01".into(),
            visitor: " ".into(),
            method: "letter".into(),
            performance: "maybe".into(),
            ..good()
        };
        assert_eq!(fields(&input), ["visited_on", "visitor", "method", "performance"]);
        let future = FollowUpInput {
            visited_on: "2027-01-01".into(),
            ..good()
        };
        assert_eq!(
            future.parse(TODAY).unwrap_err(),
            [("visited_on", "case.error.date_in_future")]
        );
    }

    #[test]
    fn performance_status_and_proof_description() {
        assert!(check_performance("partial", "已付一半").is_ok());
        assert_eq!(check_performance("paid", "").unwrap_err()[0].0, "status");
        assert_eq!(check_proof_description("  ").unwrap_err()[0].0, "description");
        assert_eq!(
            check_proof_description(&"长".repeat(201)).unwrap_err()[0].0,
            "description"
        );
        assert_eq!(check_proof_description(" 收据 ").unwrap(), "收据");
    }
}
