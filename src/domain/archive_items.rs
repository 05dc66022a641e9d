//! The items of a case file (卷宗, DESIGN.md §5.3): which are required
//! depends on how the case ended, and the "as needed" ones are tracked so
//! the cover list (卷宗目录) shows the whole file.
//!
//! The 司法部《人民调解工作若干规定》 and the provincial filing rules ask for
//! the record of what actually happened: a case that reached an agreement
//! files the agreement; one that failed files the session record showing the
//! attempt; one withdrawn or terminated before any session was held has no
//! session record to file, and files the record of the withdrawal or
//! termination (with the parties told of their other remedies, 人民调解法
//! Art. 26) in its place.

use super::mediation_workflow::CaseState;

/// How a case ended, as the closure review judges its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// An agreement took effect (the case came through FOLLOW_UP).
    Agreement,
    Failed,
    Terminated,
    Withdrawn,
}

impl Ending {
    /// The ending of a case in CLOSURE_REVIEW, from the state it came from.
    /// Without a known previous state the answer is `Agreement`, whose
    /// checklist is the fullest: erring towards a fuller file is the safe side.
    pub fn from_previous(previous: Option<CaseState>) -> Self {
        match previous {
            Some(CaseState::Failed) => Ending::Failed,
            Some(CaseState::Terminated) => Ending::Terminated,
            Some(CaseState::Withdrawn) => Ending::Withdrawn,
            _ => Ending::Agreement,
        }
    }

    /// The record of this ending that stands in for a session record never
    /// held: the withdrawal or termination record. Failing needs a session.
    fn record_instead_of_session(self) -> Option<&'static str> {
        match self {
            Ending::Withdrawn => Some("withdrawal_record"),
            Ending::Terminated => Some("termination_record"),
            Ending::Agreement | Ending::Failed => None,
        }
    }
}

/// The items every file holds whatever the ending, in file order.
const ALWAYS: [&str; 3] = ["application_form", "rights_notice", "identity_proof"];

/// The required items of a case that ended as `ending`, in file order.
/// `session_held` says whether a session record is on file: a withdrawal or
/// termination before any session files its own record instead.
pub fn required_items(ending: Ending, session_held: bool) -> Vec<&'static str> {
    let mut items = ALWAYS.to_vec();
    match ending.record_instead_of_session() {
        Some(record) if !session_held => items.push(record),
        _ => items.push("session_record"),
    }
    if ending == Ending::Agreement {
        items.push("agreement");
    }
    items.push("back_cover");
    items
}

/// The required items of `ending` missing from `present`.
pub fn missing_required(ending: Ending, present: &[String]) -> Vec<String> {
    let on_file = |item: &str| present.iter().any(|p| p == item);
    required_items(ending, on_file("session_record"))
        .into_iter()
        .filter(|item| !on_file(item))
        .map(str::to_owned)
        .collect()
}

/// Items filed when the case has them; they never block closing.
pub const AS_NEEDED_ARCHIVE_ITEMS: [&str; 7] = [
    "power_of_attorney",
    "investigation_record",
    "evidence",
    "performance_proof",
    "follow_up_record",
    "judicial_papers",
    "note",
];

/// The as-needed items among `present`, in file order.
pub fn as_needed_on_file(present: &[String]) -> Vec<String> {
    AS_NEEDED_ARCHIVE_ITEMS
        .iter()
        .filter(|item| present.iter().any(|p| p == *item))
        .map(|item| item.to_string())
        .collect()
}

/// One line of the cover list (卷宗目录).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverLine {
    pub item: &'static str,
    pub required: bool,
    pub on_file: bool,
}

