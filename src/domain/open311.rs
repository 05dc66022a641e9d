//! The rules of the open-data API (DESIGN.md §10), in the words of Open311
//! GeoReport v2: which letters are public, how a letter's status reads as
//! `open`/`closed`, the request filters and their bounds, and times as
//! ISO 8601.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::letters::LetterStatus;

/// Requests per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 200;
/// At most this many service codes in one filter.
const MAX_SERVICE_CODES: usize = 20;

/// A letter is public when staff handled it (not merely received, not a
/// duplicate: as on the compound's board) and approved a public text: the
/// API never shows a letter as the resident wrote it.
pub fn is_public(status: LetterStatus, has_public_text: bool) -> bool {
    has_public_text && !matches!(status, LetterStatus::Received | LetterStatus::Duplicate)
}

/// GeoReport's two statuses. A letter is closed once done or declined;
/// answered and adopted letters are still being carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStatus {
    Open,
    Closed,
}

impl OpenStatus {
    pub fn of(status: LetterStatus) -> Self {
        match status {
            LetterStatus::Done | LetterStatus::Declined => OpenStatus::Closed,
            _ => OpenStatus::Open,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OpenStatus::Open => "open",
            OpenStatus::Closed => "closed",
        }
    }

    /// The letter statuses of this GeoReport status, among public ones.
    pub fn letter_statuses(self) -> &'static [LetterStatus] {
        match self {
            OpenStatus::Open => &[LetterStatus::InProgress, LetterStatus::Answered, LetterStatus::Adopted],
            OpenStatus::Closed => &[LetterStatus::Done, LetterStatus::Declined],
        }
    }
}

/// What a client may get wrong in a request's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    Status,
    Date,
    Page,
    ServiceCode,
}

/// The filters of `requests.json`, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestFilter {
    pub service_codes: Vec<String>,
    /// Empty: both open and closed.
    pub statuses: Vec<OpenStatus>,
    pub start: Option<i64>,
    /// Requests made before this time (the end date is inclusive: a day
    /// alone includes that whole day).
    pub end_before: Option<i64>,
    pub page: i64,
    pub page_size: i64,
}

impl RequestFilter {
    /// The rows to skip for the page.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

/// The raw query parameters, as GeoReport names them.
#[derive(Debug, Clone, Default)]
pub struct RawFilter<'a> {
    pub service_code: &'a str,
    pub status: &'a str,
    pub start_date: &'a str,
    pub end_date: &'a str,
    pub page: &'a str,
    pub page_size: &'a str,
}

/// Checks the parameters: lists are comma-separated as GeoReport says,
/// dates are ISO 8601 (a day alone means its midnight in China), pages
/// count from 1 and a page holds at most [`MAX_PAGE_SIZE`] requests.
pub fn parse_filter(raw: &RawFilter<'_>) -> Result<RequestFilter, FilterError> {
    let list = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let service_codes = list(raw.service_code);
    if service_codes.len() > MAX_SERVICE_CODES || service_codes.iter().any(|c| c.len() > 64) {
        return Err(FilterError::ServiceCode);
    }
    let mut statuses = Vec::new();
    for s in list(raw.status) {
        let status = match s.as_str() {
            "open" => OpenStatus::Open,
            "closed" => OpenStatus::Closed,
            _ => return Err(FilterError::Status),
        };
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    let date = |s: &str, end: bool| -> Result<Option<i64>, FilterError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let time = parse_time(s).ok_or(FilterError::Date)?;
        let day_only = OffsetDateTime::parse(s, &Rfc3339).is_err();
        Ok(Some(match (end, day_only) {
            (false, _) => time,
            (true, true) => time + 86_400,
            (true, false) => time + 1,
        }))
    };
    let number = |s: &str, default: i64, max: i64| -> Result<i64, FilterError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(default);
        }
        s.parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or(FilterError::Page)
    };
    Ok(RequestFilter {
        service_codes,
        statuses,
        start: date(raw.start_date, false)?,
        end_before: date(raw.end_date, true)?,
        page: number(raw.page, 1, 1_000_000)?,
        page_size: number(raw.page_size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?,
    })
}

/// `2026-12-01T08:00:00+08:00`, `2026-12-01T00:00:00Z` or `2026-12-01`
/// (midnight in China) as Unix time.
pub fn parse_time(s: &str) -> Option<i64> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    crate::dates::parse_day_start(s)
}

