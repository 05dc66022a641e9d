//! Local stand-ins for the outside world that notifications go to, started
//! by the test: an SMTP relay that keeps every message, and an SMS gateway
//! (HTTP) that keeps every request and answers with a status the test sets.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};

/// One message the SMTP sink accepted.
#[derive(Debug, Clone)]
pub struct Mail {
    pub recipients: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
}

/// A tiny SMTP responder: greets, says yes to everything, and keeps the
/// envelope's recipients and the DATA of each message.
pub fn smtp_sink() -> SmtpSink {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP sink");
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = mails.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = kept.clone();
            std::thread::spawn(move || serve_smtp(stream, &kept));
        }
    });
    SmtpSink { port, mails }
}

fn serve_smtp(stream: TcpStream, mails: &Mutex<Vec<Mail>>) {
    let mut out = stream.try_clone().expect("clone stream");
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(text.as_bytes()).is_ok();
    if !say("220 sink ESMTP\r\n") {
        return;
    }
    let mut recipients = Vec::new();
    let mut line = String::new();
    while lines.read_line(&mut line).unwrap_or(0) > 0 {
        let command = line.trim_end().to_ascii_uppercase();
        let reply = if command.starts_with("EHLO") {
            "250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("RCPT TO:") {
            recipients.push(line.trim_end()[8..].trim_matches(['<', '>', ' ']).to_owned());
            "250 OK\r\n"
        } else if command == "DATA" {
            say("354 go on\r\n");
            let data = read_data(&mut lines);
            mails.lock().unwrap().push(Mail {
                recipients: std::mem::take(&mut recipients),
                data,
            });
            "250 kept\r\n"
        } else if command == "QUIT" {
            say("221 bye\r\n");
            return;
        } else {
            "250 OK\r\n"
        };
        if !say(reply) {
            return;
        }
        line.clear();
    }
}

fn read_data(lines: &mut BufReader<TcpStream>) -> String {
    let mut data = String::new();
    let mut line = String::new();
    while lines.read_line(&mut line).unwrap_or(0) > 0 {
        if line == ".\r\n" {
            break;
        }
        data.push_str(&line);
        line.clear();
    }
    data
}

impl Mail {
    /// The body as text: lettre sends Chinese as base64 lines.
    pub fn text(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", &self.data));
        let bytes = base64_decode(&body.replace("\r\n", ""));
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Standard base64, padding ignored (enough for the sink's messages).
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(value) = ALPHABET.iter().position(|a| *a == c) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// The SMS gateway stand-in.
pub struct HttpSink {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<serde_json::Value>>>,
    /// The status every request is answered with.
    pub status: Arc<AtomicU16>,
}

impl HttpSink {
    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<serde_json::Value> {
        self.bodies.lock().unwrap().clone()
    }
}

pub async fn http_sink() -> HttpSink {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let status = Arc::new(AtomicU16::new(200));
    let (kept, answer) = (bodies.clone(), status.clone());
    let server = HttpServer::new(move || {
        let (kept, answer) = (kept.clone(), answer.clone());
        App::new().default_service(web::to(move |body: web::Bytes| {
            let (kept, answer) = (kept.clone(), answer.clone());
            async move {
                let json = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                kept.lock().unwrap().push(json);
                let code = actix_web::http::StatusCode::from_u16(answer.load(Ordering::SeqCst)).unwrap();
                HttpResponse::build(code).body("")
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind HTTP sink");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    HttpSink {
        url: format!("http://127.0.0.1:{port}/send"),
        bodies,
        status,
    }
}

/// Waits (polling) until `done` holds; panics after a generous limit so a
/// broken worker fails the test instead of hanging it.
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}
