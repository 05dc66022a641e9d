//! A screening round (排查, issue 13): the statutory statistics report how
//! many screenings a committee held, how many disputes they found and how
//! many of those were settled on the spot (prevented from becoming cases).
//! Parse, don't validate: a form becomes a [`Screening`] or the list of
//! what is wrong with it, field by field.

use crate::dates::parse_day;
use crate::domain::mediation::CaseSource;

/// The most disputes one round can report: a bound against typing slips.
pub const MAX_COUNT: i32 = 999;
/// Findings are a short summary, not a report.
pub const FINDINGS_MAX: usize = 1_000;
/// A round is recorded within a year of the day it was held, so the
/// figures of a closed year do not move long after.
pub const MAX_AGE_DAYS: i64 = 366;

/// The round a registered case came from, as chosen on the registration
/// form: only a case the grid screening found may name one (the statutory
/// figure counts the screening's own cases), and naming none is always
/// allowed. `Err` is the field and message key.
pub fn round_of_case(source: Option<CaseSource>, chosen: &str) -> Result<Option<String>, (&'static str, &'static str)> {
    match (chosen.trim(), source) {
        ("", _) => Ok(None),
        (id, Some(CaseSource::GridScreening)) => Ok(Some(id.to_owned())),
        _ => Err(("screening_id", "screening.error.not_from_screening")),
    }
}

/// Where a round was held: the whole street (both `None`), a community of
/// it, or a grid of one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoundPlace {
    pub community_id: Option<String>,
    pub grid_id: Option<String>,
}

/// The place of a round as chosen on the form, against the street's own
/// `communities` and `grids` (community id, grid id). A grid names its
/// community, so choosing only the grid is enough; a grid outside the
/// chosen community would count the round twice in different places, so it
/// is refused. `Err` is the field and message key.
pub fn round_place(
    communities: &[&str],
    grids: &[(&str, &str)],
    community: &str,
    grid: &str,
) -> Result<RoundPlace, (&'static str, &'static str)> {
    let community = Some(community.trim()).filter(|c| !c.is_empty());
    let grid = Some(grid.trim()).filter(|g| !g.is_empty());
    if community.is_some_and(|c| !communities.contains(&c)) {
        return Err(("community_id", "form.error.choose"));
    }
    let Some(grid) = grid else {
        return Ok(RoundPlace {
            community_id: community.map(str::to_owned),
            grid_id: None,
        });
    };
    let Some((grid_community, _)) = grids.iter().find(|(_, g)| *g == grid) else {
        return Err(("grid_id", "form.error.choose"));
    };
    if community.is_some_and(|c| c != *grid_community) {
        return Err(("grid_id", "screening.error.grid_elsewhere"));
    }
    Ok(RoundPlace {
        community_id: Some((*grid_community).to_owned()),
        grid_id: Some(grid.to_owned()),
    })
}

/// A checked screening round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    /// Days since 1970-01-01 (China time).
    pub held_on: i64,
    pub disputes_found: i32,
    pub disputes_prevented: i32,
    pub cases_opened: i32,
    pub findings: String,
}

/// The fields as typed.
#[derive(Debug, Clone, Default)]
pub struct ScreeningInput<'a> {
    pub held_on: &'a str,
    pub disputes_found: &'a str,
    pub disputes_prevented: &'a str,
    pub cases_opened: &'a str,
    pub findings: &'a str,
}

fn count(raw: &str) -> Option<i32> {
    raw.trim().parse().ok().filter(|n| (0..=MAX_COUNT).contains(n))
}

