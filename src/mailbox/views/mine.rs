//! A resident's own letters on "我的": status and the latest public reply.
//! The letter is their own, so nothing of it is masked for them.

use serde::Serialize;

use super::CategoryName;
use crate::dates::date;
use crate::db::{DbConn, letter_categories, letter_events, letters};
use crate::domain::letters::{LetterStatus, excerpt};

const MY_LETTERS: i64 = 50;
/// "我的" shows the start of each letter; the tracking page has the rest.
const MY_EXCERPT: usize = 80;

#[derive(Debug, Clone, Serialize)]
pub struct MyLetter {
    /// For the link to its status page (`/me/letters/{id}`).
    pub id: String,
    pub date: String,
    pub category: CategoryName,
    pub status: LetterStatus,
    pub text: String,
    pub reply: String,
}

pub fn for_submitter(conn: &mut DbConn, user_id: &str) -> diesel::QueryResult<Vec<MyLetter>> {
    let cats = letter_categories::all(conn)?;
    let mut out = Vec::new();
    for l in letters::for_submitter(conn, user_id, MY_LETTERS)? {
        let reply = letter_events::latest_reply(conn, &l.id)?
            .map(|e| e.body)
            .unwrap_or_default();
        out.push(MyLetter {
            id: l.id.clone(),
            date: date(l.created_at),
            category: CategoryName::find(&cats, &l.category),
            status: l.status(),
            text: excerpt(&l.body, MY_EXCERPT),
            reply,
        });
    }
    Ok(out)
}
