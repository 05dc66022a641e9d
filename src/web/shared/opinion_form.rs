//! The item rows of an opinion form (需求意向表), shared by the public form
//! and the form staff fill in for a household offline: one reading of the
//! posted fields, one set of checks, so both count answers alike.

use std::collections::HashMap;

use crate::db::projects::ItemTerms;
use crate::db::projects::ProjectItem;
use crate::domain::consensus::Choice;
use crate::domain::renovation::{self, Answer, MAX_FREE_TEXT_CHARS, MAX_PLACE_NAME_CHARS};
use crate::web::context::PageCtx;
use crate::web::forms::FieldErrors;

/// One item row of the form, with what was chosen and its error.
pub struct FormItem {
    pub id: String,
    pub name: String,
    pub class_label: String,
    pub answer: String,
    pub priority: String,
    pub error: String,
}

/// The rows for `items`, with what `fields` chose: no answer (nothing is
/// pre-selected) and priority 2 when nothing was posted.
pub fn form_items(
    ctx: &PageCtx,
    items: &[(ProjectItem, ItemTerms)],
    fields: &HashMap<String, String>,
) -> Vec<FormItem> {
    let get = |k: String, default: &str| fields.get(&k).cloned().unwrap_or_else(|| default.to_owned());
    items
        .iter()
        .map(|(item, menu)| FormItem {
            id: item.id.clone(),
            name: menu.name.clone(),
            class_label: ctx.label(&menu.class),
            answer: get(format!("a_{}", item.id), ""),
            priority: get(format!("p_{}", item.id), "2"),
            error: String::new(),
        })
        .collect()
}

/// Checks every field; the answers as `(item id, choice, priority)`, for the
/// items the household answered only. The address is required unless a
/// resident gave a household code, which identifies the household alone.
pub fn check(
    fields: &HashMap<String, String>,
    items: &mut [FormItem],
    errors: &mut FieldErrors,
    ctx: &PageCtx,
) -> Vec<(String, Choice, i32)> {
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    let by_code = !get("code").trim().is_empty();
    for name in ["building", "entrance", "unit"].into_iter().filter(|_| !by_code) {
        if let Err(key) = renovation::required_text(get(name), MAX_PLACE_NAME_CHARS) {
            errors.add(name, key);
        }
    }
    if get("free_text").chars().count() > MAX_FREE_TEXT_CHARS {
        errors.add("free_text", "form.error.too_long");
    }
    let mut answers = Vec::new();
    for item in items.iter_mut() {
        let answer = renovation::parse_answer(&item.answer);
        let priority = item
            .priority
            .parse::<i32>()
            .ok()
            .filter(|p| renovation::PRIORITIES.contains(p));
        match (answer, priority) {
            (Some(Answer::Unanswered), _) => {}
            (Some(Answer::Chosen(c)), Some(p)) => answers.push((item.id.clone(), c, p)),
            _ => {
                item.error = ctx.t("form.error.choose");
                errors.add("items", "form.error.choose");
            }
        }
    }
    // Nothing is pre-selected any more, so an untouched form would store an
    // empty "vote": ask for at least one answer or a comment.
    if answers.is_empty() && get("free_text").trim().is_empty() && items.iter().all(|i| i.error.is_empty()) {
        errors.add("answers", "respond.err_empty");
    }
    answers
}