/// Checks every field (all problems at once, each next to its field);
/// `today` is the China day number of now.
pub fn parse(input: &ScreeningInput<'_>, today: i64) -> Result<Screening, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let held_on = parse_day(input.held_on);
    match held_on {
        None => problems.push(("held_on", "form.error.date")),
        Some(d) if d > today => problems.push(("held_on", "screening.error.future")),
        Some(d) if today - d > MAX_AGE_DAYS => problems.push(("held_on", "screening.error.too_old")),
        Some(_) => {}
    }
    let mut number = |field: &'static str, raw: &str| {
        let n = count(raw);
        if n.is_none() {
            problems.push((field, "screening.error.count"));
        }
        n
    };
    let found = number("disputes_found", input.disputes_found);
    let prevented = number("disputes_prevented", input.disputes_prevented);
    let opened = number("cases_opened", input.cases_opened);
    // Prevented and opened are both among the disputes found; a dispute
    // settled on the spot is not also opened as a case.
    if let (Some(f), Some(p), Some(o)) = (found, prevented, opened)
        && p + o > f
    {
        problems.push(("disputes_prevented", "screening.error.more_than_found"));
    }
    let findings = input.findings.trim();
    if findings.is_empty() {
        problems.push(("findings", "screening.error.findings"));
    } else if findings.chars().count() > FINDINGS_MAX {
        problems.push(("findings", "screening.error.findings_long"));
    }
    match (held_on, found, prevented, opened) {
        (Some(held_on), Some(disputes_found), Some(disputes_prevented), Some(cases_opened)) if problems.is_empty() => {
            Ok(Screening {
                held_on,
                disputes_found,
                disputes_prevented,
                cases_opened,
                findings: findings.to_owned(),
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_788; // 2026-12-01

    fn input<'a>(day: &'a str, found: &'a str, prevented: &'a str, opened: &'a str) -> ScreeningInput<'a> {
        ScreeningInput {
            held_on: day,
            disputes_found: found,
            disputes_prevented: prevented,
            cases_opened: opened,
            findings: "楼道堆物两处，邻里噪音一起",
        }
    }

    fn fields(r: Result<Screening, Vec<(&'static str, &'static str)>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_full_round_parses() {
        let s = parse(&input("2026-12-01", "3", "2", "1"), TODAY).unwrap();
        assert_eq!((s.disputes_found, s.disputes_prevented, s.cases_opened), (3, 2, 1));
        assert_eq!(s.held_on, TODAY);
    }

    #[test]
    fn the_day_is_today_at_the_latest_and_a_year_ago_at_the_earliest() {
        assert_eq!(fields(parse(&input("2026-12-02", "0", "0", "0"), TODAY)), ["held_on"]);
        assert!(parse(&input("2025-11-30", "0", "0", "0"), TODAY).is_ok(), "366 days");
        assert_eq!(fields(parse(&input("2025-11-29", "0", "0", "0"), TODAY)), ["held_on"]);
        assert_eq!(fields(parse(&input("昨天", "0", "0", "0"), TODAY)), ["held_on"]);
    }

    #[test]
    fn counts_are_whole_numbers_up_to_the_bound() {
        assert!(parse(&input("2026-12-01", "999", "0", "0"), TODAY).is_ok());
        assert_eq!(
            fields(parse(&input("2026-12-01", "1000", "0", "0"), TODAY)),
            ["disputes_found"]
        );
        assert_eq!(
            fields(parse(&input("2026-12-01", "-1", "0", "0"), TODAY)),
            ["disputes_found"]
        );
        assert_eq!(
            fields(parse(&input("2026-12-01", "2", "x", ""), TODAY)),
            ["disputes_prevented", "cases_opened"]
        );
    }

    #[test]
    fn prevented_and_opened_together_are_at_most_found() {
        assert!(parse(&input("2026-12-01", "3", "2", "1"), TODAY).is_ok());
        assert_eq!(
            fields(parse(&input("2026-12-01", "3", "2", "2"), TODAY)),
            ["disputes_prevented"]
        );
    }

    #[test]
    fn findings_are_required_and_short() {
        let mut i = input("2026-12-01", "0", "0", "0");
        i.findings = "  ";
        assert_eq!(fields(parse(&i, TODAY)), ["findings"]);
        let long = "字".repeat(FINDINGS_MAX + 1);
        i.findings = &long;
        assert_eq!(fields(parse(&i, TODAY)), ["findings"]);
        let exact = "字".repeat(FINDINGS_MAX);
        i.findings = &exact;
        assert!(parse(&i, TODAY).is_ok());
    }

    #[test]
    fn a_round_is_held_in_the_street_a_community_or_a_grid_of_it() {
        let communities = ["c1", "c2"];
        let grids = [("c1", "g1"), ("c2", "g2")];
        let place = |c, g| round_place(&communities, &grids, c, g);
        assert_eq!(place("", ""), Ok(RoundPlace::default()));
        assert_eq!(place(" c2 ", "").unwrap().community_id.as_deref(), Some("c2"));
        // The grid alone names its community.
        let g1 = RoundPlace {
            community_id: Some("c1".into()),
            grid_id: Some("g1".into()),
        };
        assert_eq!(place("", "g1"), Ok(g1.clone()));
        assert_eq!(place("c1", "g1"), Ok(g1));
        assert_eq!(place("c1", "g2"), Err(("grid_id", "screening.error.grid_elsewhere")));
        // Places of another street are not among the street's own.
        assert_eq!(place("c9", ""), Err(("community_id", "form.error.choose")));
        assert_eq!(place("", "g9"), Err(("grid_id", "form.error.choose")));
    }

    #[test]
    fn only_a_case_the_screening_found_names_its_round() {
        let screening = Some(CaseSource::GridScreening);
        assert_eq!(round_of_case(screening, " r1 "), Ok(Some("r1".into())));
        assert_eq!(round_of_case(screening, ""), Ok(None));
        assert_eq!(round_of_case(Some(CaseSource::ExOfficio), ""), Ok(None));
        let refused = Err(("screening_id", "screening.error.not_from_screening"));
        assert_eq!(round_of_case(Some(CaseSource::ExOfficio), "r1"), refused);
        assert_eq!(round_of_case(None, "r1"), refused);
    }
}
