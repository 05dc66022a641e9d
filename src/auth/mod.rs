//! Credentials and secrets: password hashing, random tokens, the keyed
//! buckets of the attempt limits. The procedures that use them and write
//! rows (login, registration, password change) live in `accounts`.

pub mod common_passwords;
pub mod field_crypto;
pub mod hash_gate;
pub mod password;
pub mod rate_limit;
pub mod tokens;
