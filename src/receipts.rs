//! Receipt codes and one-time form tokens: what lets a resident come back
//! to a letter or a case without an account, and a double-clicked form
//! create nothing twice (DESIGN.md §4.5, §5.1, §8).
//!
//! Neither a form token nor a receipt code is ever stored as the browser
//! saw it. The token is stored as a keyed hash of itself *and* the browser's
//! session ([`form_token_key`]); the receipt code is derived from the same
//! two with the server secret ([`receipt_for_token`]), so a re-post from the
//! same browser shows the same code again, and only its SHA-256 is stored
//! ([`receipt_hash`]). The HMAC inputs below are part of stored data: a
//! change would orphan every receipt code and form token already issued
//! (the tests pin them).

use crate::auth::tokens::{hmac_hex, random_token, sha256_hex};

/// A fresh one-time token for a form (256 random bits, hex).
pub fn new_form_token() -> String {
    random_token()
}

/// The stored form of `token` as posted by the browser whose session (or
/// anonymous) cookie is `binding`. Both are random hex, so `|` separates
/// them unambiguously. A stored key posted back is hashed again and matches
/// nothing, and the same token from another browser is another form.
pub fn form_token_key(secret: &[u8], binding: &str, token: &str) -> String {
    hmac_hex(secret, &format!("form-token|{binding}|{token}"))
}

/// The receipt code of the form `form_token` posted by the browser
/// `binding`: a double-clicked form shows the same code again in the same
/// browser, while the database keeps only hashes of either input.
pub fn receipt_for_token(secret: &[u8], binding: &str, form_token: &str) -> String {
    let mac = hex::decode(hmac_hex(secret, &format!("receipt|{binding}|{form_token}"))).expect("hmac output is hex");
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(&mac[..20]);
    receipt_code(&bytes)
}

/// What is stored of a receipt code, from the code as typed; None when the
/// input cannot be a code.
pub fn receipt_hash(code: &str) -> Option<String> {
    normalize_receipt_code(code).map(|c| sha256_hex(&c))
}

/// Crockford base32: no I, L, O, U, so codes read aloud without confusion.
const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code from 20 random bytes (160 bits), shown as 8 groups of 4.
pub fn receipt_code(random: &[u8; 20]) -> String {
    let mut bits: u64 = 0;
    let mut nbits = 0;
    let mut out = String::with_capacity(40);
    for byte in random {
        bits = (bits << 8) | u64::from(*byte);
        nbits += 8;
        while nbits >= 5 {
            nbits -= 5;
            out.push(RECEIPT_ALPHABET[((bits >> nbits) & 31) as usize] as char);
        }
    }
    let chars: Vec<char> = out.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What people type back: any case, spaces or hyphens, and the usual
/// look-alikes (O→0, I/L→1). Returns None when it cannot be a code.
pub fn normalize_receipt_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(32);
    for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !RECEIPT_ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == 32).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_carry_160_bits_and_survive_retyping() {
        let code = receipt_code(&[0xA5; 20]);
        assert_eq!(code.len(), 32 + 7);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_receipt_code(&typed), Some(code.replace('-', "")));
        assert_eq!(normalize_receipt_code("too short"), None);
        assert_ne!(receipt_code(&[0; 20]), receipt_code(&[1; 20]));
    }

    #[test]
    fn the_key_depends_on_token_browser_and_secret_and_is_not_the_token() {
        let k = form_token_key(b"s", "browser-a", "t1");
        assert_ne!(k, "t1");
        assert_ne!(k, form_token_key(b"s", "browser-b", "t1"));
        assert_ne!(k, form_token_key(b"s", "browser-a", "t2"));
        assert_ne!(k, form_token_key(b"other", "browser-a", "t1"));
        assert_eq!(k, form_token_key(b"s", "browser-a", "t1"));
        assert_ne!(
            form_token_key(b"s", "browser-a", &k),
            k,
            "a stored key posted back is another key"
        );
    }

    /// Values computed outside this crate (Python's hmac and hashlib): the
    /// bindings of data already stored must never change.
    #[test]
    fn the_hmac_bindings_are_pinned() {
        assert_eq!(
            form_token_key(b"secret", "browser", "token"),
            "d942d40b5d55fc2c610afba3c833cdbfbc2bd9e37fb34661336559ea73fd9ae5"
        );
        let code = receipt_for_token(b"secret", "browser", "token");
        assert_eq!(code, "BSJF-HHB6-CFD9-B4EW-PGBM-3JXP-T2X5-35S8");
        assert_eq!(
            receipt_hash(&code).as_deref(),
            Some("18210e928c27c9896f73a5553a0d7f66c5a2cd77562d6c4cd8912a200e9b9853")
        );
        assert_eq!(
            receipt_hash("bsjf hhb6 cfd9 b4ew pgbm 3jxp t2x5 35s8"),
            receipt_hash(&code)
        );
    }

    #[test]
    fn form_tokens_are_fresh() {
        assert_eq!(new_form_token().len(), 64);
        assert_ne!(new_form_token(), new_form_token());
    }
}
