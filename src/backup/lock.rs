//! `data/yuanba.lock`: every `serve` on a data folder holds a shared lock
//! on it for its whole life, and `restore` needs the exclusive lock, so a
//! restore cannot pull the database out from under a running server. The
//! kernel drops the lock when the process ends, even by SIGKILL, so a
//! crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions};

use fs4::{FileExt, TryLockError};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = "yuanba.lock";

/// Held while it lives.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Someone holds a lock that excludes ours.
    #[error("{} is held by another process", .0.display())]
    Held(PathBuf),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn open(data_dir: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(data_dir.join(LOCK_FILE))
}

/// For `serve`: many servers may share a data folder; a restore may not run.
pub fn shared(data_dir: &Path) -> Result<DataDirLock, LockError> {
    let file = open(data_dir)?;
    // Called through the trait: std's own `File::try_lock_shared` is newer
    // than this crate's minimum Rust (1.85).
    match FileExt::try_lock_shared(&file) {
        Ok(()) => Ok(DataDirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(LockError::Held(data_dir.join(LOCK_FILE))),
        Err(TryLockError::Error(e)) => Err(e.into()),
    }
}

/// For `restore`: no server may hold the folder.
pub fn exclusive(data_dir: &Path) -> Result<DataDirLock, LockError> {
    let file = open(data_dir)?;
    match FileExt::try_lock(&file) {
        Ok(()) => Ok(DataDirLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(LockError::Held(data_dir.join(LOCK_FILE))),
        Err(TryLockError::Error(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_share_the_folder_and_a_restore_waits_for_all_of_them() {
        let dir = std::env::temp_dir().join(format!("yuanba-lock-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = shared(&dir).unwrap();
        let second = shared(&dir).unwrap();
        assert!(matches!(exclusive(&dir), Err(LockError::Held(_))));
        drop(first);
        assert!(matches!(exclusive(&dir), Err(LockError::Held(_))));
        drop(second);
        let restore = exclusive(&dir).unwrap();
        assert!(matches!(shared(&dir), Err(LockError::Held(_))));
        drop(restore);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
