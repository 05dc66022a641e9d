//! The `ballot_anchors` table: the ballot chain's length and head hash as
//! published when a project's voting closed (DESIGN.md §4.3). Append-only,
//! like the log it anchors.

use diesel::prelude::*;

use super::schema::{ballot_anchors, ballots};
use super::{DbConn, new_id, now_ts};
use crate::domain::ballot_chain::{Anchor, GENESIS};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ballot_anchors)]
pub struct BallotAnchor {
    pub id: String,
    pub project_id: String,
    pub head_seq: i64,
    pub head_hash: String,
    pub published_at: i64,
    pub published_by: Option<String>,
}

impl BallotAnchor {
    pub fn anchor(&self) -> Anchor {
        Anchor {
            seq: self.head_seq,
            hash: self.head_hash.clone(),
        }
    }
}

/// Records the chain's current head for the project, inside the caller's
/// transaction (the one that closes the vote). Rows appended later lie
/// beyond the anchor and do not affect it.
pub fn publish(conn: &mut DbConn, project_id: &str, by: Option<&str>) -> QueryResult<BallotAnchor> {
    let head: Option<(i64, String)> = ballots::table
        .order(ballots::seq.desc())
        .select((ballots::seq, ballots::hash))
        .first(conn)
        .optional()?;
    let (head_seq, head_hash) = head.unwrap_or((0, GENESIS.to_owned()));
    let row = BallotAnchor {
        id: new_id(),
        project_id: project_id.to_owned(),
        head_seq,
        head_hash,
        published_at: now_ts(),
        published_by: by.map(str::to_owned),
    };
    diesel::insert_into(ballot_anchors::table)
        .values((
            ballot_anchors::id.eq(&row.id),
            ballot_anchors::project_id.eq(&row.project_id),
            ballot_anchors::head_seq.eq(row.head_seq),
            ballot_anchors::head_hash.eq(&row.head_hash),
            ballot_anchors::published_at.eq(row.published_at),
            ballot_anchors::published_by.eq(&row.published_by),
        ))
        .execute(conn)?;
    Ok(row)
}

/// A project's anchors, oldest first.
pub fn for_project(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<BallotAnchor>> {
    ballot_anchors::table
        .filter(ballot_anchors::project_id.eq(project_id))
        .order((ballot_anchors::published_at.asc(), ballot_anchors::id.asc()))
        .select(BallotAnchor::as_select())
        .load(conn)
}

/// Every published anchor, for the chain check.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Anchor>> {
    Ok(ballot_anchors::table
        .select(BallotAnchor::as_select())
        .load(conn)?
        .iter()
        .map(BallotAnchor::anchor)
        .collect())
}
