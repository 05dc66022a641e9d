//! Mailbox letters (群众信箱, DESIGN.md §4.5): statuses and their rules,
//! parsing of the resident's form, and the acknowledge/resolve clocks.

pub const MAX_BODY: usize = 2000;
pub const MAX_REPLY: usize = 2000;
pub const MAX_PHOTOS: usize = 3;
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
const DAY: i64 = 86_400;

use super::vocabulary::vocabulary;

vocabulary! {
    /// Where a letter stands (DESIGN.md §4.5).
    pub enum LetterStatus: "letter.status." {
        Received = "received", InProgress = "in_progress", Answered = "answered", Adopted = "adopted",
        Done = "done", Declined = "declined", Duplicate = "duplicate",
    }
}

vocabulary! {
    /// What a line of a letter's timeline records.
    pub enum LetterEventKind: "letter.event." {
        Status = "status", Reply = "reply", Note = "note", Publish = "publish",
        Unpublish = "unpublish", Assign = "assign",
    }
}

impl LetterEventKind {
    /// The timeline's label: a status change is named by the status it reached.
    pub fn timeline_key(self, to: Option<LetterStatus>) -> &'static str {
        match (self, to) {
            (LetterEventKind::Status, Some(to)) => to.label_key(),
            _ => self.label_key(),
        }
    }

    /// Only status changes and replies are ever shown to the resident.
    pub fn may_be_public(self) -> bool {
        matches!(self, LetterEventKind::Status | LetterEventKind::Reply)
    }
}

impl LetterStatus {
    /// The statuses this one may move to. Done, declined and duplicate are
    /// final; an answer or an adoption can still be carried out (done).
    pub fn next(self) -> &'static [LetterStatus] {
        use LetterStatus::*;
        match self {
            Received => &[InProgress, Answered, Adopted, Done, Declined, Duplicate],
            InProgress => &[Answered, Adopted, Done, Declined, Duplicate],
            Answered => &[InProgress, Adopted, Done],
            Adopted => &[Done],
            Done | Declined | Duplicate => &[],
        }
    }

    /// Leaving "received" means a person has looked at the letter.
    pub fn acknowledges(self) -> bool {
        self != LetterStatus::Received
    }

    /// The resident has had an answer: the resolve clock stops.
    pub fn resolves(self) -> bool {
        !matches!(self, LetterStatus::Received | LetterStatus::InProgress)
    }
}

/// A status change as staff asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub to: LetterStatus,
    pub reason: String,
    pub duplicate_of: Option<String>,
    /// The renovation project an adoption links to.
    pub project_id: Option<String>,
}

/// Why a change is refused; each has a catalogue key next to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeError {
    NotAllowed,
    ReasonRequired,
    ReasonTooLong,
    DuplicateRequired,
    ProjectRequired,
}

impl ChangeError {
    pub fn key(self) -> &'static str {
        match self {
            ChangeError::NotAllowed => "letter.error.not_allowed",
            ChangeError::ReasonRequired => "letter.error.reason_required",
            ChangeError::ReasonTooLong => "form.error.too_long",
            ChangeError::DuplicateRequired => "letter.error.duplicate_required",
            ChangeError::ProjectRequired => "letter.error.project_required",
        }
    }
}

/// Checks a change against the status machine: declining needs a reason
/// the resident will read; a duplicate needs the letter it repeats; an
/// adoption needs the project it went into (DESIGN.md §4.5).
pub fn check_change(from: LetterStatus, change: &StatusChange) -> Result<(), ChangeError> {
    if !from.next().contains(&change.to) {
        return Err(ChangeError::NotAllowed);
    }
    if change.reason.chars().count() > MAX_REPLY {
        return Err(ChangeError::ReasonTooLong);
    }
    match change.to {
        LetterStatus::Declined if change.reason.trim().is_empty() => Err(ChangeError::ReasonRequired),
        LetterStatus::Duplicate if change.duplicate_of.as_deref().unwrap_or("").is_empty() => {
            Err(ChangeError::DuplicateRequired)
        }
        LetterStatus::Adopted if change.project_id.as_deref().unwrap_or("").is_empty() => {
            Err(ChangeError::ProjectRequired)
        }
        _ => Ok(()),
    }
}

