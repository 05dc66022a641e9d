//! Credentials and secrets: password hashing, random tokens, login throttling.

pub mod common_passwords;
pub mod field_crypto;
pub mod hash_gate;
pub mod login;
pub mod password;
pub mod rate_limit;
pub mod tokens;
