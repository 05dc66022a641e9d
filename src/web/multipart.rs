//! A small `multipart/form-data` reader for the letter form. The CSRF layer
//! has already read (and size-limited) the body, so parsing works on bytes
//! in memory; parts we do not know are ignored.

use actix_web::web::{self, BytesMut};
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;

use super::error::AppError;
use super::middleware::MULTIPART_LIMIT;

/// More parts than any of our forms has means a malformed or hostile body.
const MAX_PARTS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Present for file inputs (possibly empty when no file was chosen).
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// Reads and parses the request body; 400 for anything malformed.
pub async fn read(req: &HttpRequest, mut payload: web::Payload) -> Result<Vec<Part>, AppError> {
    let content_type = req.content_type().to_owned();
    let full_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type != "multipart/form-data" {
        return Err(AppError::BadRequest);
    }
    let boundary = boundary(&full_type).ok_or(AppError::BadRequest)?;
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest)?;
        if body.len() + chunk.len() > MULTIPART_LIMIT {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    parse(&body, &boundary).ok_or(AppError::BadRequest)
}

/// The boundary parameter of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.trim().split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Splits the body into parts. `None` when it does not follow RFC 7578.
pub fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let opening = format!("--{boundary}");
    let separator = format!("\r\n--{boundary}");
    let mut pos = find(body, opening.as_bytes(), 0)? + opening.len();
    let mut parts = Vec::new();
    loop {
        if body.get(pos..pos + 2)? == b"--" {
            return Some(parts);
        }
        if body.get(pos..pos + 2)? != b"\r\n" || parts.len() >= MAX_PARTS {
            return None;
        }
        let headers_start = pos + 2;
        let headers_end = find(body, b"\r\n\r\n", headers_start)?;
        let headers = std::str::from_utf8(&body[headers_start..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let data_end = find(body, separator.as_bytes(), data_start)?;
        let (name, filename) = disposition(headers)?;
        // See `middleware::csrf::has_nul`: no text field may carry U+0000.
        if filename.is_none() && body[data_start..data_end].contains(&0) {
            return None;
        }
        parts.push(Part {
            name,
            filename,
            data: body[data_start..data_end].to_vec(),
        });
        pos = data_end + separator.len();
    }
}

/// `name` and `filename` from the Content-Disposition header of a part.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let (_, value) = line.split_once(':')?;
    let mut name = None;
    let mut filename = None;
    for param in value.split(';').skip(1) {
        let Some((key, raw)) = param.trim().split_once('=') else {
            continue;
        };
        let raw = raw.trim().trim_matches('"').to_owned();
        match key.trim() {
            "name" => name = Some(raw),
            "filename" => filename = Some(raw),
            _ => {}
        }
    }
    Some((name?, filename))
}

/// The text value of the field `name`, or "" (also for non-UTF-8 input).
pub fn text(parts: &[Part], name: &str) -> String {
    parts
        .iter()
        .find(|p| p.name == name && p.filename.is_none())
        .and_then(|p| String::from_utf8(p.data.clone()).ok())
        .unwrap_or_default()
}

/// The uploaded file of the field `name`, if one was chosen.
pub fn file<'a>(parts: &'a [Part], name: &str) -> Option<&'a Part> {
    parts
        .iter()
        .find(|p| p.name == name && p.filename.is_some())
        .filter(|p| !p.data.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"photo_1\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\x00\x01\r\n\x02\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"photo_2\"; filename=\"\"\r\n\r\n\r\n\
--XyZ--\r\n";

    #[test]
    fn parses_fields_and_files() {
        let parts = parse(BODY, "XyZ").unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(text(&parts, "csrf"), "abc");
        assert_eq!(file(&parts, "photo_1").unwrap().data, b"\x00\x01\r\n\x02");
        assert!(file(&parts, "photo_2").is_none());
        assert_eq!(text(&parts, "missing"), "");
    }

    #[test]
    fn finds_the_boundary_and_refuses_malformed_bodies() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("multipart/form-data"), None);
        assert!(parse(b"--XyZ\r\nno headers end", "XyZ").is_none());
        assert!(parse(b"garbage", "XyZ").is_none());
    }

    #[test]
    fn a_nul_is_refused_in_a_text_field_but_not_in_a_file() {
        let text_nul = b"--XyZ\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\na\x00b\r\n--XyZ--\r\n";
        assert!(parse(text_nul, "XyZ").is_none());
        assert!(parse(BODY, "XyZ").is_some(), "the photo holds NUL bytes");
    }
}
