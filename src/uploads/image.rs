//! The photo pipeline shared by every upload (letters' photos, offline
//! opinions' evidence, cases' proofs of performance): checked by content,
//! decoded within limits, re-encoded so that EXIF and GPS data are gone.

use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::letters::MAX_PHOTO_BYTES;

/// Larger images are refused from their header, before decoding allocates
/// for them: a few hundred KB of PNG can claim 12000x12000 pixels (432 MB).
/// 40 megapixels keeps every phone's default photo (12-20 MP) and bounds one
/// decode to 128 MiB; the gate below bounds how many run at once.
const MAX_SIDE: u32 = 10_000;
const MAX_PIXELS: u64 = 40_000_000;
const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is over its byte limit.
    TooLarge,
    /// The picture's dimensions are over the pixel limit.
    TooManyPixels,
    NotAnImage,
    /// Too many images are being processed right now: try again shortly.
    Busy,
}

impl PhotoError {
    pub fn key(self) -> &'static str {
        match self {
            PhotoError::TooLarge => "letter.error.photo_large",
            PhotoError::TooManyPixels => "letter.error.photo_pixels",
            PhotoError::NotAnImage => "letter.error.photo_type",
            PhotoError::Busy => "letter.error.photo_busy",
        }
    }
}

/// Bounds how many images are decoded at once in this process, so that
/// concurrent uploads cannot add up to more memory than the server has.
/// Past the bound an upload is refused at once (`Busy`) rather than queued:
/// a queue would keep every waiting upload's bytes in memory too.
#[derive(Debug)]
pub struct ImageGate {
    running: AtomicUsize,
    max: usize,
}

/// One running decode; the place is given back when it is dropped.
pub struct ImagePermit<'a>(&'a ImageGate);

impl Drop for ImagePermit<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::AcqRel);
    }
}

impl ImageGate {
    pub fn new(max: usize) -> Self {
        ImageGate {
            running: AtomicUsize::new(0),
            max: max.max(1),
        }
    }

    /// One place per core: decoding is CPU-bound anyway.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    pub fn try_enter(&self) -> Option<ImagePermit<'_>> {
        self.running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.max).then_some(n + 1))
            .ok()
            .map(|_| ImagePermit(self))
    }

    /// [`clean`] inside the gate. CPU-heavy: call it off the async workers.
    pub fn clean(&self, raw: &[u8]) -> Result<CleanPhoto, PhotoError> {
        if raw.len() > MAX_PHOTO_BYTES {
            return Err(PhotoError::TooLarge);
        }
        let _permit = self.try_enter().ok_or(PhotoError::Busy)?;
        clean(raw)
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

/// Checks and re-encodes one upload, outside any gate: handlers go through
/// [`ImageGate::clean`].
fn clean(raw: &[u8]) -> Result<CleanPhoto, PhotoError> {
    if raw.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = sniff(raw).ok_or(PhotoError::NotAnImage)?;
    let image = decode(raw, format)?;
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

/// Whether a picture of this size (from its header) may be decoded.
fn within_limits(width: u32, height: u32, decoded_bytes: u64) -> bool {
    width <= MAX_SIDE
        && height <= MAX_SIDE
        && u64::from(width) * u64::from(height) <= MAX_PIXELS
        && decoded_bytes <= MAX_DECODE_BYTES
}

/// Decodes with limits, and turns the picture upright first: the EXIF
/// orientation is about to be dropped with the rest of the metadata.
/// `into_decoder` only reads the header; `DynamicImage::from_decoder` does
/// not check the allocation limit, so the size is checked here in between.
fn decode(raw: &[u8], format: ImageFormat) -> Result<DynamicImage, PhotoError> {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(raw), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels,
        _ => PhotoError::NotAnImage,
    })?;
    let (width, height) = decoder.dimensions();
    if !within_limits(width, height, decoder.total_bytes()) {
        return Err(PhotoError::TooManyPixels);
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
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

    #[test]
    fn pixel_limits_hold_at_their_bounds() {
        assert!(within_limits(MAX_SIDE, 4_000, u64::from(MAX_SIDE) * 4_000 * 3));
        assert!(!within_limits(MAX_SIDE + 1, 1, 3));
        assert!(!within_limits(1, MAX_SIDE + 1, 3));
        // 8000 x 5000 = 40 MP exactly; one more row is over.
        assert!(within_limits(8_000, 5_000, 120_000_000));
        assert!(!within_limits(8_000, 5_001, 120_024_000));
        assert!(within_limits(100, 100, MAX_DECODE_BYTES));
        assert!(!within_limits(100, 100, MAX_DECODE_BYTES + 1));
    }

    #[test]
    fn the_gate_admits_at_most_its_bound() {
        let gate = ImageGate::new(2);
        let first = gate.try_enter();
        let second = gate.try_enter();
        assert!(first.is_some() && second.is_some());
        assert!(gate.try_enter().is_none());
        assert_eq!(gate.clean(&png()).unwrap_err(), PhotoError::Busy);
        drop(first);
        assert!(gate.try_enter().is_some());
        drop(second);
        assert!(gate.clean(&png()).is_ok());
    }
}
