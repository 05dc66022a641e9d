//! Periods as the Civil Code counts them (Arts. 200–204), for the one-month
//! mediation period and its extensions (DESIGN.md §5.2 "Deadline").
//!
//! Days are China day numbers (`crate::dates`: days since 1970-01-01 in
//! UTC+8). The rules take the rest-day calendar as an argument, so they stay
//! pure: the use-case layer reads the admins' holiday table in the same
//! transaction as the change and hands it in.

use std::collections::BTreeMap;

use time::{Date, Month};

use super::vocabulary::vocabulary;

vocabulary! {
    /// A dated entry of the holiday calendar: a statutory holiday (a rest
    /// day, even on a weekday) or an adjusted working day (调休上班: a
    /// weekend day on which people work).
    pub enum DayKind: "holiday.kind." { Holiday = "holiday", WorkingDay = "working_day" }
}

/// One month: "a case should be mediated within one month of acceptance"
/// (人民调解工作若干规定).
pub const MEDIATION_PERIOD_MONTHS: u32 = 1;

/// How far the rest-day rule looks for a working day. No real calendar has
/// a rest run this long; the bound only keeps a corrupt table (every day a
/// holiday) from looping.
const MAX_REST_RUN: i64 = 366;

/// The Julian day number of 1970-01-01, day 0 of `crate::dates`.
const EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// A period "按照年、月、日计算" (Art. 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
}

/// Which days are rest days: Saturdays and Sundays, plus the dated entries
/// the admins maintain, which override the weekday rule either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    entries: BTreeMap<i64, DayKind>,
}

impl HolidayCalendar {
    /// Weekends only: what the calendar is with no dated entries.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// A calendar from `(day number, kind)` entries; a later entry for the
    /// same day wins (the table allows one per day anyway).
    pub fn new(entries: impl IntoIterator<Item = (i64, DayKind)>) -> Self {
        HolidayCalendar {
            entries: entries.into_iter().collect(),
        }
    }

    /// A rest day is a statutory holiday, or a Saturday or Sunday that is
    /// not an adjusted working day.
    pub fn is_rest_day(&self, day: i64) -> bool {
        match self.entries.get(&day) {
            Some(DayKind::Holiday) => true,
            Some(DayKind::WorkingDay) => false,
            None => is_weekend(day),
        }
    }

    /// `day` itself when it is a working day, else the first working day
    /// after the run of rest days it is in.
    pub fn working_day_from(&self, day: i64) -> i64 {
        (day..=day + MAX_REST_RUN)
            .find(|d| !self.is_rest_day(*d))
            .unwrap_or(day)
    }
}

/// 1970-01-01 was a Thursday; Monday is 0.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn is_weekend(day: i64) -> bool {
    weekday(day) >= 5
}

fn to_date(day: i64) -> Option<Date> {
    Date::from_julian_day(i32::try_from(day + EPOCH_JULIAN_DAY).ok()?).ok()
}

fn from_date(date: Date) -> i64 {
    i64::from(date.to_julian_day()) - EPOCH_JULIAN_DAY
}

/// Art. 202: a period in months ends on the corresponding day of the last
/// month; when that month has no such day (Jan 31 + 1 month), on its last
/// day. Out of the calendar's range the day is returned unchanged.
pub fn add_months(day: i64, months: u32) -> i64 {
    let Some(date) = to_date(day) else {
        return day;
    };
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let (Ok(year), Ok(month)) = (
        i32::try_from(index.div_euclid(12)),
        Month::try_from(index.rem_euclid(12) as u8 + 1),
    ) else {
        return day;
    };
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).map_or(day, from_date)
}

/// The last day of a period that starts on `start_day`.
///
/// - Art. 201: the start day itself is not counted; the period runs from
///   the next day, so N days end on `start_day + N`.
/// - Art. 202: months end on the corresponding day ([`add_months`]).
/// - Art. 203: a last day that is a rest day or statutory holiday moves to
///   the day after the holiday ends, i.e. the next working day.
pub fn last_day(start_day: i64, period: Period, calendar: &HolidayCalendar) -> i64 {
    let natural = match period {
        Period::Days(n) => start_day + i64::from(n),
        Period::Months(n) => add_months(start_day, n),
    };
    calendar.working_day_from(natural)
}

/// The one-month mediation period of a case accepted on `accepted_day`.
pub fn mediation_last_day(accepted_day: i64, calendar: &HolidayCalendar) -> i64 {
    last_day(accepted_day, Period::Months(MEDIATION_PERIOD_MONTHS), calendar)
}

