//! The resident's own letters on "我的": status and the latest public reply.

use crate::dates::date;
use crate::db::{DbConn, letter_categories, letter_events, letters};
use crate::domain::letters::excerpt;
use crate::i18n::Lang;

const MY_LETTERS: i64 = 50;

pub struct MyLetter {
    pub date: String,
    pub category: String,
    pub status_key: &'static str,
    pub text: String,
    pub reply: String,
}

pub fn load(conn: &mut DbConn, lang: Lang, user_id: &str) -> diesel::QueryResult<Vec<MyLetter>> {
    let cats = letter_categories::all(conn)?;
    let mut out = Vec::new();
    for l in letters::for_submitter(conn, user_id, MY_LETTERS)? {
        let reply = letter_events::latest_reply(conn, &l.id)?
            .map(|e| e.body)
            .unwrap_or_default();
        out.push(MyLetter {
            date: date(l.created_at),
            category: cats
                .iter()
                .find(|c| c.code == l.category)
                .map(|c| c.name(lang).to_owned())
                .unwrap_or_default(),
            status_key: l.status().label_key(),
            text: excerpt(&l.body, 80),
            reply,
        });
    }
    Ok(out)
}