/// The cover list: the required items of `ending`, then every as-needed
/// item, each marked on file or not.
pub fn cover_list(ending: Ending, present: &[String]) -> Vec<CoverLine> {
    let on_file = |item: &str| present.iter().any(|p| p == item);
    let required = required_items(ending, on_file("session_record"));
    let line = |item: &'static str, required: bool| CoverLine {
        item,
        required,
        on_file: on_file(item),
    };
    let mut lines: Vec<CoverLine> = required.into_iter().map(|i| line(i, true)).collect();
    lines.extend(AS_NEEDED_ARCHIVE_ITEMS.iter().map(|i| line(i, false)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_agreement_files_the_session_record_and_the_agreement() {
        assert_eq!(
            required_items(Ending::Agreement, true),
            [
                "application_form",
                "rights_notice",
                "identity_proof",
                "session_record",
                "agreement",
                "back_cover"
            ]
        );
        assert_eq!(
            required_items(Ending::Agreement, false),
            required_items(Ending::Agreement, true)
        );
    }

    #[test]
    fn a_failed_case_files_the_session_record_instead_of_an_agreement() {
        let items = required_items(Ending::Failed, false);
        assert!(items.contains(&"session_record") && !items.contains(&"agreement"));
        assert_eq!(items, required_items(Ending::Failed, true));
    }

    #[test]
    fn a_withdrawal_before_any_session_files_the_withdrawal_record() {
        let before = required_items(Ending::Withdrawn, false);
        assert!(before.contains(&"withdrawal_record") && !before.contains(&"session_record"));
        let after = required_items(Ending::Withdrawn, true);
        assert!(after.contains(&"session_record") && !after.contains(&"withdrawal_record"));
        assert!(!after.contains(&"agreement"));
    }

    #[test]
    fn a_termination_before_any_session_files_the_termination_record() {
        let before = required_items(Ending::Terminated, false);
        assert!(before.contains(&"termination_record") && !before.contains(&"session_record"));
        let after = required_items(Ending::Terminated, true);
        assert!(after.contains(&"session_record") && !after.contains(&"termination_record"));
    }

    #[test]
    fn missing_items_name_exactly_what_is_absent() {
        let present = owned(&["application_form", "rights_notice", "identity_proof", "back_cover"]);
        assert_eq!(missing_required(Ending::Withdrawn, &present), ["withdrawal_record"]);
        assert_eq!(missing_required(Ending::Failed, &present), ["session_record"]);
        assert_eq!(
            missing_required(Ending::Agreement, &present),
            ["session_record", "agreement"]
        );
        let mut complete = present.clone();
        complete.push("withdrawal_record".into());
        assert!(missing_required(Ending::Withdrawn, &complete).is_empty());
        assert!(missing_required(Ending::Agreement, &[]).len() == 6);
    }

    #[test]
    fn the_ending_comes_from_the_state_before_the_review() {
        assert_eq!(Ending::from_previous(None), Ending::Agreement);
        assert_eq!(Ending::from_previous(Some(FollowUp)), Ending::Agreement);
        assert_eq!(Ending::from_previous(Some(Failed)), Ending::Failed);
        assert_eq!(Ending::from_previous(Some(Terminated)), Ending::Terminated);
        assert_eq!(Ending::from_previous(Some(Withdrawn)), Ending::Withdrawn);
    }

    #[test]
    fn as_needed_items_are_listed_but_never_required() {
        let present = owned(&["follow_up_record", "application_form", "performance_proof"]);
        assert_eq!(as_needed_on_file(&present), ["performance_proof", "follow_up_record"]);
        let without = missing_required(Ending::Agreement, &owned(&["application_form"]));
        let with = missing_required(Ending::Agreement, &present);
        assert_eq!(without, with, "as-needed items change nothing required");
    }

    #[test]
    fn the_cover_list_marks_each_item() {
        let present = owned(&["application_form", "judicial_papers"]);
        let lines = cover_list(Ending::Withdrawn, &present);
        let required: Vec<_> = lines.iter().filter(|l| l.required).map(|l| l.item).collect();
        assert_eq!(required, required_items(Ending::Withdrawn, false));
        assert_eq!(lines.len(), required.len() + AS_NEEDED_ARCHIVE_ITEMS.len());
        let on_file: Vec<_> = lines.iter().filter(|l| l.on_file).map(|l| l.item).collect();
        assert_eq!(on_file, ["application_form", "judicial_papers"]);
    }
}
