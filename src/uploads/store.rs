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
        if !staged.files.is_empty() {
            // The bytes are synced; the names the rows will point to too.
            crate::startup::sync_dir(&staged.dir)?;
        }
        Ok(staged)
    }

    /// Copies stored files of `from` under fresh names into `to` (a hard
    /// link where the file system allows), synced, as [`write`] does: the
    /// copies are what the new rows name, so removing the originals after
    /// the commit can never leave a row without its file.
    ///
    /// [`write`]: Staged::write
    pub fn copy(uploads: &Path, from: Folder, to: Folder, files: &[StoredFile]) -> std::io::Result<Staged> {
        let dir = uploads.join(to.name());
        crate::startup::create_private_dir(&dir)?;
        let mut staged = Staged {
            dir,
            files: Vec::with_capacity(files.len()),
            kept: false,
        };
        for file in files {
            let source = uploads.join(from.name()).join(&file.stored_name);
            let extension = file.stored_name.rsplit_once('.').map_or("bin", |(_, e)| e);
            let name = format!("{}.{extension}", crate::auth::tokens::random_token());
            let target = staged.dir.join(&name);
            if fs::hard_link(&source, &target).is_err() {
                fs::copy(&source, &target)?;
                fs::File::open(&target)?.sync_all()?;
            }
            staged.files.push(StoredFile {
                stored_name: name,
                ..file.clone()
            });
        }
        if !staged.files.is_empty() {
            // The bytes are synced; the names the rows will point to too.
            crate::startup::sync_dir(&staged.dir)?;
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

/// Removes stored files no row names any more (best effort: a file left
/// behind is swept by [`sweep_older_than`] or is merely unreferenced).
pub fn remove(uploads: &Path, folder: Folder, names: &[String]) {
    for name in names {
        let _ = fs::remove_file(uploads.join(folder.name()).join(name));
    }
}

/// Removes the folder's files last written before `age` ago: for folders
/// whose rows live no longer than that, this also catches files whose row
/// was never committed (a crash between writing and committing).
pub fn sweep_older_than(uploads: &Path, folder: Folder, age: std::time::Duration) -> std::io::Result<usize> {
    let dir = uploads.join(folder.name());
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let old = entry
            .metadata()?
            .modified()?
            .elapsed()
            .is_ok_and(|elapsed| elapsed > age);
        if old && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
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

    #[test]
    fn copies_get_new_names_and_outlive_their_originals() {
        let uploads = scratch();
        let pending = Staged::write(&uploads, Folder::Pending, &[photo()]).unwrap();
        let original = pending.files()[0].clone();
        pending.keep();
        let copied = Staged::copy(
            &uploads,
            Folder::Pending,
            Folder::Letters,
            std::slice::from_ref(&original),
        )
        .unwrap();
        let copy = copied.files()[0].clone();
        assert_ne!(copy.stored_name, original.stored_name);
        assert!(copy.stored_name.ends_with(".png"));
        copied.keep();
        remove(&uploads, Folder::Pending, std::slice::from_ref(&original.stored_name));
        assert!(read(&uploads, Folder::Pending, &original.stored_name).is_err());
        assert_eq!(read(&uploads, Folder::Letters, &copy.stored_name).unwrap(), b"pixels");
        assert_eq!(
            sweep_older_than(&uploads, Folder::Letters, std::time::Duration::from_secs(3600)).unwrap(),
            0
        );
        assert_eq!(
            sweep_older_than(&uploads, Folder::Letters, std::time::Duration::ZERO).unwrap(),
            1
        );
        fs::remove_dir_all(uploads).unwrap();
    }
}
