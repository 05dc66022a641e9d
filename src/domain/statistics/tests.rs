use super::figures::*;
use super::*;
use crate::domain::vocabulary::Vocabulary;

fn facts() -> CaseFacts {
    CaseFacts {
        month: 202612,
        street_id: "s1".into(),
        community_id: "c1".into(),
        grid_id: Some("g1".into()),
        dispute_type: "neighbour".into(),
        source: CaseSource::Application,
        lead_id: Some("lead".into()),
        mentor_id: Some("mentor".into()),
        outcome: Some(Outcome::Success),
        oral: true,
        amount_cents: 300_000,
        performed: true,
        judicial: true,
        prevention: Prevention {
            criminal: 3,
            ..Default::default()
        },
        difficult: true,
        closed_days: Some(12),
        satisfaction: Some(5),
    }
}

/// The community-level cells only (each also counts in two roll-ups).
fn sum(cells: &[(CounterKey, i64)], dim: Dim, metric: Metric) -> i64 {
    cells
        .iter()
        .filter(|(k, _)| k.dim == dim && k.metric == metric && k.community_id != ANY)
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn vocabularies_are_well_formed() {
    for v in [SourceGroup::ALL.len(), Metric::ALL.len(), Dim::ALL.len()] {
        assert!(v > 0);
    }
    for m in Metric::ALL {
        assert_eq!(Metric::parse(m.code()), Some(*m));
        assert!(Vocabulary::label_key(*m).starts_with("stats.metric."));
    }
}

#[test]
fn every_source_falls_in_one_statutory_group() {
    use CaseSource::*;
    assert_eq!(source_group(Application), SourceGroup::Application);
    assert_eq!(source_group(ExOfficio), SourceGroup::ExOfficio);
    assert_eq!(source_group(GridScreening), SourceGroup::ExOfficio);
    for s in [
        CourtReferral,
        PoliceTransfer,
        PetitionOffice,
        Hotline,
        CommitteeTransfer,
    ] {
        assert_eq!(source_group(s), SourceGroup::Referred, "{s:?}");
    }
}

#[test]
fn outcome_is_an_agreement_in_force_or_an_ending_without_one() {
    use CaseState::*;
    assert_eq!(outcome(true, Performing), Some(Outcome::Success));
    assert_eq!(outcome(true, Closed), Some(Outcome::Success));
    for s in [Failed, Terminated, Withdrawn, ClosureReview, Closed, Archived] {
        assert_eq!(outcome(false, s), Some(Outcome::NoAgreement), "{s:?}");
    }
    for s in [Accepted, Assigned, Investigating, Mediating, AgreementReview] {
        assert_eq!(outcome(false, s), None, "{s:?}");
    }
}

#[test]
fn performed_follows_the_latest_finding_else_performance_at_once() {
    assert!(performed(true, None));
    assert!(!performed(false, None));
    assert!(performed(false, Some(Performance::Performed)));
    assert!(!performed(true, Some(Performance::Partial)));
    assert!(!performed(true, Some(Performance::NotPerformed)));
    assert_eq!(days_to_close(10, 9), 0);
    assert_eq!(days_to_close(10, 40), 30);
}

#[test]
fn a_successful_case_counts_everywhere_it_should() {
    let cells = contributions(&facts());
    assert_eq!(sum(&cells, Dim::All, Metric::Accepted), 1);
    assert_eq!(sum(&cells, Dim::Source, Metric::Accepted), 1);
    assert_eq!(sum(&cells, Dim::DisputeType, Metric::Success), 1);
    assert_eq!(sum(&cells, Dim::All, Metric::AmountCents), 300_000);
    assert_eq!(sum(&cells, Dim::All, Metric::PreventCriminal), 1);
    assert_eq!(sum(&cells, Dim::All, Metric::PreventCriminalPersons), 3);
    assert_eq!(sum(&cells, Dim::All, Metric::PreventSuicide), 0);
    assert_eq!(sum(&cells, Dim::All, Metric::TraineeSuccess), 1);
    assert_eq!(sum(&cells, Dim::Days, Metric::Closed), 1);
    assert_eq!(sum(&cells, Dim::Lead, Metric::ClosedDays), 12);
    assert_eq!(sum(&cells, Dim::Mentor, Metric::Accepted), 1);
    assert!(cells.iter().all(|(_, n)| *n != 0), "no zero cells");
}

#[test]
fn every_cell_but_the_grids_counts_in_its_street_and_district_rollups() {
    let cells = contributions(&facts());
    let at = |street: &str, community: &str| {
        cells
            .iter()
            .filter(|(k, _)| k.street_id == street && k.community_id == community && k.dim != Dim::Grid)
            .count()
    };
    let community = at("s1", "c1");
    assert!(community > 0);
    assert_eq!(at("s1", ANY), community);
    assert_eq!(at(ANY, ANY), community);
    let grid: Vec<_> = cells.iter().filter(|(k, _)| k.dim == Dim::Grid).collect();
    assert_eq!(grid.len(), 4, "accepted, ended, success, amount: {grid:?}");
    assert!(grid.iter().all(|(k, _)| k.community_id == "c1" && k.value == "g1"));
    assert_eq!(cells.len(), community * 3 + grid.len());
}

#[test]
fn a_case_counts_in_its_grid_only_when_it_names_one() {
    let cells = contributions(&facts());
    assert_eq!(sum(&cells, Dim::Grid, Metric::Accepted), 1);
    assert_eq!(sum(&cells, Dim::Grid, Metric::Success), 1);
    assert_eq!(sum(&cells, Dim::Grid, Metric::AmountCents), 300_000);
    let mut f = facts();
    f.outcome = None;
    let cells = contributions(&f);
    assert_eq!(sum(&cells, Dim::Grid, Metric::Accepted), 1);
    assert_eq!(sum(&cells, Dim::Grid, Metric::Ended), 0);
    assert_eq!(sum(&cells, Dim::Grid, Metric::AmountCents), 0);
    for grid in [None, Some(String::new())] {
        f.grid_id = grid;
        assert!(contributions(&f).iter().all(|(k, _)| k.dim != Dim::Grid));
    }
}

#[test]
fn an_ending_without_agreement_counts_no_amount_oral_or_performance() {
    let mut f = facts();
    f.outcome = Some(Outcome::NoAgreement);
    let cells = contributions(&f);
    assert_eq!(sum(&cells, Dim::All, Metric::Ended), 1);
    for m in [
        Metric::Success,
        Metric::AmountCents,
        Metric::Oral,
        Metric::Performed,
        Metric::Judicial,
    ] {
        assert_eq!(sum(&cells, Dim::All, m), 0, "{m:?}");
    }
}

#[test]
fn long_cases_share_the_last_day_bucket() {
    let mut f = facts();
    f.closed_days = Some(1000);
    let cells = contributions(&f);
    let buckets: Vec<_> = cells.iter().filter(|(k, _)| k.dim == Dim::Days).collect();
    assert_eq!(buckets.len(), 3, "community, street and district");
    assert!(buckets.iter().all(|(k, _)| k.value == DAYS_CAP.to_string()));
}

#[test]
fn difference_moves_only_what_changed() {
    let before = facts();
    let mut after = facts();
    after.lead_id = Some("other".into());
    let diff = difference(Some(&before), Some(&after));
    assert!(diff.iter().all(|(k, _)| k.dim == Dim::Lead));
    assert_eq!(sum(&diff, Dim::Lead, Metric::Accepted), 0);
    assert_eq!(difference(Some(&before), Some(&before)), vec![]);
    let gone = difference(Some(&before), None);
    assert_eq!(sum(&gone, Dim::All, Metric::Accepted), -1);
    assert_eq!(totals([&before, &after]).get(&contributions(&before)[0].0), Some(&2));
}

#[test]
fn rates_round_half_up_and_refuse_empty_denominators() {
    assert_eq!(rate(0, 0), None);
    assert_eq!(rate(5, 0), None);
    assert_eq!(rate(0, 3), Some(0));
    assert_eq!(rate(2, 3), Some(667));
    assert_eq!(rate(1, 3), Some(333));
    assert_eq!(rate(1, 2000), Some(1), "0.05% rounds up to 0.1%");
    assert_eq!(rate(1, 2001), Some(0));
    assert_eq!(rate(3, 3), Some(1000));
    assert_eq!(percent(rate(2, 3)), "66.7%");
    assert_eq!(percent(None), "—");
    assert_eq!(percent(Some(1000)), "100.0%");
}

#[test]
fn changes_against_an_empty_period_have_no_percentage() {
    assert_eq!(change(5, 0), None);
    assert_eq!(change(5, 4), Some(250));
    assert_eq!(change(3, 4), Some(-250));
    assert_eq!(change(0, 4), Some(-1000));
    assert_eq!(change(2, 3), Some(-333));
    assert_eq!(change(1, 6), Some(-833));
    assert_eq!(signed_percent(Some(250)), "+25.0%");
    assert_eq!(signed_percent(Some(-250)), "-25.0%");
    assert_eq!(signed_percent(Some(0)), "0.0%");
    assert_eq!(signed_percent(None), "—");
}

#[test]
fn amounts_in_wan_yuan() {
    assert_eq!(wan_yuan(0), "0.00");
    assert_eq!(wan_yuan(300_000), "0.30");
    assert_eq!(wan_yuan(4_999), "0.00");
    assert_eq!(wan_yuan(5_000), "0.01");
    assert_eq!(wan_yuan(123_456_789), "123.46");
}

#[test]
fn means_and_p90() {
    assert_eq!(mean_tenths(0, 0), None);
    assert_eq!(mean_tenths(25, 2), Some(125));
    assert_eq!(mean_tenths(1, 3), Some(3));
    assert_eq!(tenths(Some(125)), "12.5");
    assert_eq!(tenths(None), "—");
    assert_eq!(p90(&[]), None);
    assert_eq!(p90(&[(5, 0)]), None);
    assert_eq!(p90(&[(7, 1)]), Some(7));
    // Ten cases: the 9th smallest is the p90.
    let ten: Vec<(i64, i64)> = (1..=10).map(|d| (d, 1)).collect();
    assert_eq!(p90(&ten), Some(9));
    // Eleven: ceil(9.9) = 10th.
    let eleven: Vec<(i64, i64)> = (1..=11).map(|d| (d, 1)).collect();
    assert_eq!(p90(&eleven), Some(10));
    assert_eq!(p90(&[(30, 1), (2, 9)]), Some(2));
}

#[test]
fn medians_are_the_lower_middle_by_nearest_rank() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[(4, 0)]), None);
    assert_eq!(median(&[(4, 1)]), Some(4));
    // Two items: rank ceil(1.0) = 1, the lower one.
    assert_eq!(median(&[(9, 1), (1, 1)]), Some(1));
    // Three: the 2nd smallest.
    assert_eq!(median(&[(1, 1), (2, 1), (30, 1)]), Some(2));
    // Counts weigh: 3 of 5 at day 0.
    assert_eq!(median(&[(0, 3), (7, 2)]), Some(0));
    assert_eq!(median(&[(0, 2), (7, 3)]), Some(7));
    assert_eq!(percentile(&[(1, 1), (2, 1)], 100), Some(2));
    assert_eq!(percentile(&[(1, 1), (2, 1)], 0), Some(1), "clamped to the first item");
}

#[test]
fn months_wrap_years() {
    assert_eq!(next_month(202612), 202701);
    assert_eq!(previous_month(202701), 202612);
    assert_eq!(year_before(202612), 202512);
    assert_eq!(parse_month("2026-12"), Some(202612));
    assert_eq!(parse_month("2026-13"), None);
    assert_eq!(parse_month("2026-00"), None);
    assert_eq!(parse_month("x"), None);
    assert_eq!(month_text(202601), "2026-01");
    assert_eq!(months(202611, 202702, 12), vec![202611, 202612, 202701, 202702]);
    assert_eq!(months(202702, 202611, 12), Vec::<i32>::new());
    assert_eq!(months(202001, 202612, 3), vec![202610, 202611, 202612]);
}
