//! The common-password check behind the password policy (ASVS 2.1.7):
//! a password that appears in public breach lists is refused whatever its
//! length.
//!
//! Provenance of the shipped lists:
//! - `common_passwords.txt`: the first 10,000 entries, in rank order, of the
//!   `passwords` frequency list in the `zxcvbn` package 4.5.0 on PyPI (MIT
//!   licence, © 2016 Daniel Wolf), itself built from the Xato ten-million
//!   password corpus. Regenerate with `FREQUENCY_LISTS["passwords"][:10000]`.
//! - `common_passwords_zh.txt`: a short supplement written for this app:
//!   digit runs, keyboard walks and pinyin phrases that Chinese breach
//!   analyses (the 2011 CSDN leak) rank highly and that are long enough to
//!   pass the length rule, plus obvious names of this app and its district.

use std::collections::HashSet;
use std::sync::OnceLock;

const TOP_10000: &str = include_str!("common_passwords.txt");
const SUPPLEMENT_ZH: &str = include_str!("common_passwords_zh.txt");

fn list() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        TOP_10000
            .lines()
            .chain(SUPPLEMENT_ZH.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// True for a listed password (compared case-insensitively, ignoring
/// surrounding spaces) and for one character repeated.
pub fn is_common(password: &str) -> bool {
    let normalised = password.trim().to_lowercase();
    let mut chars = normalised.chars();
    let repeated = chars.next().is_some_and(|first| chars.all(|c| c == first));
    repeated || list().contains(normalised.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_holds_ten_thousand_ranked_entries() {
        assert_eq!(TOP_10000.lines().count(), 10_000);
        assert_eq!(TOP_10000.lines().next(), Some("123456"));
    }

    #[test]
    fn listed_and_repeated_passwords_are_common() {
        for pw in [
            "1234567890",
            "QwertyUiop",
            " password1 ",
            "woaini1314",
            "aaaaaaaaaaaa",
            "1q2w3e4r5t",
        ] {
            assert!(is_common(pw), "{pw}");
        }
        // The demo password and the passwords the tests use.
        for pw in [
            "a long enough password",
            "yuanba-demo-2026",
            "user-password-2026",
            "test-admin-password-2026",
        ] {
            assert!(!is_common(pw), "{pw}");
        }
    }
}
