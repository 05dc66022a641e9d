//! The append-only, hash-chained `ballots` log (DESIGN.md §4.3). Rows are
//! only ever inserted; the chain makes any later change detectable.

use crate::domain::consensus::Choice;
use crate::domain::renovation::Channel;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::schema::ballots;
use super::{DbConn, now_ts};
use crate::domain::ballot_chain::{self, BallotContent, StoredRow};

/// A ballot exactly as stored. Its codes stay text: the chain check must be
/// able to read (and report) a row someone altered to an unknown code.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ballots)]
pub struct BallotRow {
    pub seq: i64,
    pub project_item_id: String,
    pub unit_id: String,
    pub opinion_id: String,
    pub choice: String,
    pub channel: String,
    pub recorded_at: i64,
    pub prev_hash: String,
    pub hash: String,
}

impl BallotRow {
    fn stored(self) -> StoredRow {
        StoredRow {
            content: BallotContent {
                seq: self.seq,
                project_item_id: self.project_item_id,
                unit_id: self.unit_id,
                opinion_id: self.opinion_id,
                choice: self.choice,
                channel: self.channel,
                recorded_at: self.recorded_at,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

pub struct NewBallot<'a> {
    pub project_item_id: &'a str,
    pub unit_id: &'a str,
    pub opinion_id: &'a str,
    pub choice: Choice,
    pub channel: Channel,
}

/// Appends one row inside the caller's write transaction. On PostgreSQL the
/// table is locked first so two writers cannot both extend the same tail
/// (SQLite's BEGIN IMMEDIATE already serialises writers).
pub fn append(conn: &mut DbConn, ballot: &NewBallot<'_>) -> QueryResult<i64> {
    if let DbConn::Pg(pg) = conn {
        pg.batch_execute("LOCK TABLE ballots IN SHARE ROW EXCLUSIVE MODE")?;
    }
    let tail: Option<(i64, String)> = ballots::table
        .order(ballots::seq.desc())
        .select((ballots::seq, ballots::hash))
        .first(conn)
        .optional()?;
    let (seq, prev_hash) = match tail {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, ballot_chain::GENESIS.to_owned()),
    };
    let content = BallotContent {
        seq,
        project_item_id: ballot.project_item_id.to_owned(),
        unit_id: ballot.unit_id.to_owned(),
        opinion_id: ballot.opinion_id.to_owned(),
        choice: ballot.choice.code().to_owned(),
        channel: ballot.channel.code().to_owned(),
        recorded_at: now_ts(),
    };
    let hash = ballot_chain::row_hash(&prev_hash, &content);
    diesel::insert_into(ballots::table)
        .values((
            ballots::seq.eq(seq),
            ballots::project_item_id.eq(&content.project_item_id),
            ballots::unit_id.eq(&content.unit_id),
            ballots::opinion_id.eq(&content.opinion_id),
            ballots::choice.eq(&content.choice),
            ballots::channel.eq(&content.channel),
            ballots::recorded_at.eq(content.recorded_at),
            ballots::prev_hash.eq(&prev_hash),
            ballots::hash.eq(&hash),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// Every ballot on one project item, oldest first (the tally keeps the latest per unit).
pub fn for_item(conn: &mut DbConn, project_item_id: &str) -> QueryResult<Vec<BallotRow>> {
    ballots::table
        .filter(ballots::project_item_id.eq(project_item_id))
        .order(ballots::seq.asc())
        .select(BallotRow::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    ballots::table.count().get_result(conn)
}

/// Reads the whole log and checks its chain against every published anchor.
pub fn verify_chain(conn: &mut DbConn) -> QueryResult<ballot_chain::ChainCheck> {
    let anchors = super::ballot_anchors::all(conn)?;
    let rows: Vec<StoredRow> = ballots::table
        .order(ballots::seq.asc())
        .select(BallotRow::as_select())
        .load(conn)?
        .into_iter()
        .map(BallotRow::stored)
        .collect();
    Ok(ballot_chain::verify_anchored(&rows, &anchors))
}
