//! Field errors for re-displayed forms: each message sits next to its field.

use std::collections::BTreeMap;

use crate::i18n::{self, Lang};

#[derive(Debug, Default)]
pub struct FieldErrors {
    lang: Lang,
    messages: BTreeMap<&'static str, String>,
}

impl FieldErrors {
    pub fn new(lang: Lang) -> Self {
        FieldErrors {
            lang,
            messages: BTreeMap::new(),
        }
    }

    /// Records the catalogue message `key` for `field`; the first one wins.
    pub fn add(&mut self, field: &'static str, key: &str) {
        let text = i18n::t(self.lang, key);
        self.messages.entry(field).or_insert(text);
    }

    /// The message for `field`, or "" (templates test for emptiness).
    pub fn get(&self, field: &str) -> String {
        self.messages.get(field).cloned().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Records the error of a parse result and returns its value, if any.
    pub fn check<T, E: Copy>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
        key: fn(E) -> &'static str,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, key(e));
                None
            }
        }
    }
}

/// One `<option>` of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn choices<V: Into<String>>(items: impl IntoIterator<Item = (V, String)>, selected: &str) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| {
            let value = value.into();
            Choice {
                selected: value == selected,
                value,
                label,
            }
        })
        .collect()
}

/// The trimmed text if it is non-empty and at most `max` characters.
pub fn bounded(s: &str, max: usize) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t.chars().count() <= max).then(|| t.to_owned())
}
