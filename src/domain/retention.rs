//! How long personal data is kept (PIPL art. 19: no longer than the purpose
//! needs). Pure rules: the periods, read from the environment with their
//! defaults, and the reading of a case file's 保管期限. `yuanba purge`
//! applies them (`crate::retention`).
//!
//! What stays: every figure the statistics count (states, dates, types,
//! amounts, places) and the anonymised records themselves, so a purge never
//! changes a report. What goes: the names, numbers, addresses and files
//! that identify a person.

use crate::domain::renovation::DAY as DAY_SECONDS;

/// The periods, in days unless the name says years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// A letter's contact name, phone and photos, counted from its answer
    /// (the status that stopped its resolve clock). Two years leaves time
    /// for a follow-up or a complaint about the answer.
    pub letter_contact_days: i64,
    /// An intention form's contact name and phone, counted from the
    /// project's acceptance (验收): after it no one needs to call back about
    /// the works.
    pub opinion_contact_days: i64,
    /// Delivered, failed or cancelled notifications (they hold a sealed
    /// phone number or e-mail address).
    pub notification_days: i64,
    /// A case file whose 保管期限 reads 短期 (short term).
    pub case_short_years: i64,
    /// A case file whose 保管期限 reads 长期 (long term).
    pub case_long_years: i64,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            letter_contact_days: 730,
            opinion_contact_days: 365,
            notification_days: 180,
            case_short_years: 10,
            case_long_years: 30,
        }
    }
}

/// The environment variables, in the order of [`RetentionPolicy`]'s fields.
pub const ENV_KEYS: [&str; 5] = [
    "YUANBA_RETAIN_LETTER_CONTACT_DAYS",
    "YUANBA_RETAIN_OPINION_CONTACT_DAYS",
    "YUANBA_RETAIN_NOTIFICATION_DAYS",
    "YUANBA_RETAIN_CASE_SHORT_YEARS",
    "YUANBA_RETAIN_CASE_LONG_YEARS",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key} must be a whole number from 0 to 36500, not {value:?}")]
pub struct PolicyError {
    pub key: &'static str,
    pub value: String,
}

impl RetentionPolicy {
    /// The defaults, each replaced by its variable when set. A value that is
    /// not a number is an error, never silently the default: an operator who
    /// shortened a period by law must not get the longer one by a typo.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, PolicyError> {
        let mut policy = RetentionPolicy::default();
        let fields = [
            &mut policy.letter_contact_days,
            &mut policy.opinion_contact_days,
            &mut policy.notification_days,
            &mut policy.case_short_years,
            &mut policy.case_long_years,
        ];
        for (key, field) in ENV_KEYS.into_iter().zip(fields) {
            if let Some(value) = lookup(key) {
                *field = match value.trim().parse::<i64>() {
                    Ok(n) if (0..=36_500).contains(&n) => n,
                    _ => return Err(PolicyError { key, value }),
                };
            }
        }
        Ok(policy)
    }

    pub fn from_env() -> Result<Self, PolicyError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Records that reached their starting point before this time are due.
    pub fn letter_cutoff(&self, now: i64) -> i64 {
        now - self.letter_contact_days * DAY_SECONDS
    }

    pub fn opinion_cutoff(&self, now: i64) -> i64 {
        now - self.opinion_contact_days * DAY_SECONDS
    }

    pub fn notification_cutoff(&self, now: i64) -> i64 {
        now - self.notification_days * DAY_SECONDS
    }

    /// The archive time before which a case file kept for `period` is due,
    /// or None when it is kept for ever or its period cannot be read.
    pub fn case_cutoff(&self, period: ArchivePeriod, now: i64) -> Option<i64> {
        let years = match period {
            ArchivePeriod::Short => self.case_short_years,
            ArchivePeriod::Long => self.case_long_years,
            ArchivePeriod::Years(n) => n,
            ArchivePeriod::Permanent | ArchivePeriod::Unreadable => return None,
        };
        Some(now - years * YEAR_SECONDS)
    }
}

/// A year as archives count it for periods this long: 365.25 days.
const YEAR_SECONDS: i64 = 365 * DAY_SECONDS + DAY_SECONDS / 4;

/// A case file's 保管期限 as the filing mediator wrote it (free text on
/// the archive step: 永久, 长期, 短期 or a number of years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchivePeriod {
    Permanent,
    Long,
    Short,
    Years(i64),
    /// Anything else. Such a file is kept and the dry run names how many,
    /// so that someone reads them: guessing could destroy a file early.
    Unreadable,
}

