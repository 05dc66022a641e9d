//! Referral deadlines: the receiving organisation accepts within a number
//! of working days (3 by default) and reports the outcome within a period
//! counted from acceptance as the Civil Code counts periods.
//!
//! Days are China day numbers (`crate::dates`); the holiday calendar is the
//! admins' one (`legal_period::HolidayCalendar`), so 调休 working days count
//! and statutory holidays do not. Deadlines are stored as the instant they
//! end (24:00 of the last day, `legal_period::end_instant`).

use super::referral::ReferralState;
use crate::domain::legal_period::{self, HolidayCalendar, Period};

/// "受理期限 3 个工作日": the default the issue names.
pub const ACCEPT_WORKING_DAYS: u32 = 3;

/// Days an organisation has from acceptance to report how the dispute
/// ended, unless the referral sets another period: the one-month
/// mediation period of 人民调解工作若干规定 as a day count, so every
/// channel is compared on the same clock.
pub const REPORT_DAYS: u32 = 30;

/// The longest report period the centre may set: arbitration's 45 days
/// extended once by 15 (劳动争议调解仲裁法 Art. 43) leaves 60; more than a
/// few months means the date was mistyped.
pub const REPORT_DAYS_MAX: u32 = 180;

/// The `n`th working day after `day` (the day itself never counts: a
/// referral sent on a Friday afternoon has three full working days).
pub fn nth_working_day_after(day: i64, n: u32, calendar: &HolidayCalendar) -> i64 {
    let mut current = day;
    for _ in 0..n {
        current = calendar.working_day_from(current + 1);
    }
    current
}

/// The last day to accept a referral sent on `sent_day`.
pub fn accept_last_day(sent_day: i64, working_days: u32, calendar: &HolidayCalendar) -> i64 {
    nth_working_day_after(sent_day, working_days, calendar)
}

/// The last day to report the outcome of a referral accepted on `accepted_day`.
pub fn report_last_day(accepted_day: i64, days: u32, calendar: &HolidayCalendar) -> i64 {
    legal_period::last_day(accepted_day, Period::Days(days), calendar)
}

/// Past the deadline of the state it is in: acceptance while sent, the
/// outcome once accepted. Other states have no running deadline.
pub fn is_overdue(state: ReferralState, accept_by: i64, report_by: Option<i64>, now: i64) -> bool {
    match state {
        ReferralState::Sent => legal_period::has_ended(accept_by, now),
        ReferralState::Accepted => report_by.is_some_and(|end| legal_period::has_ended(end, now)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{day_start, parse_day};
    use crate::domain::legal_period::{DayKind, end_instant};

    fn day(s: &str) -> i64 {
        parse_day(s).expect("a test date")
    }

    #[test]
    fn three_working_days_from_a_monday_end_on_thursday() {
        let cal = HolidayCalendar::weekends_only();
        assert_eq!(accept_last_day(day("2026-11-30"), 3, &cal), day("2026-12-03"));
    }

    #[test]
    fn sent_on_a_friday_the_weekend_does_not_count() {
        let cal = HolidayCalendar::weekends_only();
        assert_eq!(accept_last_day(day("2026-12-04"), 3, &cal), day("2026-12-09"));
        // Sent on Saturday, the working days start on Monday.
        assert_eq!(accept_last_day(day("2026-12-05"), 3, &cal), day("2026-12-09"));
        assert_eq!(accept_last_day(day("2026-12-04"), 1, &cal), day("2026-12-07"));
    }

    #[test]
    fn a_holiday_does_not_count_and_an_adjusted_working_day_does() {
        let new_year = HolidayCalendar::new([(day("2027-01-01"), DayKind::Holiday)]);
        // Wed 30 Dec: Thu 31 (1), Fri 1 Jan holiday, Mon 4 (2), Tue 5 (3).
        assert_eq!(accept_last_day(day("2026-12-30"), 3, &new_year), day("2027-01-05"));
        let with_makeup = HolidayCalendar::new([
            (day("2027-01-01"), DayKind::Holiday),
            (day("2027-01-02"), DayKind::WorkingDay),
        ]);
        assert_eq!(accept_last_day(day("2026-12-30"), 3, &with_makeup), day("2027-01-04"));
    }

    #[test]
    fn a_long_holiday_moves_the_deadline_past_all_of_it() {
        let golden_week = HolidayCalendar::new((0..7).map(|i| (day("2026-10-01") + i, DayKind::Holiday)));
        // Tue 29 Sep: Wed 30 (1), 1–7 Oct holiday, Thu 8 (2), Fri 9 (3).
        assert_eq!(accept_last_day(day("2026-09-29"), 3, &golden_week), day("2026-10-09"));
    }

    #[test]
    fn zero_working_days_is_the_sent_day_itself() {
        let cal = HolidayCalendar::weekends_only();
        assert_eq!(accept_last_day(day("2026-12-04"), 0, &cal), day("2026-12-04"));
    }

    #[test]
    fn the_report_period_follows_the_civil_code() {
        let cal = HolidayCalendar::weekends_only();
        // 30 days from Tue 1 Dec is Thu 31 Dec.
        assert_eq!(report_last_day(day("2026-12-01"), 30, &cal), day("2026-12-31"));
        // 30 days from Thu 5 Nov is Sat 5 Dec → Monday 7 Dec.
        assert_eq!(report_last_day(day("2026-11-05"), 30, &cal), day("2026-12-07"));
    }

    #[test]
    fn overdue_from_midnight_after_the_last_day_in_the_open_states_only() {
        let last = day("2026-12-09");
        let end = end_instant(last);
        let at_last_second = day_start(last + 1) - 1;
        assert!(!is_overdue(ReferralState::Sent, end, None, at_last_second));
        assert!(is_overdue(ReferralState::Sent, end, None, end));
        assert!(
            !is_overdue(ReferralState::Accepted, end, None, end),
            "no report deadline yet"
        );
        assert!(is_overdue(ReferralState::Accepted, 0, Some(end), end));
        assert!(!is_overdue(ReferralState::Accepted, 0, Some(end), end - 1));
        for state in [
            ReferralState::Returned,
            ReferralState::OutcomeReported,
            ReferralState::Closed,
        ] {
            assert!(!is_overdue(state, 0, Some(0), end), "{state:?}");
        }
    }
}
