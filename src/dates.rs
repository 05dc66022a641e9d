//! Dates and times as people in Chongqing read them (UTC+8). Day numbers
//! count China calendar days since 1970-01-01, for deadline rules.

use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, macros::format_description};

const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

pub fn datetime(ts: i64) -> String {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(ts) else {
        return String::new();
    };
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.to_offset(CHINA).format(fmt).unwrap_or_default()
}

/// The calendar day in China, as `2026-11-26`.
pub fn date(ts: i64) -> String {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(ts) else {
        return String::new();
    };
    t.to_offset(CHINA)
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The calendar day in China, as a date (for typed spreadsheet cells).
pub fn china_date(ts: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .map(|t| t.to_offset(CHINA).date())
}

/// `2026-11-26` → the Unix time of that midnight in China.
pub fn parse_day_start(s: &str) -> Option<i64> {
    let date = Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()?;
    Some(
        PrimitiveDateTime::new(date, Time::MIDNIGHT)
            .assume_offset(CHINA)
            .unix_timestamp(),
    )
}

pub fn china_day(ts: i64) -> i64 {
    (ts + i64::from(CHINA.whole_seconds())).div_euclid(86_400)
}

/// `2026-11-26` → its China day number.
pub fn parse_day(s: &str) -> Option<i64> {
    parse_day_start(s).map(china_day)
}

/// The Unix time of the midnight in China that starts this day number.
pub fn day_start(day: i64) -> i64 {
    day * 86_400 - i64::from(CHINA.whole_seconds())
}

/// A China day number back to its date, as `2026-11-26`.
pub fn day_text(day: i64) -> String {
    date(day_start(day))
}

pub fn china_year(ts: i64) -> i32 {
    OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| t.to_offset(CHINA).year())
        .unwrap_or(1970)
}

/// The month in China as `yyyymm` (the statistics' month of a case).
pub fn china_month(ts: i64) -> i32 {
    OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| {
            let t = t.to_offset(CHINA);
            t.year() * 100 + i32::from(u8::from(t.month()))
        })
        .unwrap_or(197001)
}

/// The month (`yyyymm`) of a China day number, by the calendar: the
/// screening rounds' month, the same month the statistics give a case
/// accepted that day.
pub fn day_month(day: i64) -> i32 {
    china_month(day_start(day))
}

/// The Unix time of 00:00 in China on the first day of month `yyyymm`.
pub fn month_start(month: i32) -> i64 {
    parse_day_start(&format!("{}-{:02}-01", month / 100, month % 100)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_china_time() {
        assert_eq!(datetime(0), "1970-01-01 08:00:00");
        assert_eq!(parse_day_start("1970-01-02"), Some(86_400 - 8 * 3600));
        assert_eq!(parse_day_start("yesterday"), None);
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(china_day(16 * 3600), 1, "midnight in China is 16:00 UTC");
        assert_eq!(day_text(1), "1970-01-02");
        assert_eq!(china_month(16 * 3600 - 1), 197001);
        assert_eq!(china_month(parse_day_start("2026-12-01").unwrap()), 202612);
        assert_eq!(month_start(202612), parse_day_start("2026-12-01").unwrap());
        assert_eq!(day_month(parse_day("2026-12-31").unwrap()), 202612);
        assert_eq!(day_month(parse_day("2027-01-01").unwrap()), 202701);
        assert_eq!(day_month(0), 197001);
        assert_eq!(china_day(day_start(20_000)), 20_000);
        assert_eq!(china_day(day_start(20_000) - 1), 19_999);
        assert_eq!(parse_day(&day_text(20_000)), Some(20_000));
    }
}
