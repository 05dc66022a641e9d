//! Field errors for re-displayed forms: each message sits next to its field.

use std::collections::BTreeMap;

use actix_web::HttpRequest;

use super::error::AppError;
use super::session::csrf_binding;
use super::state::AppState;
use crate::db::form_tokens;
use crate::i18n::{self, Lang};
use crate::receipts::form_token_key;

/// A form's one-time token as posted, and the browser it was posted from.
pub struct BoundToken {
    /// The browser's session or anonymous cookie (the CSRF binding).
    pub binding: String,
    /// What the database may keep of the token: see `receipts::form_token_key`.
    pub key: String,
}

/// What the first submission of a bound form stored (its record id), if
/// it was stored: after two racing posts of one form, the loser's insert
/// meets the token's UNIQUE index once the winner has committed.
pub async fn stored_form(state: &AppState, key: &str) -> Result<Option<String>, AppError> {
    let key = key.to_owned();
    state.db(move |conn| Ok(form_tokens::find(conn, &key)?)).await
}

/// Binds a posted one-time token (64 hex characters) to this browser; a
/// malformed token or a request without a session cookie is a 400 (the CSRF
/// guard has already refused the latter).
pub fn bind_form_token(req: &HttpRequest, secret: &[u8], token: &str) -> Result<BoundToken, AppError> {
    let well_formed = token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit());
    let binding = csrf_binding(req, None)
        .filter(|_| well_formed)
        .ok_or(AppError::BadRequest)?;
    Ok(BoundToken {
        key: form_token_key(secret, &binding, token),
        binding,
    })
}

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

    /// Shows what a use case's parser refused, each next to its field.
    pub fn add_all(&mut self, problems: &crate::accounts::FieldProblems) {
        for (field, key) in problems.iter() {
            self.add(field, key);
        }
    }
}

/// One `<option>` of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Every value of a vocabulary as select options, in its declared order.
pub fn vocabulary_choices<V: crate::domain::vocabulary::Vocabulary>(
    ctx: &crate::web::context::PageCtx,
    selected: &str,
) -> Vec<Choice> {
    choices(V::all().iter().map(|v| (v.code(), ctx.label(v))), selected)
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
