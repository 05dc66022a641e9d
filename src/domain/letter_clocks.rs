//! The clocks an admin sets per letter category (DESIGN.md §4.5).

pub const MAX_DAYS: i32 = 365;

/// (field, catalogue key) of the first problem.
pub type ClockError = (&'static str, &'static str);

/// Whole days, 1–365, and a letter cannot be due for resolution before it
/// is due for acknowledgement.
pub fn parse_clocks(ack: &str, resolve: &str) -> Result<(i32, i32), ClockError> {
    let ack = days(ack).ok_or(("ack_days", "letter.error.days"))?;
    let resolve = days(resolve).ok_or(("resolve_days", "letter.error.days"))?;
    if resolve < ack {
        return Err(("resolve_days", "letter.error.resolve_before_ack"));
    }
    Ok((ack, resolve))
}

fn days(raw: &str) -> Option<i32> {
    raw.trim().parse().ok().filter(|d| (1..=MAX_DAYS).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_are_whole_days_in_range_and_ordered() {
        assert_eq!(parse_clocks(" 3 ", "30"), Ok((3, 30)));
        assert_eq!(parse_clocks("1", "1"), Ok((1, 1)));
        assert_eq!(parse_clocks("0", "30"), Err(("ack_days", "letter.error.days")));
        assert_eq!(parse_clocks("3", "366"), Err(("resolve_days", "letter.error.days")));
        assert_eq!(parse_clocks("2.5", "30"), Err(("ack_days", "letter.error.days")));
        assert_eq!(
            parse_clocks("10", "5"),
            Err(("resolve_days", "letter.error.resolve_before_ack"))
        );
    }
}
