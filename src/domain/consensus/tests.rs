use super::*;
use DecisionRule::{Ordinary, Special, Unanimity};

fn unit(id: &str, centi: i64, owner: &str) -> Unit {
    Unit {
        unit: id.to_owned(),
        area: AreaCentiM2(centi),
        holder: Holder::Owner(owner.to_owned()),
    }
}

fn dev_unit(id: &str, centi: i64) -> Unit {
    Unit {
        unit: id.to_owned(),
        area: AreaCentiM2(centi),
        holder: Holder::UnsoldDeveloper,
    }
}

/// One single-unit owner per area; unit and owner keys are "u{i}" / "o{i}".
fn singles(areas: &[i64]) -> Vec<Unit> {
    areas
        .iter()
        .enumerate()
        .map(|(i, &a)| unit(&format!("u{i}"), a, &format!("o{i}")))
        .collect()
}

fn votes(choices: &[(usize, Choice)]) -> Vec<Ballot> {
    let ballot = |(seq, &(i, choice))| Ballot {
        unit: format!("u{i}"),
        seq,
        choice,
    };
    (0u64..).zip(choices).map(ballot).collect()
}

fn count(centi: i64, owners: u64) -> Count {
    Count {
        area: AreaCentiM2(centi),
        owners,
    }
}

/// Building 3 of DESIGN.md §4.3: unit "u0" belongs to owner "big", who also
/// holds "big1" and "big2" (3 × 80 m²); "u1".."u57" are single owners.
/// u0..=u43 are the 44 participating owners (3,650 m²); A = 4,800 m².
fn building_3() -> Vec<Unit> {
    let mut areas = vec![8_000; 58];
    areas[43] = 5_000; // participants: 240 + 42×80 + 50 = 3,650 m²
    areas[57] = 11_000; // others: 13×80 + 110 = 1,150 m²
    let mut units = singles(&areas);
    units[0].holder = Holder::Owner("big".to_owned());
    units.extend(["big1", "big2"].map(|id| unit(id, 8_000, "big")));
    units
}

/// Owners u0..u{yes-1} vote yes; the rest of the 44 participants abstain.
fn building_3_tally(rule: DecisionRule, yes: usize) -> Tally {
    let choice = |i| {
        if i < yes { Choice::Yes } else { Choice::Abstain }
    };
    let ballots: Vec<_> = (0..44).map(|i| (i, choice(i))).collect();
    tally(rule, &building_3(), &votes(&ballots))
}

#[test]
fn worked_example_building_3() {
    let units = building_3();
    assert_eq!(units.len(), 60);
    assert_eq!(population_totals(&units), count(480_000, 58));

    let none = tally(Special, &units, &[]);
    assert_eq!(none.turnout_target, count(320_000, 39));
    assert_eq!(none.turnout_still_needed, count(320_000, 39));

    let t = building_3_tally(Special, 0);
    assert_eq!(t.participating, count(365_000, 44));
    assert!(t.turnout_met);
    assert_eq!(t.turnout_still_needed, Count::ZERO);
    assert_eq!(t.approval_target, count(273_750, 33));
    assert_eq!(t.approval_target.area.as_m2_string(), "2737.50");
    assert_eq!(t.approval_still_needed, count(273_750, 33));
    assert_eq!(building_3_tally(Ordinary, 0).approval_target, count(182_501, 23));
}