impl ArchivePeriod {
    pub fn read(text: &str) -> ArchivePeriod {
        let t = text.trim().to_lowercase().replace([' ', '_', '-'], "");
        match t.as_str() {
            "永久" | "permanent" | "permanently" => return ArchivePeriod::Permanent,
            "长期" | "longterm" | "long" => return ArchivePeriod::Long,
            "短期" | "shortterm" | "short" => return ArchivePeriod::Short,
            _ => {}
        }
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        let rest = &t[digits.len()..];
        let unit = matches!(rest, "年" | "y" | "year" | "years");
        match digits.parse::<i64>() {
            Ok(n) if unit && (1..=100).contains(&n) => ArchivePeriod::Years(n),
            _ => ArchivePeriod::Unreadable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| owned.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn unset_variables_keep_the_documented_defaults() {
        let p = RetentionPolicy::from_lookup(lookup(&[])).unwrap();
        assert_eq!(p, RetentionPolicy::default());
        assert_eq!((p.letter_contact_days, p.opinion_contact_days), (730, 365));
        assert_eq!((p.case_short_years, p.case_long_years), (10, 30));
    }

    #[test]
    fn a_variable_replaces_its_period_at_both_bounds() {
        let p = RetentionPolicy::from_lookup(lookup(&[("YUANBA_RETAIN_LETTER_CONTACT_DAYS", "0")])).unwrap();
        assert_eq!(p.letter_contact_days, 0);
        let p = RetentionPolicy::from_lookup(lookup(&[("YUANBA_RETAIN_CASE_LONG_YEARS", " 36500 ")])).unwrap();
        assert_eq!(p.case_long_years, 36_500);
    }

    #[test]
    fn a_bad_value_is_an_error_naming_its_variable() {
        for bad in ["-1", "36501", "two years", ""] {
            let err = RetentionPolicy::from_lookup(lookup(&[("YUANBA_RETAIN_NOTIFICATION_DAYS", bad)])).unwrap_err();
            assert_eq!(err.key, "YUANBA_RETAIN_NOTIFICATION_DAYS", "{bad:?}");
        }
    }

    #[test]
    fn cutoffs_count_back_from_now() {
        let p = RetentionPolicy::default();
        let now = 1_000 * DAY_SECONDS;
        assert_eq!(p.letter_cutoff(now), 270 * DAY_SECONDS);
        assert_eq!(p.opinion_cutoff(now), 635 * DAY_SECONDS);
        assert_eq!(p.notification_cutoff(now), 820 * DAY_SECONDS);
        assert_eq!(p.case_cutoff(ArchivePeriod::Short, now), Some(now - 10 * YEAR_SECONDS));
        assert_eq!(
            p.case_cutoff(ArchivePeriod::Years(3), now),
            Some(now - 3 * YEAR_SECONDS)
        );
        assert_eq!(p.case_cutoff(ArchivePeriod::Permanent, now), None);
        assert_eq!(p.case_cutoff(ArchivePeriod::Unreadable, now), None);
    }

    #[test]
    fn archive_periods_read_as_mediators_write_them() {
        assert_eq!(ArchivePeriod::read("永久"), ArchivePeriod::Permanent);
        assert_eq!(ArchivePeriod::read("长期"), ArchivePeriod::Long);
        assert_eq!(ArchivePeriod::read("long_term"), ArchivePeriod::Long);
        assert_eq!(ArchivePeriod::read(" 短期 "), ArchivePeriod::Short);
        assert_eq!(ArchivePeriod::read("10 年"), ArchivePeriod::Years(10));
        assert_eq!(ArchivePeriod::read("30年"), ArchivePeriod::Years(30));
        assert_eq!(ArchivePeriod::read("10 years"), ArchivePeriod::Years(10));
        assert_eq!(ArchivePeriod::read("1 year"), ArchivePeriod::Years(1));
        assert_eq!(ArchivePeriod::read("100年"), ArchivePeriod::Years(100));
    }

    #[test]
    fn what_cannot_be_read_is_kept() {
        for text in ["", "0年", "101年", "十年", "10", "about 10 years", "长期或永久"] {
            assert_eq!(ArchivePeriod::read(text), ArchivePeriod::Unreadable, "{text:?}");
        }
    }
}