/// Unix time as ISO 8601 in China's offset: `2026-12-01T09:30:00+08:00`.
pub fn iso_time(ts: i64) -> String {
    let china = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.to_offset(china).format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawFilter<'static> {
        RawFilter::default()
    }

    #[test]
    fn only_handled_letters_with_an_approved_text_are_public() {
        assert!(is_public(LetterStatus::InProgress, true));
        assert!(is_public(LetterStatus::Done, true));
        assert!(!is_public(LetterStatus::InProgress, false));
        assert!(!is_public(LetterStatus::Received, true));
        assert!(!is_public(LetterStatus::Duplicate, true));
    }

    #[test]
    fn done_and_declined_are_closed_the_rest_open() {
        assert_eq!(OpenStatus::of(LetterStatus::Done), OpenStatus::Closed);
        assert_eq!(OpenStatus::of(LetterStatus::Declined), OpenStatus::Closed);
        assert_eq!(OpenStatus::of(LetterStatus::Answered), OpenStatus::Open);
        assert_eq!(OpenStatus::of(LetterStatus::Adopted), OpenStatus::Open);
        for s in LetterStatus::ALL {
            if is_public(*s, true) {
                assert!(OpenStatus::of(*s).letter_statuses().contains(s), "{s:?}");
            }
        }
    }

    #[test]
    fn defaults_and_lists() {
        let f = parse_filter(&raw()).unwrap();
        assert_eq!((f.page, f.page_size, f.offset()), (1, DEFAULT_PAGE_SIZE, 0));
        let f = parse_filter(&RawFilter {
            service_code: "facilities, safety,",
            status: "open,closed,open",
            page: "3",
            page_size: "10",
            ..raw()
        })
        .unwrap();
        assert_eq!(f.service_codes, ["facilities", "safety"]);
        assert_eq!(f.statuses, [OpenStatus::Open, OpenStatus::Closed]);
        assert_eq!(f.offset(), 20);
    }

    #[test]
    fn pages_are_bounded() {
        let page_size = |s| parse_filter(&RawFilter { page_size: s, ..raw() });
        assert_eq!(page_size("200").unwrap().page_size, MAX_PAGE_SIZE);
        assert_eq!(page_size("201"), Err(FilterError::Page));
        assert_eq!(page_size("0"), Err(FilterError::Page));
        assert_eq!(page_size("x"), Err(FilterError::Page));
        assert_eq!(parse_filter(&RawFilter { page: "0", ..raw() }), Err(FilterError::Page));
    }

    #[test]
    fn unknown_statuses_and_bad_dates_are_refused() {
        assert_eq!(
            parse_filter(&RawFilter {
                status: "pending",
                ..raw()
            }),
            Err(FilterError::Status)
        );
        assert_eq!(
            parse_filter(&RawFilter {
                start_date: "yesterday",
                ..raw()
            }),
            Err(FilterError::Date)
        );
        let many = ["a"; 21].join(",");
        let codes = RawFilter {
            service_code: &many,
            ..raw()
        };
        assert_eq!(parse_filter(&codes), Err(FilterError::ServiceCode));
    }

    #[test]
    fn the_end_date_is_inclusive() {
        let day = parse_filter(&RawFilter {
            end_date: "2026-12-01",
            ..raw()
        })
        .unwrap();
        assert_eq!(day.end_before, Some(1_796_083_200 - 8 * 3600 + 86_400));
        let instant = parse_filter(&RawFilter {
            end_date: "2026-12-01T00:00:00Z",
            ..raw()
        })
        .unwrap();
        assert_eq!(instant.end_before, Some(1_796_083_201));
        let start = parse_filter(&RawFilter {
            start_date: "2026-12-01",
            ..raw()
        })
        .unwrap();
        assert_eq!(start.start, Some(1_796_083_200 - 8 * 3600));
    }

    #[test]
    fn times_are_iso_8601_in_china() {
        assert_eq!(parse_time("2026-12-01T00:00:00Z"), Some(1_796_083_200));
        assert_eq!(parse_time("2026-12-01T08:00:00+08:00"), Some(1_796_083_200));
        assert_eq!(parse_time("2026-12-01"), Some(1_796_083_200 - 8 * 3600));
        assert_eq!(iso_time(1_796_083_200), "2026-12-01T08:00:00+08:00");
    }
}
