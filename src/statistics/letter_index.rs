//! The mailbox counters (`stat_counts`, letter dims) kept with the letters:
//! a letter's arrival and each staff action move them by the difference of
//! the letter's cells before and after, in the action's own transaction
//! (the letter is written against the version it was read at, so "before"
//! is what the change started from). The recount reads every letter a chunk
//! at a time; `statistics::index` runs it with the cases' for `rebuild` and
//! for the check of `yuanba check-stats`. What each figure means is decided
//! in `domain::statistics::letters`, not here.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::dates::{china_day, china_month};
use crate::db::letters::Letter;
use crate::db::schema::letters;
use crate::db::{DbConn, stat_counts};
use crate::domain::statistics::CounterKey;
use crate::domain::statistics::letters::{LetterFacts, contributions, stopped};
use crate::domain::statistics::moved;

/// The letter columns the figures read: id, received, street, community,
/// compound, category, (ack due, resolve due), (acknowledged, resolved).
type LetterRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    (i64, i64),
    (Option<i64>, Option<i64>),
);

fn assemble(row: LetterRow) -> LetterFacts {
    let (_, received_at, street_id, community_id, compound_id, category, due, done) = row;
    let received_day = china_day(received_at);
    let at = |t: Option<i64>| t.map(|t| (t, china_day(t)));
    LetterFacts {
        month: china_month(received_at),
        street_id,
        community_id: community_id.unwrap_or_default(),
        compound_id: compound_id.unwrap_or_default(),
        category,
        response: stopped(received_day, due.0, at(done.0)),
        resolution: stopped(received_day, due.1, at(done.1)),
    }
}

/// The figures' facts of a letter as loaded (the row a change started from).
pub fn facts(letter: &Letter) -> LetterFacts {
    assemble((
        letter.id.clone(),
        letter.created_at,
        letter.street_id.clone(),
        letter.community_id.clone(),
        letter.compound_id.clone(),
        letter.category.clone(),
        (letter.ack_due_at, letter.resolve_due_at),
        (letter.acknowledged_at, letter.resolved_at),
    ))
}

fn load(conn: &mut DbConn, lo: &str, hi: &str) -> QueryResult<Vec<LetterRow>> {
    letters::table
        .filter(letters::id.between(lo, hi))
        .order(letters::id.asc())
        .select((
            letters::id,
            letters::created_at,
            letters::street_id,
            letters::community_id,
            letters::compound_id,
            letters::category,
            (letters::ack_due_at, letters::resolve_due_at),
            (letters::acknowledged_at, letters::resolved_at),
        ))
        .load(conn)
}

/// Moves the counters from the letter's facts `before` the change (`None`
/// for a new letter) to its facts now. Called in the change's transaction,
/// after the letter row is written, so a rollback takes the counts back.
pub fn record_change(conn: &mut DbConn, letter_id: &str, before: Option<&LetterFacts>) -> QueryResult<()> {
    let after = load(conn, letter_id, letter_id)?.pop().map(assemble);
    let cells = moved(
        before.map(contributions).unwrap_or_default(),
        after.as_ref().map(contributions).unwrap_or_default(),
    );
    for (key, delta) in cells {
        stat_counts::add(conn, &key, delta)?;
    }
    Ok(())
}

/// Letters read per step of a recount.
const CHUNK: i64 = 5_000;

/// The counters every letter should give, read a chunk at a time.
pub fn recount(conn: &mut DbConn, cells: &mut BTreeMap<CounterKey, i64>) -> QueryResult<()> {
    let mut after = String::new();
    loop {
        let ids: Vec<String> = letters::table
            .filter(letters::id.gt(&after))
            .order(letters::id.asc())
            .select(letters::id)
            .limit(CHUNK)
            .load(conn)?;
        let (Some(lo), Some(hi)) = (ids.first(), ids.last()) else {
            return Ok(());
        };
        for row in load(conn, lo, hi)? {
            for (key, n) in contributions(&assemble(row)) {
                *cells.entry(key).or_default() += n;
            }
        }
        after = hi.clone();
    }
}

/// Whether any letter exists (the start-up rebuild asks).
pub fn any(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(letters::table.select(letters::id))).get_result(conn)
}
