//! `yuanba purge`: personal data past its retention period
//! (`domain::retention`) is anonymised in place, its files deleted with
//! their rows, and each batch audited.
//!
//! Every kind is purged in batches, each its own write transaction with its
//! audit row, so a long purge never holds the write lock for long and an
//! interrupted one has finished batches that stay done. What makes a record
//! due is also what the purge removes, so running it again finds nothing
//! left to do; two purges at once take their batches one after the other
//! (see `one_purge_at_a_time`), so neither counts or deletes what the
//! other did. Files are deleted only after their rows' transaction committed,
//! so a rolled-back batch never loses a file that a row still names.

mod cases;
mod letters;
mod notifications;
mod opinions;
mod report;

pub use report::lines as report_lines;

use std::path::{Path, PathBuf};

use diesel::RunQueryDsl;

use crate::db::{self, DbConn, DbError, audit};
use crate::domain::retention::RetentionPolicy;
use crate::uploads::Folder;

/// Rows per transaction: small enough that the write lock is held briefly.
const BATCH: i64 = 200;

/// The kinds of record a purge works on, in the order it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeKind {
    LetterContacts,
    OpinionContacts,
    CaseFiles,
    Notifications,
}

impl PurgeKind {
    pub const ALL: [PurgeKind; 4] = [
        PurgeKind::LetterContacts,
        PurgeKind::OpinionContacts,
        PurgeKind::CaseFiles,
        PurgeKind::Notifications,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PurgeKind::LetterContacts => "letter_contacts",
            PurgeKind::OpinionContacts => "opinion_contacts",
            PurgeKind::CaseFiles => "case_files",
            PurgeKind::Notifications => "notifications",
        }
    }

    /// What happens to a due record, for the dry run's listing.
    pub fn action(self) -> &'static str {
        match self {
            PurgeKind::LetterContacts => {
                "letters answered before the cutoff: contact name and phone cleared, photos deleted"
            }
            PurgeKind::OpinionContacts => {
                "intention forms of projects accepted before the cutoff: contact name and phone cleared"
            }
            PurgeKind::CaseFiles => {
                "case files archived longer than their 保管期限: parties anonymised, records and texts cleared, proofs deleted"
            }
            PurgeKind::Notifications => "finished notifications created before the cutoff: deleted",
        }
    }
}

/// One kind's figures: due (dry run) or done (purge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    pub kind: PurgeKind,
    /// The time before which a record is due (None for case files: each
    /// file's own period decides).
    pub cutoff: Option<i64>,
    pub records: u64,
    pub files: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub kinds: Vec<KindCount>,
    /// Archived case files whose 保管期限 could not be read: kept, and
    /// listed so that someone reads and corrects them.
    pub unreadable_case_periods: u64,
}

/// What one batch changed: the records and the files to delete after commit.
#[derive(Debug, Default)]
struct Batch {
    records: u64,
    files: Vec<(Folder, String)>,
}

/// What a purge would do now, without changing anything.
pub fn dry_run(conn: &mut DbConn, policy: &RetentionPolicy, now: i64) -> Result<PurgeReport, DbError> {
    let (case_records, case_files, unreadable) = cases::due(conn, policy, now)?;
    let (letter_records, letter_files) = letters::due(conn, policy.letter_cutoff(now))?;
    let kinds = vec![
        count(
            PurgeKind::LetterContacts,
            Some(policy.letter_cutoff(now)),
            letter_records,
            letter_files,
        ),
        count(
            PurgeKind::OpinionContacts,
            Some(policy.opinion_cutoff(now)),
            opinions::due(conn, policy.opinion_cutoff(now))?,
            0,
        ),
        count(PurgeKind::CaseFiles, None, case_records, case_files),
        count(
            PurgeKind::Notifications,
            Some(policy.notification_cutoff(now)),
            notifications::due(conn, policy.notification_cutoff(now))?,
            0,
        ),
    ];
    Ok(PurgeReport {
        kinds,
        unreadable_case_periods: unreadable,
    })
}

