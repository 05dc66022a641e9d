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

/// What is stored: the SHA-256 of the canonical form.
pub fn hash(canonical: &str) -> String {
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
        assert_eq!(hash(&canonical).len(), 64);
    }

    #[test]
    fn rejects_non_codes() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("ABCD-EFGH-JKL"), None);
        assert_eq!(normalise("ABCD-EFGH-JKL0"), None, "0 is not in the alphabet");
    }
}
