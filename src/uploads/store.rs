//! Writing cleaned files before their rows are committed, and removing them
//! again when the rows are not.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CleanPhoto, Folder, StoredFile};

/// Files written for rows not committed yet. Dropped without [`keep`], it
/// removes them: the one cleanup every caller needs on its failure paths.
///
/// [`keep`]: Staged::keep
#[derive(Debug)]
#[must_use = "dropping a Staged removes its files"]
pub struct Staged {
    dir: PathBuf,
    files: Vec<StoredFile>,
    kept: bool,
}

impl Staged {
    /// Writes each photo under a fresh random name in `uploads/<folder>`,
    /// synced to disk. If one write fails, those already written go again.
    /// Blocking file I/O: call it off the async workers.
    pub fn write(uploads: &Path, folder: Folder, photos: &[CleanPhoto]) -> std::io::Result<Staged> {
        let dir = uploads.join(folder.name());
        crate::startup::create_private_dir(&dir)?;
        let mut staged = Staged {
            dir,
            files: Vec::with_capacity(photos.len()),
            kept: false,
        };
        for photo in photos {
            let name = write_new(&staged.dir, photo)?;
            staged.files.push(StoredFile {
                stored_name: name,
                mime: photo.mime.to_owned(),
                size_bytes: photo.bytes.len() as i64,
            });
        }
        Ok(staged)
    }

    /// The written files, in the order of the photos given.
    pub fn files(&self) -> &[StoredFile] {
        &self.files
    }

    /// The rows naming these files were committed: the files stay.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        for file in &self.files {
            let _ = fs::remove_file(self.dir.join(&file.stored_name));
        }
    }
}

fn write_new(dir: &Path, photo: &CleanPhoto) -> std::io::Result<String> {
    let name = format!("{}.{}", crate::auth::tokens::random_token(), photo.extension);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    // Residents' photos: readable by the service's own user only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(dir.join(&name))?;
    file.write_all(&photo.bytes)?;
    file.sync_all()?;
    Ok(name)
}

/// The stored bytes; `name` comes from our own table, never from a request.
pub fn read(uploads: &Path, folder: Folder, name: &str) -> std::io::Result<Vec<u8>> {
    fs::read(uploads.join(folder.name()).join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> CleanPhoto {
        CleanPhoto {
            bytes: b"pixels".to_vec(),
            mime: "image/png",
            extension: "png",
        }
    }

    fn scratch() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("yuanba-uploads-{}", crate::auth::tokens::random_token()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn kept_files_stay_and_can_be_read_back() {
        let uploads = scratch();
        let staged = Staged::write(&uploads, Folder::Proofs, &[photo(), photo()]).unwrap();
        let files = staged.files().to_vec();
        assert_eq!(files.len(), 2);
        assert_ne!(files[0].stored_name, files[1].stored_name);
        assert_eq!((files[0].mime.as_str(), files[0].size_bytes), ("image/png", 6));
        staged.keep();
        assert_eq!(
            read(&uploads, Folder::Proofs, &files[1].stored_name).unwrap(),
            b"pixels"
        );
        assert!(
            read(&uploads, Folder::Letters, &files[1].stored_name).is_err(),
            "one folder per owner"
        );
        fs::remove_dir_all(uploads).unwrap();
    }

    #[test]
    fn files_not_kept_are_removed() {
        let uploads = scratch();
        let staged = Staged::write(&uploads, Folder::Opinions, &[photo()]).unwrap();
        let name = staged.files()[0].stored_name.clone();
        assert!(read(&uploads, Folder::Opinions, &name).is_ok());
        drop(staged);
        assert!(read(&uploads, Folder::Opinions, &name).is_err());
        fs::remove_dir_all(uploads).unwrap();
    }
}
