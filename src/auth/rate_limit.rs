//! The attempt limits, counted in the database (`db::rate_limits`) so they
//! hold across app instances and under concurrent requests.
//!
//! Per address: carrier NAT puts many phones behind one address, so these
//! limits stay generous. Per login name: 5 failures in 15 minutes lock the
//! name, whether or not an account has it, so the answer never tells an
//! attacker which names exist. Buckets are keyed hashes: the table never
//! holds what someone typed as a login (it may be a password) nor an address.

use std::net::IpAddr;

use super::tokens::hmac_hex;
use crate::db::rate_limits::Limit;

pub const IP_WINDOW_SECONDS: i64 = 15 * 60;
pub const IP_MAX_FAILURES: i32 = 30;
/// Five failures lock the name for 15 minutes (DESIGN.md §8).
pub const NAME_MAX_FAILURES: i32 = 5;
pub const NAME_LOCK_SECONDS: i64 = 15 * 60;
/// Wrong receipt or household codes per address and window.
pub const CODE_MAX_FAILURES: i32 = 20;
/// Registration attempts per address and window.
pub const SIGNUP_MAX_ATTEMPTS: i32 = 10;
/// Anonymous submissions (letters, mediation applications, intention forms,
/// "我也是") per address and window. Generous, because a courtyard meeting
/// may send everyone's forms through one community Wi-Fi or carrier NAT;
/// it stops a script, not a neighbourhood.
pub const SUBMISSIONS_PER_WINDOW: i32 = 60;

/// Open-data API requests per address and window: ample for a person or a
/// nightly harvest, not for scraping the API in a loop.
pub const API_REQUESTS_PER_WINDOW: i32 = 600;

fn bucket(secret: &[u8], kind: &str, value: &str) -> String {
    let key = hmac_hex(secret, &format!("rate-limit|{kind}|{value}"));
    format!("{kind}:{}", &key[..32])
}

/// Failed logins from one address.
pub fn login_ip(secret: &[u8], ip: IpAddr) -> Limit {
    Limit {
        bucket: bucket(secret, "login-ip", &ip.to_string()),
        max_hits: IP_MAX_FAILURES,
        window_seconds: IP_WINDOW_SECONDS,
    }
}

/// Failed logins for one login name (normalised: trimmed, lower-case).
pub fn login_name(secret: &[u8], name: &str) -> Limit {
    Limit {
        bucket: bucket(secret, "login-name", name),
        max_hits: NAME_MAX_FAILURES,
        window_seconds: NAME_LOCK_SECONDS,
    }
}

/// Wrong receipt codes (tracking, attaching) and household codes.
pub fn code_guesses(secret: &[u8], ip: IpAddr) -> Limit {
    Limit {
        bucket: bucket(secret, "code-ip", &ip.to_string()),
        max_hits: CODE_MAX_FAILURES,
        window_seconds: IP_WINDOW_SECONDS,
    }
}

/// Registrations from one address, taken numbers or not.
pub fn signups(secret: &[u8], ip: IpAddr) -> Limit {
    Limit {
        bucket: bucket(secret, "signup-ip", &ip.to_string()),
        max_hits: SIGNUP_MAX_ATTEMPTS,
        window_seconds: IP_WINDOW_SECONDS,
    }
}

/// Public submissions from one address.
pub fn submissions(secret: &[u8], ip: IpAddr) -> Limit {
    Limit {
        bucket: bucket(secret, "submit-ip", &ip.to_string()),
        max_hits: SUBMISSIONS_PER_WINDOW,
        window_seconds: IP_WINDOW_SECONDS,
    }
}

/// Open-data API requests from one address.
pub fn api_requests(secret: &[u8], ip: IpAddr) -> Limit {
    Limit {
        bucket: bucket(secret, "api-ip", &ip.to_string()),
        max_hits: API_REQUESTS_PER_WINDOW,
        window_seconds: IP_WINDOW_SECONDS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_keyed_and_hide_what_was_typed() {
        let a = login_name(b"secret-a", "my-password-typed-here");
        assert!(a.bucket.starts_with("login-name:"));
        assert!(!a.bucket.contains("password"));
        assert_ne!(a.bucket, login_name(b"secret-b", "my-password-typed-here").bucket);
        assert_eq!(a, login_name(b"secret-a", "my-password-typed-here"));
        let ip = IpAddr::from([10, 0, 0, 1]);
        assert!(!login_ip(b"k", ip).bucket.contains("10.0.0.1"));
        assert_ne!(login_ip(b"k", ip).bucket, code_guesses(b"k", ip).bucket);
    }
}
