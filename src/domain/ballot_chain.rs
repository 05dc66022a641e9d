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
}
