//! One row of the staff mailbox queue: enough to pick a letter, with the
//! contact's name always masked (the letter page reveals it, audited).

use serde::Serialize;

use super::CategoryName;
use crate::dates::date;
use crate::db::letter_categories::Category;
use crate::db::letters::Letter;
use crate::domain::letters::{LetterStatus, excerpt};
use crate::reveal::Reveal;

/// How much of each letter the queue shows.
const QUEUE_EXCERPT: usize = 40;

#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: String,
    pub created: String,
    pub category: CategoryName,
    pub status: LetterStatus,
    pub excerpt: String,
    /// The compound's name; empty for letters from before compounds.
    pub compound: String,
    /// The contact's name, masked.
    pub contact: String,
    pub overdue: bool,
    pub assigned: bool,
}

impl QueueRow {
    /// `compound` is the name of the letter's compound; `now` decides overdue.
    pub fn of(letter: &Letter, categories: &[Category], compound: String, now: i64) -> Self {
        QueueRow {
            id: letter.id.clone(),
            created: date(letter.created_at),
            category: CategoryName::find(categories, &letter.category),
            status: letter.status(),
            excerpt: excerpt(&letter.body, QUEUE_EXCERPT),
            compound,
            contact: Reveal::Masked.name(&letter.contact_name),
            overdue: letter.is_overdue(now),
            assigned: letter.assigned_to.is_some(),
        }
    }
}
