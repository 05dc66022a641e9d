//! Credentials and secrets: password hashing, random tokens, login throttling.

pub mod login;
pub mod password;
pub mod rate_limit;
pub mod tokens;
