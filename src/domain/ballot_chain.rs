//! The hash chain of the ballot log (DESIGN.md §4.3): each row's hash is the
//! SHA-256 of the previous row's hash and the row's own content, so changing,
//! removing or reordering any row breaks every hash after it.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one ballot row that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotContent {
    pub seq: i64,
    pub project_item_id: String,
    pub unit_id: String,
    pub opinion_id: String,
    pub choice: String,
    pub channel: String,
    pub recorded_at: i64,
}

impl BallotContent {
    /// Fields joined with a separator none of them can contain (ids are
    /// uuids, codes are ASCII words), so two rows cannot serialise alike.
    fn canonical(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.seq, self.project_item_id, self.unit_id, self.opinion_id, self.choice, self.channel, self.recorded_at
        )
    }
}

pub fn row_hash(prev_hash: &str, content: &BallotContent) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(content.canonical().as_bytes());
    hex::encode(hasher.finalize())
}

/// A stored row: its content and the two hashes it carries.
#[derive(Debug, Clone)]
pub struct StoredRow {
    pub content: BallotContent,
    pub prev_hash: String,
    pub hash: String,
}

/// Where verification failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainCheck {
    Intact {
        rows: usize,
    },
    /// The first row (by `seq`) whose link or hash does not hold.
    BrokenAt {
        seq: i64,
    },
    /// The chain holds together but is shorter than a published anchor
    /// says it was: rows were removed from its end.
    Truncated {
        rows: usize,
        anchored: i64,
    },
    /// The chain holds together but its row at a published anchor carries
    /// another hash: it was rewritten from some row on and rehashed.
    AnchorMismatch {
        seq: i64,
    },
}

/// What was published when a project's voting closed: the chain's length
/// and the hash of its last row then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

/// Checks the chain's own links, then every published anchor against it.
/// The links alone cannot see a removed tail: the rows left still link up.
/// An anchor can, because the chain must reach it and carry its hash there.
pub fn verify_anchored(rows: &[StoredRow], anchors: &[Anchor]) -> ChainCheck {
    let own = verify(rows);
    if own != (ChainCheck::Intact { rows: rows.len() }) {
        return own;
    }
    let mut ordered: Vec<&Anchor> = anchors.iter().filter(|a| a.seq > 0).collect();
    ordered.sort_by_key(|a| a.seq);
    for anchor in ordered {
        let Some(row) = usize::try_from(anchor.seq - 1).ok().and_then(|i| rows.get(i)) else {
            let anchored = anchors.iter().map(|a| a.seq).max().unwrap_or(anchor.seq);
            return ChainCheck::Truncated {
                rows: rows.len(),
                anchored,
            };
        };
        if row.hash != anchor.hash {
            return ChainCheck::AnchorMismatch { seq: anchor.seq };
        }
    }
    own
}

/// Checks rows in `seq` order: sequence numbers run 1, 2, 3…, each row
/// links to its predecessor's hash, and its own hash matches its content.
pub fn verify(rows: &[StoredRow]) -> ChainCheck {
    let mut prev = GENESIS.to_owned();
    for (i, row) in rows.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        let intact = row.content.seq == expected_seq
            && row.prev_hash == prev
            && row.hash == row_hash(&row.prev_hash, &row.content);
        if !intact {
            return ChainCheck::BrokenAt { seq: row.content.seq };
        }
        prev.clone_from(&row.hash);
    }
    ChainCheck::Intact { rows: rows.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredRow> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let content = BallotContent {
                    seq,
                    project_item_id: "item".into(),
                    unit_id: format!("unit{seq}"),
                    opinion_id: "op".into(),
                    choice: "yes".into(),
                    channel: "online".into(),
                    recorded_at: 1_000 + seq,
                };
                let hash = row_hash(&prev, &content);
                let row = StoredRow {
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        assert_eq!(verify(&chain(5)), ChainCheck::Intact { rows: 5 });
        assert_eq!(verify(&[]), ChainCheck::Intact { rows: 0 });
    }

    #[test]
    fn changed_content_removed_rows_and_rehashed_rows_are_found() {
        let mut rows = chain(5);
        rows[2].content.choice = "no".into();
        assert_eq!(verify(&rows), ChainCheck::BrokenAt { seq: 3 });

        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(verify(&rows), ChainCheck::BrokenAt { seq: 3 });

        // Recomputing the tampered row's own hash still breaks the next link.
        let mut rows = chain(5);
        rows[2].content.choice = "no".into();
        rows[2].hash = row_hash(&rows[2].prev_hash, &rows[2].content);
        assert_eq!(verify(&rows), ChainCheck::BrokenAt { seq: 4 });
    }

    fn anchor_at(rows: &[StoredRow], seq: i64) -> Anchor {
        Anchor {
            seq,
            hash: rows[(seq - 1) as usize].hash.clone(),
        }
    }

    #[test]
    fn a_chain_that_reaches_every_anchor_with_its_hash_is_intact() {
        let rows = chain(5);
        let anchors = [anchor_at(&rows, 2), anchor_at(&rows, 5)];
        assert_eq!(verify_anchored(&rows, &anchors), ChainCheck::Intact { rows: 5 });
        // An anchor published before any ballot (0 rows) holds for any chain.
        let empty = Anchor {
            seq: 0,
            hash: GENESIS.to_owned(),
        };
        assert_eq!(verify_anchored(&[], &[empty]), ChainCheck::Intact { rows: 0 });
    }

    #[test]
    fn a_removed_tail_is_caught_only_by_an_anchor() {
        let full = chain(5);
        let anchors = [anchor_at(&full, 3), anchor_at(&full, 5)];
        let cut = &full[..4];
        assert_eq!(verify(cut), ChainCheck::Intact { rows: 4 }, "the links alone hold");
        assert_eq!(
            verify_anchored(cut, &anchors),
            ChainCheck::Truncated { rows: 4, anchored: 5 }
        );
        // Exactly at the anchor is whole; one row short is not.
        assert_eq!(
            verify_anchored(&full[..3], &anchors[..1]),
            ChainCheck::Intact { rows: 3 }
        );
        assert_eq!(
            verify_anchored(&full[..2], &anchors[..1]),
            ChainCheck::Truncated { rows: 2, anchored: 3 }
        );
    }

    #[test]
    fn a_rewritten_and_rehashed_chain_misses_its_anchor() {
        let original = chain(4);
        let anchors = [anchor_at(&original, 4)];
        // Rebuild the whole chain with one choice changed: every link holds.
        let mut forged = chain(4);
        forged[1].content.choice = "no".into();
        let mut prev = GENESIS.to_owned();
        for row in &mut forged {
            row.prev_hash = prev.clone();
            row.hash = row_hash(&prev, &row.content);
            prev = row.hash.clone();
        }
        assert_eq!(verify(&forged), ChainCheck::Intact { rows: 4 });
        assert_eq!(
            verify_anchored(&forged, &anchors),
            ChainCheck::AnchorMismatch { seq: 4 }
        );
        // A broken link is reported first, as before.
        let mut broken = chain(4);
        broken[2].content.choice = "no".into();
        assert_eq!(verify_anchored(&broken, &anchors), ChainCheck::BrokenAt { seq: 3 });
    }
}
