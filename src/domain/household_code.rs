//! Household voting codes (DESIGN.md §4.4): printed on a slip, typed on a
//! phone. 12 characters from an alphabet without look-alikes, shown in groups
//! of four; about 62 bits, and guessing is rate-limited on top of that.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const LEN: usize = 12;

/// A fresh code, e.g. `K7QM-2WXD-9HPA`. The alphabet has 32 letters, so
/// taking 5 bits of each random byte has no bias.
pub fn generate() -> String {
    let mut bytes = [0u8; LEN];
    getrandom::fill(&mut bytes).expect("the OS random source failed");
    let raw: String = bytes.iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect();
    format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
}

/// The canonical form: upper case, separators and spaces dropped. None when
/// it cannot be a code at all (so no database lookup is spent on it).
pub fn normalise(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(code)
}

/// How a stored hash was made (the `hash_scheme` column).
///
/// Codes are now stored as an HMAC keyed with the server secret, as receipt
/// codes are: a copy of the database alone no longer allows checking
/// guesses offline. Codes issued before that were stored as plain SHA-256
/// (`SCHEME_LEGACY`); those slips are already printed and handed out, so
/// they keep working: a lookup tries the keyed hash, then the legacy one,
/// and a legacy row found by its code is rewritten to the keyed hash at
/// that moment (see `db::household_codes::find_live`). Reissuing a
/// building's slips retires every legacy hash at once.
pub const SCHEME_KEYED: &str = "hmac-v1";
pub const SCHEME_LEGACY: &str = "sha256";

/// What is stored for a new code: keyed with the server secret.
pub fn keyed_hash(secret: &[u8], canonical: &str) -> String {
    crate::auth::tokens::hmac_hex(secret, &format!("household-code|{canonical}"))
}

/// The unsalted SHA-256 of codes issued before keyed hashes; only looked up.
pub fn legacy_hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_normalise_and_differ() {
        let code = generate();
        assert_eq!(code.len(), 14);
        let canonical = normalise(&code).unwrap();
        assert_eq!(
            normalise(&code.to_lowercase().replace('-', " ")),
            Some(canonical.clone())
        );
        assert_ne!(generate(), code);
        assert_eq!(keyed_hash(b"k", &canonical).len(), 64);
    }

    #[test]
    fn the_keyed_hash_depends_on_the_secret_and_differs_from_the_legacy_one() {
        let code = "ABCDEFGHJKLM";
        assert_ne!(keyed_hash(b"k1", code), keyed_hash(b"k2", code));
        assert_ne!(keyed_hash(b"k1", code), legacy_hash(code));
        assert_eq!(
            legacy_hash(code),
            hex::encode(Sha256::digest(code.as_bytes())),
            "old rows stay findable"
        );
    }

    #[test]
    fn rejects_non_codes() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("ABCD-EFGH-JKL"), None);
        assert_eq!(normalise("ABCD-EFGH-JKL0"), None, "0 is not in the alphabet");
    }
}
