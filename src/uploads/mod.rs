//! Uploaded files, one pipeline for every feature that takes them (letters'
//! photos, offline opinions' evidence, cases' proofs of performance):
//!
//! 1. [`ImageGate::clean`] checks the bytes by content and re-encodes them
//!    without metadata (CPU-heavy: callers run it off the async workers);
//! 2. [`Staged::write`] writes the cleaned files under fresh random names and
//!    syncs them, *before* the transaction that records them, so a committed
//!    row never names a file that is not on disk;
//! 3. the caller commits its rows and calls [`Staged::keep`]; on every other
//!    path (refused, conflict, repeated form, error, panic) dropping the
//!    [`Staged`] removes the files again.
//!
//! A crash between 2 and 3 leaves an unreferenced file, never a dangling
//! row: that is why the file is written first under its final name instead
//! of under a temporary one renamed after the commit.

mod image;
mod store;

pub use image::{CleanPhoto, ImageGate, ImagePermit, PhotoError};
pub use store::{Staged, read, remove, sweep_older_than};

/// The folders under `<data dir>/uploads/`: one per kind of owner, so that a
/// name from one table never reaches another's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Letters,
    Opinions,
    Proofs,
    /// Photos of a letter form that was refused, waiting for it to be sent
    /// again (`db::letter_pending_photos`); purged after a day.
    Pending,
}

impl Folder {
    pub fn name(self) -> &'static str {
        match self {
            Folder::Letters => "letters",
            Folder::Opinions => "opinions",
            Folder::Proofs => "proofs",
            Folder::Pending => "pending",
        }
    }
}

/// A file written to disk, as its owning row records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
}
