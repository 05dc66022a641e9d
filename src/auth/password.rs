//! argon2id password hashing at the OWASP minimum (m=19456 KiB, t=2, p=1).
//! These calls are CPU-heavy: callers run them inside `web::state::block`.

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).expect("static argon2 params are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError;

pub fn hash(password: &str) -> Result<String, HashError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| HashError)
}

/// The outcome of a verification, with a hint to upgrade old parameters.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    Yes { needs_rehash: bool },
    No,
}

pub fn verify(password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified::No;
    };
    if hasher().verify_password(password.as_bytes(), &parsed).is_err() {
        return Verified::No;
    }
    Verified::Yes {
        needs_rehash: is_weaker_than_policy(&parsed),
    }
}

/// Verification uses the parameters stored in the hash, so a hash made under
/// an older, weaker policy keeps working; we upgrade it at the next login.
fn is_weaker_than_policy(parsed: &PasswordHash) -> bool {
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(parsed) {
        Ok(p) => p.m_cost() < M_COST_KIB || p.t_cost() < T_COST,
        Err(_) => true,
    }
}

/// Unknown users are checked against this hash, so the time taken does not
/// tell an attacker whether the account exists.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("yuanba-dummy-password-for-timing").unwrap_or_default());
    let _ = verify(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id_at_policy() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert_eq!(
            verify("correct horse battery", &h),
            Verified::Yes { needs_rehash: false }
        );
        assert_eq!(verify("wrong", &h), Verified::No);
        assert_eq!(verify("x", "not a hash"), Verified::No);
    }

    #[test]
    fn weaker_hashes_ask_for_rehash() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8, 1, 1, None).unwrap())
            .hash_password(b"pw-123456789")
            .unwrap()
            .to_string();
        assert_eq!(verify("pw-123456789", &weak), Verified::Yes { needs_rehash: true });
    }
}
