//! Message catalogues (`locales/*.yml`, compiled in by rust-i18n).
//! Simplified Chinese is the default; English is the alternative.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Marks a key that has no text in the catalogue, so tests can find it.
pub const MISSING_MARK: &str = "⟦";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The value for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }

    /// The other language, offered by the switch in the header.
    pub fn other(self) -> Self {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Looks a key up. A missing key is logged and shown marked, never silently
/// replaced by the other language.
pub fn t(lang: Lang, key: &str) -> String {
    match crate::_rust_i18n_try_translate(lang.code(), key) {
        Some(text) => text.into_owned(),
        None => {
            tracing::warn!(key, lang = lang.code(), "missing catalogue entry");
            format!("{MISSING_MARK}{key}⟧")
        }
    }
}

/// Like [`t`], filling `%{name}` placeholders.
pub fn t_with(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key);
    for (name, value) in args {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}

pub fn has_key(lang: Lang, key: &str) -> bool {
    crate::_rust_i18n_try_translate(lang.code(), key).is_some()
}

/// Flattened keys of a catalogue file, for the completeness test.
pub fn catalogue_keys(yaml: &str) -> Vec<String> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut keys = Vec::new();
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('_') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let Some((name, rest)) = trimmed.split_once(':') else {
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let path: Cow<str> = match stack.last() {
            Some((_, parent)) => format!("{parent}.{name}").into(),
            None => name.into(),
        };
        if rest.trim().is_empty() {
            stack.push((indent, path.into_owned()));
        } else {
            keys.push(path.into_owned());
        }
    }
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let zh = catalogue_keys(include_str!("../locales/zh-CN.yml"));
        let en = catalogue_keys(include_str!("../locales/en.yml"));
        let only_zh: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "zh only: {only_zh:?}; en only: {only_en:?}"
        );
        assert!(zh.len() > 50);
    }

    #[test]
    fn every_key_resolves_in_both_languages() {
        for key in catalogue_keys(include_str!("../locales/zh-CN.yml")) {
            for lang in Lang::ALL {
                assert!(has_key(lang, &key), "{key} missing in {}", lang.code());
            }
        }
    }

    /// Every value of every stored vocabulary has a name in both languages.
    #[test]
    fn every_vocabulary_value_has_a_name() {
        use crate::domain::vocabulary::Vocabulary;
        fn check<V: Vocabulary>(missing: &mut Vec<String>) {
            for &v in V::all() {
                for lang in Lang::ALL {
                    if !has_key(lang, v.label_key()) {
                        missing.push(format!("{}: {} ({})", V::NAME, v.label_key(), lang.code()));
                    }
                }
            }
        }
        use crate::domain::{agreement, consensus, letters, mediation, mediation_workflow, renovation, role};
        let mut missing = Vec::new();
        check::<mediation_workflow::CaseState>(&mut missing);
        check::<mediation::DisputeType>(&mut missing);
        check::<mediation::DisputeGroup>(&mut missing);
        check::<mediation::CaseSource>(&mut missing);
        check::<mediation::RiskLevel>(&mut missing);
        check::<mediation::NotAcceptedReason>(&mut missing);
        check::<crate::domain::case_review::ReviewStage>(&mut missing);
        check::<crate::domain::case_review::ReviewDecision>(&mut missing);
        check::<role::Role>(&mut missing);
        check::<role::MediatorLevel>(&mut missing);
        check::<letters::LetterStatus>(&mut missing);
        check::<letters::LetterEventKind>(&mut missing);
        check::<renovation::Stage>(&mut missing);
        check::<renovation::Channel>(&mut missing);
        check::<renovation::MenuClass>(&mut missing);
        check::<consensus::DecisionRule>(&mut missing);
        check::<consensus::Choice>(&mut missing);
        check::<agreement::SignMethod>(&mut missing);
        check::<agreement::AgreementKind>(&mut missing);
        check::<crate::domain::follow_up::VisitMethod>(&mut missing);
        check::<crate::domain::follow_up::Performance>(&mut missing);
        check::<mediation::PartyRole>(&mut missing);
        check::<mediation::Consent>(&mut missing);
        check::<mediation::RecordKind>(&mut missing);
        check::<mediation::JudicialResult>(&mut missing);
        check::<mediation::CaseEventKind>(&mut missing);
        check::<renovation::MeetingKind>(&mut missing);
        check::<mediation::TeamRole>(&mut missing);
        check::<mediation::Escalation>(&mut missing);
        check::<crate::domain::place::PlaceKind>(&mut missing);
        check::<crate::domain::legal_period::DayKind>(&mut missing);
        check::<crate::domain::mentorship::StudioKind>(&mut missing);
        check::<crate::domain::mentorship::TrainingCategory>(&mut missing);
        check::<crate::domain::mentorship::Criterion>(&mut missing);
        check::<crate::domain::extension_consent::ConsentMethod>(&mut missing);
        check::<crate::domain::ending_notice::Remedy>(&mut missing);
        check::<crate::domain::ending_notice::NoticeMethod>(&mut missing);
        assert!(missing.is_empty(), "no name for {missing:#?}");
    }

    #[test]
    fn missing_keys_are_marked_and_placeholders_filled() {
        assert!(t(Lang::En, "no.such.key").starts_with(MISSING_MARK));
        assert_eq!(t_with(Lang::En, "staff.welcome", &[("name", "Li")]), "Welcome, Li");
    }
}
