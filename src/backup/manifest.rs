//! The bundle's `manifest.json`: what made it, for which schema, and the
//! size and SHA-256 of every file in it, so a restore can prove the bundle
//! whole before it touches the live data.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";
/// Changes only when the bundle's layout does; a restore refuses others.
pub const FORMAT: &str = "yuanba-backup/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// The release that wrote it (`CARGO_PKG_VERSION`).
    pub app_version: String,
    /// `sqlite` or `postgresql`.
    pub backend: String,
    /// The newest migration applied to the copied database.
    pub schema_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the bundle, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl FileEntry {
    /// Reads `bundle/path` and records its size and hash.
    pub fn of(bundle: &Path, path: &str) -> std::io::Result<FileEntry> {
        let (size, sha256) = hash_file(&bundle.join(path))?;
        Ok(FileEntry {
            path: path.to_owned(),
            size,
            sha256,
        })
    }
}

/// Size and hex SHA-256 of a file, read in blocks (photos, large databases).
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}

/// Every regular file under `root`, as sorted `/`-separated relative paths.
/// Symbolic links are not followed: uploads never are links, and a link
/// could point a restore outside the data folder.
pub fn files_under(root: &Path) -> std::io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                let relative = entry.path().strip_prefix(root).expect("under root").to_owned();
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A manifest path is relative and stays inside the bundle: no `..`, no
/// root, nothing odd that a hand-edited manifest could use to make a
/// restore read or write elsewhere.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["yuanba.db", "uploads/letters/ab12.png", "session.key"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "uploads/../../x",
            "uploads//x",
            "./x",
            "a\\..\\b",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn the_hash_is_sha256_of_the_bytes() {
        let dir = std::env::temp_dir().join(format!("yuanba-manifest-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/abc.txt"), b"abc").unwrap();
        let entry = FileEntry::of(&dir, "a/abc.txt").unwrap();
        assert_eq!(entry.size, 3);
        assert_eq!(
            entry.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(files_under(&dir).unwrap(), ["a/abc.txt"]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
