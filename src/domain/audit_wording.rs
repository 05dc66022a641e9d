//! How an audit row reads to a person (issue 13): "张三 打印了调解协议书
//! (2026)江北观音桥人调字第5号" rather than `case.print` and a truncated id.
//! Pure: from the stored action and detail to a catalogue key and the codes
//! the web layer translates; the actor's and the target's names are looked
//! up there.

use crate::domain::mediation_workflow::CaseState;

/// The documents whose printing is audited as `case.print` (the detail).
const PRINTED: [&str; 3] = ["registration", "agreement", "report"];

/// What the audit row says was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phrase {
    /// A fixed phrase: the catalogue key (`audit.does.…`).
    Fixed(String),
    /// A case moved from one state to another.
    CaseMoved(CaseState, CaseState),
    /// An action without a phrase of its own: shown by its code.
    Other(String),
}

/// The catalogue key of an action's phrase: `audit.does.` and the action
/// with its dots as underscores (`case.print` → `audit.does.case_print`).
pub fn key_of(action: &str) -> String {
    format!("audit.does.{}", action.replace('.', "_"))
}

/// The phrase of one audit row. `has_key` says whether the catalogue has
/// a phrase, so a new action nobody wrote words for still reads sensibly.
pub fn phrase(action: &str, detail: &str, has_key: impl Fn(&str) -> bool) -> Phrase {
    if action == "case.transition"
        && let Some((from, to)) = detail.split_once("->")
        && let (Some(from), Some(to)) = (CaseState::parse(from.trim()), CaseState::parse(to.trim()))
    {
        return Phrase::CaseMoved(from, to);
    }
    // Printing names the document printed.
    if action == "case.print" && PRINTED.contains(&detail) {
        return Phrase::Fixed(format!("audit.does.case_print_{detail}"));
    }
    let key = key_of(action);
    if has_key(&key) {
        Phrase::Fixed(key)
    } else {
        Phrase::Other(action.to_owned())
    }
}

/// Whether the detail column adds anything to the phrase (a transition's
/// or a print's detail is already in the words).
pub fn detail_worth_showing(action: &str) -> bool {
    !matches!(action, "case.transition" | "case.print")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(key: &str) -> bool {
        key == "audit.does.user_create"
    }

    #[test]
    fn a_transition_reads_as_its_two_states() {
        assert_eq!(
            phrase("case.transition", "MEDIATING -> AGREEMENT_REVIEW", known),
            Phrase::CaseMoved(CaseState::Mediating, CaseState::AgreementReview)
        );
        // A detail that is not two states falls back to the action's words.
        assert_eq!(
            phrase("case.transition", "garbled", known),
            Phrase::Other("case.transition".into())
        );
    }

    #[test]
    fn printing_names_the_document_and_nothing_else() {
        assert_eq!(
            phrase("case.print", "agreement", known),
            Phrase::Fixed("audit.does.case_print_agreement".into())
        );
        assert_eq!(phrase("case.print", "x", known), Phrase::Other("case.print".into()));
    }

    #[test]
    fn known_actions_have_words_and_unknown_ones_keep_their_code() {
        assert_eq!(
            phrase("user.create", "role=admin", known),
            Phrase::Fixed("audit.does.user_create".into())
        );
        assert_eq!(phrase("new.thing", "", known), Phrase::Other("new.thing".into()));
        assert!(!detail_worth_showing("case.transition"));
        assert!(detail_worth_showing("holiday.add"));
    }
}