#[test]
fn worked_example_pass_fail_around_targets() {
    // 33 yes owners (big + 32 × 80 m²) = 2,800 m² ≥ 2,737.50: passes.
    let t = building_3_tally(Special, 33);
    assert_eq!(t.yes, count(280_000, 33));
    assert!(t.passes && t.approval_still_needed == Count::ZERO);
    // 32 owners, 2,720 m²: 17.50 m² and one owner short.
    let t = building_3_tally(Special, 32);
    assert!(!t.approval_met && !t.passes);
    assert_eq!(t.approval_still_needed, count(1_750, 1));
    // Ordinary: 22 owners / 1,920 m² have the area but not the heads.
    let t = building_3_tally(Ordinary, 22);
    assert_eq!(t.approval_still_needed, count(0, 1));
    assert!(!t.passes);
    assert!(building_3_tally(Ordinary, 23).passes);
    // Turnout: 38 owners (u0..u37, 3,200 m²) have the area but are one head short.
    let ballots: Vec<_> = (0..38).map(|i| (i, Choice::Yes)).collect();
    let t = tally(Ordinary, &building_3(), &votes(&ballots));
    assert_eq!(t.participating, count(320_000, 38));
    assert_eq!(t.turnout_still_needed, count(0, 1));
    assert!(!t.turnout_met && !t.passes);
}

#[test]
fn turnout_exactly_two_thirds_passes_and_just_below_fails() {
    let all_yes = votes(&[(0, Choice::Yes), (1, Choice::Yes)]);
    let t = tally(Ordinary, &singles(&[10_000, 10_000, 10_000]), &all_yes);
    assert!(t.turnout_met && t.passes);
    // One hundredth of m² below 2/3 (3 × 19,999 < 2 × 29,999).
    let t = tally(Ordinary, &singles(&[10_000, 9_999, 10_000]), &all_yes);
    assert!(!t.turnout_met && !t.passes);
    assert_eq!(t.turnout_still_needed, count(1, 0));
    // Area exactly 2/3 but one owner below.
    let t = tally(Ordinary, &singles(&[20_000, 5_000, 5_000]), &votes(&[(0, Choice::Yes)]));
    assert!(!t.turnout_met);
    assert_eq!(t.turnout_still_needed, count(0, 1));
}

#[test]
fn special_exactly_three_quarters_passes() {
    let ballots = votes(&[(0, Choice::Yes), (1, Choice::Yes), (2, Choice::Yes), (3, Choice::No)]);
    assert!(tally(Special, &singles(&[10_000; 4]), &ballots).passes);
    let t = tally(Special, &singles(&[10_000, 10_000, 9_999, 10_001]), &ballots);
    assert!(!t.passes);
    assert_eq!(t.approval_still_needed, count(1, 0));
}

#[test]
fn ordinary_exactly_half_fails_and_just_over_passes() {
    let half = votes(&[(0, Choice::Yes), (1, Choice::Yes), (2, Choice::No), (3, Choice::No)]);
    let t = tally(Ordinary, &singles(&[10_000; 4]), &half);
    assert!(t.turnout_met && !t.approval_met && !t.passes);
    assert_eq!(t.approval_still_needed, count(1, 1));
    let yes_no_yes = votes(&[(0, Choice::Yes), (1, Choice::No), (2, Choice::Yes)]);
    // Heads 2 of 3, area exactly half (5,001 of 10,002): fails.
    assert!(!tally(Ordinary, &singles(&[5_000, 5_001, 1]), &yes_no_yes).passes);
    // Area one hundredth over half (5,001 of 10,001): passes.
    assert!(tally(Ordinary, &singles(&[5_000, 5_000, 1]), &yes_no_yes).passes);
}

#[test]
fn closed_form_targets_agree_with_the_literal_bounds() {
    for total in -5..60 {
        for x in -5..70 {
            assert_eq!(x >= at_least(2, 3, total), 3 * x >= 2 * total);
            assert_eq!(x >= at_least(3, 4, total), 4 * x >= 3 * total);
            assert_eq!(x >= more_than(1, 2, total), 2 * x > total);
        }
    }
    for part in 0..30 {
        for yes in 0..=part {
            for rule in [Special, Ordinary] {
                let (p, y) = (count(part, part as u64), count(yes, yes as u64));
                let t = Tally::from_counts(rule, count(99, 99), p, y);
                assert_eq!(
                    t.approval_met,
                    t.approval_still_needed == Count::ZERO,
                    "{rule:?} {yes}/{part}"
                );
            }
        }
    }
}

