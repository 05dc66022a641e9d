//! HTTP/1.1 by hand over one TCP connection, for the one thing a client
//! library hides: a request whose body is half sent when SIGTERM arrives.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::submit::{Target, letter_body};

/// A letter whose connection the server has accepted and whose body it is
/// still reading.
pub struct HalfSent {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl HalfSent {
    /// Opens the letter form for a fresh visitor, proves the server has
    /// accepted the connection (a complete GET answered on it), then sends
    /// the letter's head and the first half of its body.
    pub async fn start(target: &Target) -> HalfSent {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let form = client
            .get(format!("{}/letters/new", target.address))
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = form
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect();
        let html = scraper::Html::parse_document(&form.text().await.unwrap());
        let tokens = (
            crate::helpers::first_attr(&html, "input[name=csrf]", "value"),
            crate::helpers::first_attr(&html, "input[name=form_token]", "value"),
        );
        let (content_type, body) = letter_body(target, &tokens);
        let host = target.address.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).await.unwrap();
        stream
            .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let (status, _) = read_response(&mut stream).await;
        assert_eq!(status, 200, "the connection is accepted and served");
        // `Expect: 100-continue` makes the server say when it has read the
        // head: only then is the request in flight rather than a connection
        // that merely sent bytes, and SIGTERM may come.
        let head = format!(
            "POST /letters/new HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\nCookie: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len(),
            cookies.join("; ")
        );
        let half = body.len() / 2;
        stream.write_all(head.as_bytes()).await.unwrap();
        read_continue(&mut stream).await;
        stream.write_all(&body[..half]).await.unwrap();
        stream.flush().await.unwrap();
        HalfSent {
            stream,
            rest: body[half..].to_vec(),
        }
    }

    /// Sends the rest of the body; the status and page, or the I/O error.
    pub async fn finish(mut self) -> Result<(u16, String), String> {
        self.stream.write_all(&self.rest).await.map_err(|e| e.to_string())?;
        let mut raw = Vec::new();
        self.stream.read_to_end(&mut raw).await.map_err(|e| e.to_string())?;
        parse(&raw).ok_or_else(|| format!("no complete answer ({} bytes)", raw.len()))
    }
}

/// Reads the interim `100 Continue` that answers a head with `Expect`.
async fn read_continue(stream: &mut TcpStream) {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.unwrap();
        assert!(n > 0, "connection closed before 100 Continue");
        raw.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&raw);
    assert!(line.starts_with("HTTP/1.1 100"), "the head was read: {line}");
}

/// Reads one keep-alive answer with a Content-Length.
async fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(done) = parse(&raw) {
            return done;
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed mid-answer");
        raw.extend_from_slice(&buf[..n]);
    }
}

/// Status and body of a complete answer (Content-Length or chunked), or
/// None while more bytes are needed.
fn parse(raw: &[u8]) -> Option<(u16, String)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = &raw[end + 4..];
    if head.contains("transfer-encoding: chunked") {
        return dechunk(body).map(|b| (status, b));
    }
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (body.len() >= length).then(|| (status, String::from_utf8_lossy(&body[..length]).into_owned()))
}

fn dechunk(mut body: &[u8]) -> Option<String> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&body[..line_end]).ok()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(String::from_utf8_lossy(&out).into_owned());
        }
        let start = line_end + 2;
        if body.len() < start + size + 2 {
            return None;
        }
        out.extend_from_slice(&body[start..start + size]);
        body = &body[start + size + 2..];
    }
}
