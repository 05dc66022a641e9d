//! A small multipart/form-data reader for forms with one uploaded text file.
//! The CSRF layer has already read the whole body within its size limit, so
//! the handler gets it as bytes and only needs to find a named part.

/// The boundary parameter of a multipart content type.
pub fn boundary(content_type: &str) -> Option<&str> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (key, value) = p.trim().split_once('=')?;
        key.eq_ignore_ascii_case("boundary").then(|| value.trim_matches('"'))
    })
}

/// The content of the first part named `name`, or None.
pub fn part<'a>(body: &'a [u8], boundary: &str, name: &str) -> Option<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let wanted = format!("name=\"{name}\"");
    let mut rest = body;
    while let Some(start) = find(rest, delimiter) {
        rest = &rest[start + delimiter.len()..];
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..header_end]).ok()?;
        let content = &rest[header_end + 4..];
        let end = find(content, delimiter)?;
        // The part's data ends with the CRLF that precedes the next delimiter.
        let data = content[..end].strip_suffix(b"\r\n").unwrap_or(&content[..end]);
        let disposition = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"));
        if disposition.is_some_and(|d| d.split(';').any(|p| p.trim() == wanted)) {
            return Some(data);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.csv\"\r\nContent-Type: text/csv\r\n\r\n1,2\r\n3,4\r\n--XyZ--\r\n";

    #[test]
    fn finds_named_parts() {
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        assert_eq!(b, "XyZ");
        assert_eq!(part(BODY, b, "csrf"), Some(&b"abc"[..]));
        assert_eq!(part(BODY, b, "file"), Some(&b"1,2\r\n3,4"[..]));
        assert_eq!(part(BODY, b, "other"), None);
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }
}