/// The two clocks of a letter, fixed when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub ack_due_at: i64,
    pub resolve_due_at: i64,
}

pub fn clocks(submitted_at: i64, ack_days: i32, resolve_days: i32) -> Clocks {
    Clocks {
        ack_due_at: submitted_at + i64::from(ack_days.max(1)) * DAY,
        resolve_due_at: submitted_at + i64::from(resolve_days.max(1)) * DAY,
    }
}

/// Overdue: not acknowledged by its acknowledge time, or not resolved by its
/// resolve time.
pub fn is_overdue(now: i64, clocks: Clocks, acknowledged_at: Option<i64>, resolved_at: Option<i64>) -> bool {
    (acknowledged_at.is_none() && now > clocks.ack_due_at) || (resolved_at.is_none() && now > clocks.resolve_due_at)
}

pub use super::letter_form::{CompoundArea, FormErrors, Known, LetterForm, LetterInput, Placement};

/// A form token is 64 hex characters from `random_token`.
pub fn valid_form_token(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// The first `n` characters, for lists and the public board.
pub fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use LetterStatus::*;

    fn change(to: LetterStatus, reason: &str) -> StatusChange {
        StatusChange {
            to,
            reason: reason.into(),
            duplicate_of: None,
            project_id: None,
        }
    }

    #[test]
    fn the_status_machine_allows_only_forward_moves() {
        assert!(check_change(Received, &change(InProgress, "")).is_ok());
        assert!(check_change(InProgress, &change(Answered, "")).is_ok());
        assert!(check_change(Adopted, &change(Done, "")).is_ok());
        assert_eq!(
            check_change(Done, &change(InProgress, "")),
            Err(ChangeError::NotAllowed)
        );
        assert_eq!(
            check_change(Received, &change(Received, "")),
            Err(ChangeError::NotAllowed)
        );
        assert!(Done.next().is_empty() && Declined.next().is_empty() && Duplicate.next().is_empty());
    }

    #[test]
    fn declining_needs_a_reason_and_duplicate_needs_a_link() {
        assert_eq!(
            check_change(Received, &change(Declined, "  ")),
            Err(ChangeError::ReasonRequired)
        );
        assert!(check_change(Received, &change(Declined, "不属于本社区事务")).is_ok());
        assert_eq!(
            check_change(Received, &change(Duplicate, "")),
            Err(ChangeError::DuplicateRequired)
        );
        let mut dup = change(Duplicate, "");
        dup.duplicate_of = Some("other".into());
        assert!(check_change(Received, &dup).is_ok());
    }

    #[test]
    fn adopting_needs_a_project() {
        assert_eq!(
            check_change(InProgress, &change(Adopted, "")),
            Err(ChangeError::ProjectRequired)
        );
        let mut adopt = change(Adopted, "");
        adopt.project_id = Some("p1".into());
        assert!(check_change(InProgress, &adopt).is_ok());
    }

    #[test]
    fn clocks_and_overdue() {
        let c = clocks(1_000, 3, 30);
        assert_eq!(c.ack_due_at, 1_000 + 3 * DAY);
        assert_eq!(c.resolve_due_at, 1_000 + 30 * DAY);
        assert!(!is_overdue(c.ack_due_at, c, None, None));
        assert!(is_overdue(c.ack_due_at + 1, c, None, None));
        assert!(!is_overdue(c.ack_due_at + 1, c, Some(2_000), None));
        assert!(is_overdue(c.resolve_due_at + 1, c, Some(2_000), None));
        assert!(!is_overdue(c.resolve_due_at + 1, c, Some(2_000), Some(3_000)));
    }

    #[test]
    fn statuses_acknowledge_and_resolve() {
        assert!(!Received.acknowledges() && InProgress.acknowledges());
        assert!(!InProgress.resolves() && Answered.resolves() && Declined.resolves());
        assert_eq!(LetterStatus::parse("in_progress"), Some(InProgress));
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