/// Purges everything due, batch by batch, and says what it did.
pub fn run(
    conn: &mut DbConn,
    policy: &RetentionPolicy,
    now: i64,
    uploads: &Path,
    actor: &audit::AuditActor,
) -> Result<PurgeReport, DbError> {
    scrub_freed_space(conn)?;
    let mut kinds = Vec::new();
    for kind in PurgeKind::ALL {
        let (records, files) = purge_kind(conn, kind, policy, now, uploads, actor)?;
        let cutoff = match kind {
            PurgeKind::LetterContacts => Some(policy.letter_cutoff(now)),
            PurgeKind::OpinionContacts => Some(policy.opinion_cutoff(now)),
            PurgeKind::CaseFiles => None,
            PurgeKind::Notifications => Some(policy.notification_cutoff(now)),
        };
        kinds.push(count(kind, cutoff, records, files));
    }
    let (_, _, unreadable) = cases::due(conn, policy, now)?;
    fold_in_the_log(conn)?;
    Ok(PurgeReport {
        kinds,
        unreadable_case_periods: unreadable,
    })
}

fn purge_kind(
    conn: &mut DbConn,
    kind: PurgeKind,
    policy: &RetentionPolicy,
    now: i64,
    uploads: &Path,
    actor: &audit::AuditActor,
) -> Result<(u64, u64), DbError> {
    let (mut records, mut files) = (0, 0);
    loop {
        let batch = db::write_tx(conn, |conn| -> Result<Batch, DbError> {
            one_purge_at_a_time(conn)?;
            let batch = match kind {
                PurgeKind::LetterContacts => letters::purge(conn, policy.letter_cutoff(now), BATCH)?,
                PurgeKind::OpinionContacts => opinions::purge(conn, policy.opinion_cutoff(now), BATCH)?,
                PurgeKind::CaseFiles => cases::purge(conn, policy, now, BATCH)?,
                PurgeKind::Notifications => notifications::purge(conn, policy.notification_cutoff(now), BATCH)?,
            };
            if batch.records > 0 {
                let detail = format!("{} records={} files={}", kind.code(), batch.records, batch.files.len());
                audit::record(conn, actor, "retention.purge", None, &detail)?;
            }
            Ok(batch)
        })?;
        if batch.records == 0 {
            return Ok((records, files));
        }
        records += batch.records;
        files += remove_files(uploads, &batch.files);
    }
}

/// Two purges at once (two machines' schedules, or a retry while the first
/// still runs) must not both count, audit and delete the same batch. Each
/// batch reads what is due and then changes it; on SQLite the write
/// transaction already holds the only write lock while it reads. On
/// PostgreSQL at READ COMMITTED both could read the same rows before
/// either commits (the test saw 6 letters purged twice), so a batch first
/// takes a transaction-scoped advisory lock: the second purge's batch
/// waits for the first's commit and then reads, in a new snapshot, only
/// what is still due.
fn one_purge_at_a_time(conn: &mut DbConn) -> Result<(), DbError> {
    /// The purge's advisory lock key ("ybpurge" in ASCII); no other part of
    /// Yuanba takes advisory locks.
    const PURGE_LOCK: i64 = 0x0079_6270_7572_6765;
    if matches!(conn, DbConn::Pg(_)) {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({PURGE_LOCK})")).execute(conn)?;
    }
    Ok(())
}

/// SQLite leaves a cleared value's old bytes in the freed part of its page
/// until the page is reused; with `secure_delete` this connection's changes
/// overwrite them with zeros, so the file no longer holds what was purged.
fn scrub_freed_space(conn: &mut DbConn) -> Result<(), DbError> {
    if matches!(conn, DbConn::Sqlite(_)) {
        diesel::connection::SimpleConnection::batch_execute(conn, "PRAGMA secure_delete = ON")?;
    }
    Ok(())
}

/// The WAL still holds the pages as they were before the purge: fold it
/// into the database and empty it (a reader still open elsewhere may keep
/// part of it until the next checkpoint, which SQLite runs on its own).
fn fold_in_the_log(conn: &mut DbConn) -> Result<(), DbError> {
    if matches!(conn, DbConn::Sqlite(_)) {
        diesel::connection::SimpleConnection::batch_execute(conn, "PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    Ok(())
}

/// Deletes the files of a committed batch. A file already gone counts as
/// removed (an earlier run may have been stopped between commit and here).
fn remove_files(uploads: &Path, files: &[(Folder, String)]) -> u64 {
    let mut removed = 0;
    for (folder, name) in files {
        let path: PathBuf = uploads.join(folder.name()).join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => removed += 1,
            Err(e) => tracing::warn!(folder = folder.name(), error = %e, "purge could not delete a file"),
        }
    }
    removed
}

fn count(kind: PurgeKind, cutoff: Option<i64>, records: u64, files: u64) -> KindCount {
    KindCount {
        kind,
        cutoff,
        records,
        files,
    }
}
