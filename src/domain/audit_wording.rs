//! How an audit row reads to a person (issue 13): "张三 打印了调解协议书
//! (2026)江北观音桥人调字第5号" rather than `case.print` and a truncated id.
//! Pure: from the stored action and detail to a catalogue key and the codes
//! the web layer translates; the actor's and the target's names are looked
//! up there.

use crate::domain::mediation_workflow::CaseState;
use crate::domain::mentorship::tenths_text;

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

/// A detail stored as `name=value` pairs (`rows=12`, `channel=paper_form
/// unit=…`), possibly after a leading word or date (`2026-11-03 found=2`):
/// the catalogue key of the sentence that says it for people
/// (`audit_detail.` and the action with dots as underscores) and the pairs
/// to fill in, the leading words as `lead`. None when the detail has no
/// pairs (free text, names) or words after its pairs.
pub fn pair_detail<'a>(action: &str, detail: &'a str) -> Option<(String, Vec<(&'a str, &'a str)>)> {
    let tokens: Vec<&str> = detail.split_whitespace().collect();
    let first_pair = tokens.iter().position(|t| pair(t).is_some())?;
    let pairs: Option<Vec<(&str, &str)>> = tokens[first_pair..].iter().map(|t| pair(t)).collect();
    let mut pairs = pairs?;
    if first_pair > 0 {
        // The leading words, as written (one date or code in practice).
        let start = detail.find(tokens[0]).unwrap_or(0);
        let end = detail.find(tokens[first_pair]).unwrap_or(detail.len());
        pairs.insert(0, ("lead", detail[start..end].trim()));
    }
    Some((format!("audit_detail.{}", action.replace('.', "_")), pairs))
}

/// Rows written before these two actions stored `name=value` pairs, in
/// the form `pair_detail` reads: a role change as `role/level/org ->
/// role/level/org`, the mentoring settings as their Rust debug text. None
/// for any other action or detail, which are read as stored.
pub fn older_detail(action: &str, detail: &str) -> Option<String> {
    match action {
        "user.role_change" => {
            let (from, to) = detail.split_once(" -> ")?;
            let parts = |side: &str| -> Option<[String; 3]> {
                let mut it = side.trim().split('/').map(str::to_owned);
                let out = [it.next()?, it.next()?, it.next()?];
                it.next().is_none().then_some(out)
            };
            let ([fr, fl, fo], [r, l, o]) = (parts(from)?, parts(to)?);
            Some(format!(
                "from_role={fr} from_level={fl} from_area=- from_org={fo} role={r} level={l} area=- org={o}"
            ))
        }
        "mentoring.settings" if detail.starts_with("Settings {") => {
            // `name: 12` pairs among the braces; hours were kept in tenths.
            let mut pairs = Vec::new();
            for piece in detail.split([',', '{', '}']) {
                // `criteria: Criteria` opens the nested struct: not a pair.
                let Some((name, Ok(value))) = piece.split_once(':').map(|(n, v)| (n.trim(), v.trim().parse::<i64>()))
                else {
                    continue;
                };
                pairs.push(match name {
                    "min_training_tenths" => format!("min_training_hours={}", tenths_text(value)),
                    _ => format!("{name}={value}"),
                });
            }
            (pairs.len() == 5).then(|| pairs.join(" "))
        }
        _ => None,
    }
}

/// `name=value` with a lowercase name, else None.
fn pair(token: &str) -> Option<(&str, &str)> {
    token
        .split_once('=')
        .filter(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_value_details_are_read_as_pairs_and_text_is_left_alone() {
        assert_eq!(
            pair_detail("households.import", "rows=12"),
            Some(("audit_detail.households_import".into(), vec![("rows", "12")]))
        );
        assert_eq!(
            pair_detail("opinion.staff_record", "channel=paper_form unit=01H"),
            Some((
                "audit_detail.opinion_staff_record".into(),
                vec![("channel", "paper_form"), ("unit", "01H")]
            ))
        );
        assert_eq!(
            pair_detail("screening.add", "2026-11-03 found=2 opened=1"),
            Some((
                "audit_detail.screening_add".into(),
                vec![("lead", "2026-11-03"), ("found", "2"), ("opened", "1")]
            ))
        );
        for text in ["", "邻里 / Neighbours", "a=1 and more", "A=1", "x → y", "=5"] {
            assert_eq!(pair_detail("any.thing", text), None, "{text}");
        }
    }

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

    #[test]
    fn older_role_changes_and_settings_are_read_as_pairs() {
        assert_eq!(
            older_detail("user.role_change", "mediator/junior/- -> coordinator/-/org1").as_deref(),
            Some(
                "from_role=mediator from_level=junior from_area=- from_org=- role=coordinator level=- area=- org=org1"
            )
        );
        let settings = "Settings { mentee_cap: 3, criteria: Criteria { min_cases: 10, \
                        min_success_pct: 80, max_oral_pct: 30, min_training_tenths: 205 } }";
        assert_eq!(
            older_detail("mentoring.settings", settings).as_deref(),
            Some("mentee_cap=3 min_cases=10 min_success_pct=80 max_oral_pct=30 min_training_hours=20.5")
        );
        // Pairs already, or another action: left as stored.
        assert_eq!(older_detail("mentoring.settings", "mentee_cap=3"), None);
        assert_eq!(older_detail("user.create", "a/b/c -> d/e/f"), None);
        assert_eq!(older_detail("user.role_change", "a/b -> d/e/f"), None);
    }
}
