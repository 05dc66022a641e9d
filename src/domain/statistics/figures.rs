//! The figures shown from the counters: rates, averages, the p90 of days,
//! amounts in 万元 and months with 同比/环比. Integer arithmetic throughout,
//! rounded half up, so a figure is the same on every page and in tests.

/// A share in tenths of a percent (‰): `num ÷ den`, rounded half up; `None`
/// when nothing was counted below the line (a rate of 0/0 is not 0%).
pub fn rate(num: i64, den: i64) -> Option<i64> {
    if den <= 0 {
        return None;
    }
    Some((num * 2000 + den) / (2 * den))
}

/// A change from `previous` to `current` in tenths of a percent, rounded
/// half away from zero; `None` when the previous period had none (growth
/// from nothing has no percentage).
pub fn change(current: i64, previous: i64) -> Option<i64> {
    if previous <= 0 {
        return None;
    }
    let scaled = (current - previous) * 2000;
    let half = if scaled >= 0 { previous } else { -previous };
    Some((scaled + half) / (2 * previous))
}

/// A ‰ value as people read a percentage: `667` → `66.7%`, `None` → `—`.
pub fn percent(permille: Option<i64>) -> String {
    match permille {
        None => "—".to_owned(),
        Some(v) => {
            let sign = if v < 0 { "-" } else { "" };
            format!("{sign}{}.{}%", v.abs() / 10, v.abs() % 10)
        }
    }
}

/// A change as shown beside a month: `+25.0%`, `-10.0%`, `—`.
pub fn signed_percent(permille: Option<i64>) -> String {
    match permille {
        Some(v) if v > 0 => format!("+{}", percent(Some(v))),
        other => percent(other),
    }
}

/// Fen to 万元 with two decimals, rounded half up (the statutory unit of
/// agreement amounts): 300000 fen (3,000 元) → `0.30`.
pub fn wan_yuan(cents: i64) -> String {
    let hundredths = (cents.max(0) + 5_000) / 10_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A mean in tenths (`sum ÷ n`, rounded half up), `None` for no data.
pub fn mean_tenths(sum: i64, n: i64) -> Option<i64> {
    if n <= 0 {
        return None;
    }
    Some((sum * 20 + n) / (2 * n))
}

/// Tenths as a decimal: `125` → `12.5`, `None` → `—`.
pub fn tenths(value: Option<i64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{}.{}", v / 10, v % 10))
}

/// The `pct`-th percentile (1–100) of a histogram of (value, count),
/// nearest-rank: the smallest value at or below which at least `pct`% of
/// the counted items lie. `None` when nothing was counted.
pub fn percentile(histogram: &[(i64, i64)], pct: i64) -> Option<i64> {
    let total: i64 = histogram.iter().map(|(_, n)| n.max(&0)).sum();
    if total == 0 {
        return None;
    }
    // ceil(pct/100 × total) in integers, at least the first item.
    let rank = ((total * pct.clamp(1, 100) + 99) / 100).max(1);
    let mut sorted = histogram.to_vec();
    sorted.sort();
    let mut seen = 0;
    for (value, n) in sorted {
        seen += n.max(0);
        if seen >= rank {
            return Some(value);
        }
    }
    None
}

/// The 90th percentile of a histogram (see [`percentile`]).
pub fn p90(histogram: &[(i64, i64)]) -> Option<i64> {
    percentile(histogram, 90)
}

/// The median of a histogram, nearest-rank: of an even count the lower of
/// the two middle values (a whole number of days, as counted).
pub fn median(histogram: &[(i64, i64)]) -> Option<i64> {
    percentile(histogram, 50)
}

/// A month as `yyyymm`.
pub type Month = i32;

/// The month after.
pub fn next_month(m: Month) -> Month {
    if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 }
}

/// The month before (环比 compares with it).
pub fn previous_month(m: Month) -> Month {
    if m % 100 == 1 { (m / 100 - 1) * 100 + 12 } else { m - 1 }
}

/// The same month a year earlier (同比 compares with it).
pub fn year_before(m: Month) -> Month {
    m - 100
}

/// `2026-12` → 202612; anything else (or month 0/13) → `None`.
pub fn parse_month(text: &str) -> Option<Month> {
    let (y, m) = text.trim().split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    ((1970..=9999).contains(&y) && (1..=12).contains(&m)).then_some(y * 100 + m)
}

/// 202612 → `2026-12`.
pub fn month_text(m: Month) -> String {
    format!("{}-{:02}", m / 100, m % 100)
}

/// Every month from `from` to `to`, both included (empty when reversed);
/// at most `limit` of them, the latest kept.
pub fn months(from: Month, to: Month, limit: usize) -> Vec<Month> {
    let mut all = Vec::new();
    let mut m = from;
    while m <= to {
        all.push(m);
        m = next_month(m);
    }
    let skip = all.len().saturating_sub(limit);
    all.split_off(skip)
}
