//! Renovation consultation vocabulary (DESIGN.md §4.1–4.2): menu classes,
//! project stages with their target durations, opinion channels and the
//! want / don't want / no opinion answer of the intention form.

use super::consensus::Choice;
use super::vocabulary::vocabulary;

pub const DAY: i64 = 86_400;

vocabulary! {
    /// 基础类 / 完善类 / 提升类 (DESIGN.md §4.1).
    pub enum MenuClass: "menu.class_" { Basic = "basic", Improvement = "improvement", Upgrade = "upgrade" }
}

vocabulary! {
    /// A project's stage, in the only order it may move (DESIGN.md §4.2).
    pub enum Stage: "stage." {
        Consulting = "consulting", Publicity = "publicity", Voting = "voting",
        Construction = "construction", Completed = "completed", Accepted = "accepted",
    }
}

impl Stage {
    /// Default target days per stage (a project sets its own, see
    /// `project_schedule`). Consulting through construction add up to the
    /// 30 days from opinions to finished work that Taping achieved.
    pub fn target_days(self) -> Option<i64> {
        match self {
            Self::Consulting => Some(7),
            Self::Publicity => Some(5),
            Self::Voting => Some(5),
            Self::Construction => Some(13),
            Self::Completed => Some(7),
            Self::Accepted => None,
        }
    }

    /// Stages only move forward, one at a time.
    pub fn next(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        Self::ALL.get(i + 1).copied()
    }

    /// Residents answer the intention form while consulting and voting.
    pub fn accepts_opinions(self) -> bool {
        matches!(self, Self::Consulting | Self::Publicity | Self::Voting)
    }
}

vocabulary! {
    /// How an opinion reached the project (online or recorded by staff).
    pub enum Channel: "channel." {
        Online = "online", CourtyardMeeting = "courtyard", Symposium = "symposium", SiteResearch = "site",
        PaperForm = "paper", Mailbox = "mailbox", GridVisit = "grid", Hotline = "hotline",
    }
}

vocabulary! {
    /// A consultation meeting recorded with the project (DESIGN.md §4.2).
    pub enum MeetingKind: "meeting.kind_" { Courtyard = "courtyard", Symposium = "symposium" }
}

/// What the intention form posted for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Nothing chosen: the household does not take part on this item.
    /// Nothing is pre-selected on the form, so silence is never turned
    /// into a vote (Civil Code Art. 278 counts those who take part).
    Unanswered,
    /// 想要 / 不想要 / 弃权. An explicit abstention takes part (it counts
    /// toward turnout and the participating base) without approving.
    Chosen(Choice),
}

/// Reads one item's posted answer; `None` for a value the form never offers.
pub fn parse_answer(code: &str) -> Option<Answer> {
    match code.trim() {
        "" => Some(Answer::Unanswered),
        "want" => Some(Answer::Chosen(Choice::Yes)),
        "dont" => Some(Answer::Chosen(Choice::No)),
        "abstain" => Some(Answer::Chosen(Choice::Abstain)),
        _ => None,
    }
}

/// The form's wording of a recorded choice (想要 / 不想要 / 弃权), so the
/// confirmation repeats what the household chose in the words it chose.
pub fn answer_key(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "respond.answer_want",
        Choice::No => "respond.answer_dont",
        Choice::Abstain => "respond.answer_abstain",
    }
}

/// The form's answer codes, in the order it offers them.
pub const ANSWERS: [&str; 3] = ["want", "dont", "abstain"];
pub const PRIORITIES: [i32; 3] = [1, 2, 3];
pub const MAX_FREE_TEXT_CHARS: usize = 2_000;

pub const MAX_PLACE_NAME_CHARS: usize = 40;
pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 4_000;
pub const MAX_REASON_CHARS: usize = 500;

/// A required, bounded, trimmed text field: the catalogue key on failure.
pub fn required_text(value: &str, max_chars: usize) -> Result<String, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        Err("form.error.required")
    } else if value.chars().count() > max_chars {
        Err("form.error.too_long")
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_move_forward_and_targets_add_to_thirty_days() {
        assert_eq!(Stage::Consulting.next(), Some(Stage::Publicity));
        assert_eq!(Stage::Accepted.next(), None);
        let to_completed: i64 = Stage::ALL[..4].iter().filter_map(|s| s.target_days()).sum();
        assert_eq!(to_completed, 30);
        assert!(Stage::ALL.iter().all(|s| Stage::parse(s.code()) == Some(*s)));
    }

    #[test]
    fn answers_map_to_choices_and_silence_to_no_vote() {
        assert_eq!(parse_answer("want"), Some(Answer::Chosen(Choice::Yes)));
        assert_eq!(parse_answer("dont"), Some(Answer::Chosen(Choice::No)));
        assert_eq!(parse_answer("abstain"), Some(Answer::Chosen(Choice::Abstain)));
        assert_eq!(parse_answer(""), Some(Answer::Unanswered));
        assert_eq!(parse_answer("none"), None, "the old pre-selected default is gone");
        assert_eq!(parse_answer("maybe"), None);
        for a in ANSWERS {
            let Some(Answer::Chosen(c)) = parse_answer(a) else {
                panic!("{a}")
            };
            assert_eq!(answer_key(c), format!("respond.answer_{a}"));
        }
        assert!(Channel::ALL.iter().all(|c| Channel::parse(c.code()) == Some(*c)));
    }
}
