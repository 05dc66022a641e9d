//! Random and malformed form bodies from a seeded generator: each run sends
//! the same requests, so a failure can be replayed from its seed and case.

use fastrand::Rng;

use super::samples::{File, Form};

/// Values that have broken form handlers elsewhere: wrong types, out-of-range
/// numbers, impossible dates, ids of the wrong kind, markup, control
/// characters and text past every length limit.
const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "2147483648",
    "-2147483649",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "3.5",
    "0x1F",
    "true",
    "null",
    "[]",
    "{}",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "2026-1-1",
    "26/11/2026",
    "yesterday",
    "../../etc/passwd",
    "' OR 1=1 --",
    "\"; DROP TABLE cases; --",
    "<script>alert(1)</script>",
    "%00",
    "\u{0}",
    "a\u{0}b",
    "\t\r\n\u{b}\u{c}\u{7f}",
    "\u{202e}gnp.exe",
    "𠮷😀👨‍👩‍👧",
    "\u{feff}",
    "00000000-0000-0000-0000-000000000000",
    "018f0000-0000-7000-8000-000000000000",
    "13812345678",
    "110101199003078515",
    "yes",
    "no",
    "on",
    "given",
    "ordinary",
    "unanimity",
];

pub struct Fuzzer {
    rng: Rng,
    /// Real ids of the world, to be sent where another kind is expected.
    ids: Vec<String>,
}

/// One fuzzed body: raw url-encoded bytes, or multipart fields and files.
pub enum Body {
    UrlEncoded(Vec<u8>),
    Multipart(Vec<(String, Vec<u8>)>, Vec<File>),
}

impl Fuzzer {
    pub fn new(seed: u64, ids: Vec<String>) -> Self {
        Fuzzer {
            rng: Rng::with_seed(seed),
            ids,
        }
    }

    /// A value for a field whose realistic value is `sample`.
    fn value(&mut self, sample: &str) -> Vec<u8> {
        match self.rng.u8(0..10) {
            0 => sample.as_bytes().to_vec(),
            1 => self.ids[self.rng.usize(..self.ids.len())].clone().into_bytes(),
            2 => self.long_text(),
            3 => self.invalid_utf8(),
            4 => {
                let mut s = sample.as_bytes().to_vec();
                let nasty = NASTY[self.rng.usize(..NASTY.len())];
                s.extend_from_slice(nasty.as_bytes());
                s
            }
            5 => (0..self.rng.usize(1..40)).map(|_| self.rng.u8(..)).collect(),
            _ => NASTY[self.rng.usize(..NASTY.len())].as_bytes().to_vec(),
        }
    }

    /// Text past the limits: within the 64 KB form limit, or well over it.
    fn long_text(&mut self) -> Vec<u8> {
        let unit = ["a", "测", "😀", "1", "\n"][self.rng.usize(..5)];
        let n = [300, 2_001, 10_000, 70_000][self.rng.usize(..4)];
        unit.repeat(n).into_bytes()
    }

    fn invalid_utf8(&mut self) -> Vec<u8> {
        let bad: &[&[u8]] = &[
            b"\xff\xfe",
            b"\xc3\x28",
            b"abc\x80",
            b"\xed\xa0\x80",
            b"\xf0\x28\x8c\x28",
        ];
        bad[self.rng.usize(..bad.len())].to_vec()
    }

    /// The sample's fields with one to three values replaced, now and then
    /// one dropped or sent twice with different values, and an unknown one
    /// added. The other fields keep their realistic values, so that the bad
    /// one gets past their checks to the code behind them.
    fn fields(&mut self, sample: &Form) -> Vec<(String, Vec<u8>)> {
        let n = sample.fields.len().max(1);
        let bad: Vec<usize> = (0..self.rng.usize(1..=3)).map(|_| self.rng.usize(..n)).collect();
        let mut out = Vec::new();
        for (i, (name, sample_value)) in sample.fields.iter().enumerate() {
            if self.rng.u8(0..15) == 0 {
                continue;
            }
            let value = if bad.contains(&i) {
                self.value(sample_value)
            } else {
                sample_value.clone().into_bytes()
            };
            out.push((name.clone(), value));
            if self.rng.u8(0..10) == 0 {
                out.push((name.clone(), self.value(sample_value)));
            }
        }
        if self.rng.bool() {
            let name = ["x", "version[]", "id", "csrf2", "a_", "p_", "__proto__"][self.rng.usize(..7)];
            out.push((name.to_owned(), self.value("")));
        }
        out
    }

    pub fn body(&mut self, csrf: &str, sample: &Form) -> Body {
        let fields = self.fields(sample);
        match &sample.files {
            None => Body::UrlEncoded(url_encode(csrf, &fields)),
            Some(files) => {
                let mut fuzzed = Vec::new();
                for (field, name, content_type, data) in files {
                    if self.rng.u8(0..4) == 0 {
                        continue;
                    }
                    let data = match self.rng.u8(0..4) {
                        0 => data.clone(),
                        1 => Vec::new(),
                        2 => data[..data.len() / 2].to_vec(),
                        _ => (0..self.rng.usize(1..2_000)).map(|_| self.rng.u8(..)).collect(),
                    };
                    let name = if self.rng.bool() {
                        name.clone()
                    } else {
                        "\u{0}../x.png".into()
                    };
                    fuzzed.push((field.clone(), name, content_type.clone(), data));
                }
                let files = fuzzed;
                Body::Multipart(fields, files)
            }
        }
    }
}

/// `csrf=…&name=value…`, percent-encoding every byte as it is, so invalid
/// UTF-8 reaches the server as such.
fn url_encode(csrf: &str, fields: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = format!("csrf={csrf}").into_bytes();
    for (name, value) in fields {
        out.push(b'&');
        percent(name.as_bytes(), &mut out);
        out.push(b'=');
        percent(value, &mut out);
    }
    out
}

fn percent(bytes: &[u8], out: &mut Vec<u8>) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
}