/// A period ends at 24:00 of its last day (Art. 203 ¶2): the instant
/// stored is the following midnight in China, and a case is overdue from
/// that instant on (`now >= end`).
pub fn end_instant(last_day: i64) -> i64 {
    crate::dates::day_start(last_day + 1)
}

/// The last day of a period that ends at `end` (the inverse of
/// [`end_instant`]); what the case page shows.
pub fn last_day_of(end: i64) -> i64 {
    crate::dates::china_day(end - 1)
}

/// Overdue from 24:00 of the last day on.
pub fn has_ended(end: i64, now: i64) -> bool {
    now >= end
}

/// The longest name of a calendar entry ("中华人民共和国国庆节" fits).
const MAX_ENTRY_NAME: usize = 40;

/// A calendar entry as an admin typed it, checked: a real date, a known
/// kind, a name; an adjusted working day only on a Saturday or Sunday
/// (a weekday is a working day already, so such an entry would mean a
/// typing mistake). Problems are (field, message key).
pub fn check_entry(
    day: &str,
    kind: &str,
    name: &str,
) -> Result<(i64, DayKind, String), super::party_details::Problems> {
    let mut problems = Vec::new();
    let parsed = crate::dates::parse_day(day);
    if parsed.is_none() {
        problems.push(("day", "form.error.date"));
    }
    let kind = DayKind::parse(kind.trim());
    match (kind, parsed) {
        (None, _) => problems.push(("kind", "form.error.choose")),
        (Some(DayKind::WorkingDay), Some(d)) if !is_weekend(d) => {
            problems.push(("kind", "holiday.error.working_weekday"));
        }
        _ => {}
    }
    let name = name.trim();
    if name.is_empty() {
        problems.push(("name", "form.error.required"));
    } else if name.chars().count() > MAX_ENTRY_NAME {
        problems.push(("name", "form.error.too_long"));
    }
    match (parsed, kind) {
        (Some(d), Some(k)) if problems.is_empty() => Ok((d, k, name.to_owned())),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{day_text, parse_day};

    fn d(s: &str) -> i64 {
        parse_day(s).unwrap()
    }

    fn text(day: i64) -> String {
        day_text(day)
    }

    fn months(start: &str, n: u32, cal: &HolidayCalendar) -> String {
        text(last_day(d(start), Period::Months(n), cal))
    }

    #[test]
    fn weekdays_are_known() {
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
        assert!(is_weekend(d("2026-12-05")), "a Saturday");
        assert!(is_weekend(d("2026-12-06")), "a Sunday");
        assert!(!is_weekend(d("2026-12-07")), "a Monday");
        assert!(!is_weekend(d("2026-12-04")), "a Friday");
    }

    #[test]
    fn a_month_ends_on_the_corresponding_day() {
        let cal = HolidayCalendar::weekends_only();
        // The case: 2027-01-01 is a Friday, a working day without
        // the 元旦 entry.
        assert_eq!(months("2026-12-01", 1, &cal), "2027-01-01");
        assert_eq!(months("2026-11-30", 1, &cal), "2026-12-30");
        assert_eq!(months("2026-12-15", 1, &cal), "2027-01-15");
    }

    #[test]
    fn a_month_without_the_day_ends_on_its_last_day() {
        assert_eq!(text(add_months(d("2027-01-31"), 1)), "2027-02-28");
        assert_eq!(text(add_months(d("2028-01-31"), 1)), "2028-02-29", "leap year");
        assert_eq!(text(add_months(d("2028-01-29"), 1)), "2028-02-29");
        assert_eq!(text(add_months(d("2027-01-28"), 1)), "2027-02-28");
        assert_eq!(text(add_months(d("2027-03-31"), 1)), "2027-04-30");
        assert_eq!(text(add_months(d("2027-08-31"), 1)), "2027-09-30");
        assert_eq!(text(add_months(d("2027-01-31"), 13)), "2028-02-29");
        assert_eq!(text(add_months(d("2026-12-31"), 2)), "2027-02-28");
    }

    #[test]
    fn the_start_day_is_not_counted() {
        let cal = HolidayCalendar::weekends_only();
        // Monday 2026-12-07 + 1 day = Tuesday; + 4 days = Friday.
        assert_eq!(text(last_day(d("2026-12-07"), Period::Days(1), &cal)), "2026-12-08");
        assert_eq!(text(last_day(d("2026-12-07"), Period::Days(4), &cal)), "2026-12-11");
        assert_eq!(text(last_day(d("2026-12-07"), Period::Days(0), &cal)), "2026-12-07");
    }

    #[test]
    fn a_period_ending_on_a_weekend_moves_to_monday() {
        let cal = HolidayCalendar::weekends_only();
        // 2027-02-06 is a Saturday, 02-07 a Sunday.
        assert_eq!(months("2027-01-06", 1, &cal), "2027-02-08", "Saturday → Monday");
        assert_eq!(months("2027-01-07", 1, &cal), "2027-02-08", "Sunday → Monday");
        assert_eq!(months("2027-01-05", 1, &cal), "2027-02-05", "Friday stays");
        assert_eq!(text(last_day(d("2026-12-07"), Period::Days(5), &cal)), "2026-12-14");
    }

    #[test]
    fn a_period_ending_on_a_holiday_moves_past_the_holiday_run() {
        // 元旦 2027: Friday 01-01 a holiday, then the weekend.
        let cal = HolidayCalendar::new([(d("2027-01-01"), DayKind::Holiday)]);
        assert_eq!(months("2026-12-01", 1, &cal), "2027-01-04");
        // A weekday holiday run: 国庆 2027-10-01 (Fri) to 10-07 (Thu).
        let golden_week = (0..7).map(|i| (d("2027-10-01") + i, DayKind::Holiday));
        let cal = HolidayCalendar::new(golden_week);
        assert_eq!(months("2027-09-04", 1, &cal), "2027-10-08");
        assert_eq!(months("2027-09-07", 1, &cal), "2027-10-08");
        assert_eq!(months("2027-09-08", 1, &cal), "2027-10-08", "the day after the run");
        assert_eq!(months("2027-08-30", 1, &cal), "2027-09-30", "the day before the run");
    }

    #[test]
    fn an_adjusted_working_day_keeps_the_period() {
        // 2027-02-06 is a Saturday marked 调休上班.
        let cal = HolidayCalendar::new([(d("2027-02-06"), DayKind::WorkingDay)]);
        assert_eq!(months("2027-01-06", 1, &cal), "2027-02-06");
        assert_eq!(months("2027-01-07", 1, &cal), "2027-02-08", "the Sunday still rests");
        assert!(!cal.is_rest_day(d("2027-02-06")));
    }

    #[test]
    fn a_calendar_of_only_rest_days_does_not_loop() {
        let all = (0..=MAX_REST_RUN + 1).map(|i| (d("2027-01-01") + i, DayKind::Holiday));
        let cal = HolidayCalendar::new(all);
        assert_eq!(cal.working_day_from(d("2027-01-01")), d("2027-01-01"));
    }

    #[test]
    fn the_period_ends_at_midnight_after_its_last_day() {
        let last = d("2027-01-04");
        let end = end_instant(last);
        assert_eq!(crate::dates::datetime(end), "2027-01-05 00:00:00");
        assert_eq!(last_day_of(end), last);
        assert!(!has_ended(end, end - 1), "23:59:59 of the last day is in time");
        assert!(has_ended(end, end), "24:00 is over");
    }

    #[test]
    fn calendar_entries_are_checked() {
        let (day, kind, name) = check_entry("2027-01-01", "holiday", " 元旦 ").unwrap();
        assert_eq!(
            (text(day).as_str(), kind, name.as_str()),
            ("2027-01-01", DayKind::Holiday, "元旦")
        );
        assert!(
            check_entry("2027-02-06", "working_day", "春节调休").is_ok(),
            "a Saturday"
        );
        assert_eq!(
            check_entry("2027-02-05", "working_day", "调休"),
            Err(vec![("kind", "holiday.error.working_weekday")]),
            "a Friday is a working day anyway"
        );
        assert_eq!(
            check_entry("2027-02-30", "holiday", "x"),
            Err(vec![("day", "form.error.date")])
        );
        assert_eq!(
            check_entry("2027-01-01", "", "x"),
            Err(vec![("kind", "form.error.choose")])
        );
        assert_eq!(
            check_entry("2027-01-01", "holiday", " "),
            Err(vec![("name", "form.error.required")])
        );
        assert!(check_entry("2027-01-01", "holiday", &"节".repeat(40)).is_ok());
        assert_eq!(
            check_entry("2027-01-01", "holiday", &"节".repeat(41)),
            Err(vec![("name", "form.error.too_long")])
        );
    }

    #[test]
    fn the_mediation_period_is_one_month() {
        let cal = HolidayCalendar::weekends_only();
        assert_eq!(text(mediation_last_day(d("2026-12-01"), &cal)), "2027-01-01");
    }
}
