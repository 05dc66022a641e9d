//! Credentials and secrets: password hashing, random tokens, login throttling.

pub mod field_crypto;
pub mod login;
pub mod password;
pub mod rate_limit;
pub mod tokens;
