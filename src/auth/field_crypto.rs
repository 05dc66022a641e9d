//! Encryption at rest for sensitive fields (identity numbers), with
//! ChaCha20-Poly1305. The key is derived from the instance secret, so every
//! instance sharing `YUANBA_SESSION_SECRET` can read what another wrote.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use super::tokens::hmac_hex;

pub struct FieldCipher {
    cipher: ChaCha20Poly1305,
}

impl FieldCipher {
    pub fn from_secret(secret: &[u8]) -> Self {
        // A separate key per purpose: the CSRF key never encrypts data.
        let key = hex::decode(hmac_hex(secret, "yuanba field encryption v1")).expect("hmac output is hex");
        FieldCipher {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }

    /// `hex(nonce || ciphertext)`; a fresh random nonce every time.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("the OS random source failed");
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("encryption cannot fail for small inputs");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        hex::encode(out)
    }

    /// None when the value was not sealed with this key or was altered.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed).ok().filter(|b| b.len() > 12)?;
        let (nonce, body) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_round_trip_and_hide_the_plaintext() {
        let cipher = FieldCipher::from_secret(&[7u8; 32]);
        let sealed = cipher.seal("11010519491231002X");
        assert!(!sealed.contains("1101051949"));
        assert_ne!(sealed, cipher.seal("11010519491231002X"), "fresh nonce each time");
        assert_eq!(cipher.open(&sealed).as_deref(), Some("11010519491231002X"));
        assert_eq!(FieldCipher::from_secret(&[8u8; 32]).open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered.replace_range(30..32, if &sealed[30..32] == "00" { "01" } else { "00" });
        assert_eq!(cipher.open(&tampered), None);
    }
}
