//! Uploaded photos (letters' photos, cases' proofs of performance): checked
//! by content, re-encoded so that EXIF and GPS data are gone, stored under
//! `<data dir>/uploads/<folder>/` with random names.

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::letters::MAX_PHOTO_BYTES;

/// Larger images are refused before decoding allocates for them.
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    TooLarge,
    NotAnImage,
}

impl PhotoError {
    pub fn key(self) -> &'static str {
        match self {
            PhotoError::TooLarge => "letter.error.photo_large",
            PhotoError::NotAnImage => "letter.error.photo_type",
        }
    }
}

/// A photo ready to be stored: only pixels, no metadata.
#[derive(Debug, Clone)]
pub struct CleanPhoto {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub extension: &'static str,
}

/// The format named by the first bytes; the file name and the browser's
/// content type are not trusted.
fn sniff(raw: &[u8]) -> Option<ImageFormat> {
    if raw.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if raw.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

/// Checks and re-encodes one upload. CPU-heavy: call it off the async workers.
pub fn clean(raw: &[u8]) -> Result<CleanPhoto, PhotoError> {
    if raw.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = sniff(raw).ok_or(PhotoError::NotAnImage)?;
    let image = decode(raw, format).ok_or(PhotoError::NotAnImage)?;
    let mut out = Vec::new();
    match format {
        ImageFormat::Png => {
            image
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|_| PhotoError::NotAnImage)?;
            Ok(CleanPhoto {
                bytes: out,
                mime: "image/png",
                extension: "png",
            })
        }
        _ => {
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&image.to_rgb8())
                .map_err(|_| PhotoError::NotAnImage)?;
            Ok(CleanPhoto {
                bytes: out,
                mime: "image/jpeg",
                extension: "jpg",
            })
        }
    }
}

/// Decodes with limits, and turns the picture upright first: the EXIF
/// orientation is about to be dropped with the rest of the metadata.
fn decode(raw: &[u8], format: ImageFormat) -> Option<DynamicImage> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(raw), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Some(image)
}

pub fn letters_dir(uploads: &Path) -> PathBuf {
    uploads.join(LETTERS)
}

/// The folders under `uploads/` that hold cleaned photos: one per kind of
/// owner, so that a name from one table never reaches another's files.
pub const LETTERS: &str = "letters";
pub const PROOFS: &str = "proofs";
pub const OPINIONS: &str = "opinions";

/// Writes the photo under a fresh random name in `uploads/<folder>` and
/// syncs it before the owning row is committed. Returns the name.
pub fn store_in(uploads: &Path, folder: &str, photo: &CleanPhoto) -> std::io::Result<String> {
    let dir = uploads.join(folder);
    crate::startup::create_private_dir(&dir)?;
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

/// Removes files whose rows were not committed.
pub fn discard_in(uploads: &Path, folder: &str, names: &[String]) {
    for name in names {
        let _ = fs::remove_file(uploads.join(folder).join(name));
    }
}

/// The stored bytes; `name` comes from our own table, never from a request.
pub fn read_from(uploads: &Path, folder: &str, name: &str) -> std::io::Result<Vec<u8>> {
    fs::read(uploads.join(folder).join(name))
}

/// A letter's photo, see [`store_in`].
pub fn store(uploads: &Path, photo: &CleanPhoto) -> std::io::Result<String> {
    store_in(uploads, LETTERS, photo)
}

/// Removes files of a letter that was not committed.
pub fn discard(uploads: &Path, names: &[String]) {
    discard_in(uploads, LETTERS, names)
}

pub fn read(uploads: &Path, name: &str) -> std::io::Result<Vec<u8>> {
    read_from(uploads, LETTERS, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 10, 10]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_png_is_reencoded_as_png() {
        let clean = clean(&png()).unwrap();
        assert_eq!(clean.mime, "image/png");
        assert!(clean.bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn text_and_truncated_images_are_refused() {
        assert_eq!(
            clean(b"hello, this is not a photo").unwrap_err(),
            PhotoError::NotAnImage
        );
        let truncated = &png()[..20];
        assert_eq!(clean(truncated).unwrap_err(), PhotoError::NotAnImage);
        assert_eq!(
            clean(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).unwrap_err(),
            PhotoError::NotAnImage
        );
    }

    #[test]
    fn oversize_uploads_are_refused_before_decoding() {
        let big = vec![0u8; MAX_PHOTO_BYTES + 1];
        assert_eq!(clean(&big).unwrap_err(), PhotoError::TooLarge);
    }
}
