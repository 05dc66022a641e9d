//! The notes the workflow writes on a case's timeline, read back as facts
//! to put into words (issue 14 item 16): the timeline showed
//! `notice=true consent=given` and `v1 written` where staff expect
//! "告知书已送达，已同意调解" and "第 1 版 · 书面协议". Pure: the web layer
//! picks the words. A note that is a person's own text stays as written.

use crate::domain::mediation::{CaseEventKind, Consent};

/// What a timeline note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventNote {
    /// Written by a person (a step's note), or a form not known here.
    Text(String),
    /// The rights-and-duties notice served or not, and the party's consent.
    Notice { served: bool, consent: Consent },
    /// Agreement version `version` drafted, written or oral (`kind`).
    Agreement { version: String, kind: String },
    /// Term `term` of agreement version `version`, of `amount` yuan.
    Term {
        version: String,
        term: String,
        amount: String,
    },
}

/// Reads the note of an event of `kind` (see `mediation::actions` and
/// `mediation::agreements` for how they are written).
pub fn read(kind: CaseEventKind, note: &str) -> EventNote {
    let parsed = match kind {
        CaseEventKind::PartyConsent => notice(note),
        CaseEventKind::AgreementDrafted => agreement(note),
        CaseEventKind::AgreementTerm => term(note),
        _ => None,
    };
    parsed.unwrap_or_else(|| EventNote::Text(note.to_owned()))
}

/// `notice=true consent=given`.
fn notice(note: &str) -> Option<EventNote> {
    let (served, consent) = note.split_once(' ')?;
    let served = match served.strip_prefix("notice=")? {
        "true" => true,
        "false" => false,
        _ => return None,
    };
    let consent = Consent::parse(consent.strip_prefix("consent=")?)?;
    Some(EventNote::Notice { served, consent })
}

/// `v1 written`.
fn agreement(note: &str) -> Option<EventNote> {
    let (version, kind) = note.split_once(' ')?;
    let version = number(version.strip_prefix('v')?)?;
    matches!(kind, "written" | "oral").then(|| EventNote::Agreement {
        version,
        kind: kind.to_owned(),
    })
}

/// `v1 #2 ¥3000.00`.
fn term(note: &str) -> Option<EventNote> {
    let mut parts = note.split(' ');
    let version = number(parts.next()?.strip_prefix('v')?)?;
    let term = number(parts.next()?.strip_prefix('#')?)?;
    let amount = parts.next()?.strip_prefix('¥')?.to_owned();
    parts
        .next()
        .is_none()
        .then_some(EventNote::Term { version, term, amount })
}

fn number(s: &str) -> Option<String> {
    (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_notes_are_read_as_facts() {
        assert_eq!(
            read(CaseEventKind::PartyConsent, "notice=true consent=given"),
            EventNote::Notice {
                served: true,
                consent: Consent::Given
            }
        );
        assert_eq!(
            read(CaseEventKind::AgreementDrafted, "v1 written"),
            EventNote::Agreement {
                version: "1".into(),
                kind: "written".into()
            }
        );
        assert_eq!(
            read(CaseEventKind::AgreementTerm, "v2 #3 ¥3000.00"),
            EventNote::Term {
                version: "2".into(),
                term: "3".into(),
                amount: "3000.00".into()
            }
        );
    }

    #[test]
    fn anything_else_stays_as_written() {
        for (kind, note) in [
            (CaseEventKind::PartyConsent, "notice=maybe consent=given"),
            (CaseEventKind::PartyConsent, "notice=true consent=perhaps"),
            (CaseEventKind::AgreementDrafted, "v1 sung"),
            (CaseEventKind::AgreementDrafted, "vx written"),
            (CaseEventKind::AgreementTerm, "v1 #2 ¥3 extra"),
            (CaseEventKind::Transition, "notice=true consent=given"),
        ] {
            assert_eq!(read(kind, note), EventNote::Text(note.into()), "{note}");
        }
    }
}