#[test]
fn owner_of_several_units_counts_once_with_latest_vote() {
    let mut units = singles(&[5_000, 6_000]);
    units.extend([unit("a1", 7_000, "ann"), unit("a2", 3_000, "ann")]);
    assert_eq!(population_totals(&units), count(21_000, 3));
    let ballots = [
        Ballot {
            unit: "a2".to_owned(),
            seq: 9,
            choice: Choice::No,
        },
        Ballot {
            unit: "a1".to_owned(),
            seq: 4,
            choice: Choice::Yes,
        },
    ];
    // Ann's latest (seq 9, on a2) applies to both her units, out of slice order.
    let t = tally(Ordinary, &units, &ballots);
    assert_eq!(t.participating, count(10_000, 1));
    assert_eq!(t.yes, Count::ZERO);
}

#[test]
fn unsold_developer_units_count_once_in_total() {
    let mut units = singles(&[8_000, 8_000]);
    units.extend((0..3).map(|i| dev_unit(&format!("d{i}"), 9_000)));
    assert_eq!(population_totals(&units), count(43_000, 3));
    let ballots = [Ballot {
        unit: "d1".to_owned(),
        seq: 1,
        choice: Choice::Yes,
    }];
    let t = tally(Ordinary, &units, &ballots);
    assert_eq!(t.yes, count(27_000, 1));
    assert_eq!(t.turnout_still_needed, count(1_667, 1));
}

#[test]
fn empty_population_never_passes() {
    assert_eq!(population_totals(&[]), Count::ZERO);
    let stray = [Ballot {
        unit: "x".to_owned(),
        seq: 1,
        choice: Choice::Yes,
    }];
    for &rule in DecisionRule::ALL {
        let t = tally(rule, &[], &stray);
        assert!(!t.turnout_met && !t.approval_met && !t.passes, "{rule:?}");
        assert_eq!(
            (t.turnout_still_needed, t.approval_still_needed),
            (Count::ZERO, Count::ZERO)
        );
    }
}

#[test]
fn unanimity_fails_on_one_no_or_one_missing_owner() {
    let units = singles(&[6_000, 7_000, 8_000]);
    let all = [(0, Choice::Yes), (1, Choice::Yes), (2, Choice::Yes)];
    assert!(tally(Unanimity, &units, &votes(&all)).passes);
    let t = tally(Unanimity, &units, &votes(&[all[0], all[1], (2, Choice::No)]));
    assert!(t.turnout_met && !t.passes);
    assert_eq!(t.approval_still_needed, count(8_000, 1));
    let t = tally(Unanimity, &units, &votes(&all[..2]));
    assert!(!t.passes);
    assert_eq!(t.approval_still_needed, count(8_000, 1));
}

#[test]
fn codes_round_trip_and_area_formats() {
    crate::domain::vocabulary::assert_well_formed::<DecisionRule>();
    crate::domain::vocabulary::assert_well_formed::<Choice>();
    assert_eq!(DecisionRule::parse("Special"), None);
    assert_eq!(AreaCentiM2(273_750).as_m2_string(), "2737.50");
    assert_eq!(AreaCentiM2(5).as_m2_string(), "0.05");
    assert_eq!(AreaCentiM2(-50).as_m2_string(), "-0.50");
    assert_eq!(AreaCentiM2::parse_m2(" 2737.5 "), Some(AreaCentiM2(273_750)));
    assert_eq!(AreaCentiM2::parse_m2("80"), Some(AreaCentiM2(8_000)));
    assert_eq!(AreaCentiM2::parse_m2("80.05"), Some(AreaCentiM2(8_005)));
    for bad in ["", ".5", "-1", "1.005", "1,000", "1e3", "x"] {
        assert_eq!(AreaCentiM2::parse_m2(bad), None, "{bad}");
    }
}
