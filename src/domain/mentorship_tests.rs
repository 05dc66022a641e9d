use super::*;

fn account(role: Role, level: Option<MediatorLevel>) -> Account {
    Account {
        role,
        level,
        disabled: false,
    }
}

fn senior() -> Account {
    account(Role::Mediator, Some(MediatorLevel::Senior))
}

fn trainee() -> Account {
    account(Role::Mediator, Some(MediatorLevel::Trainee))
}

#[test]
fn vocabularies_are_well_formed() {
    crate::domain::vocabulary::assert_well_formed::<StudioKind>();
    crate::domain::vocabulary::assert_well_formed::<TrainingCategory>();
    crate::domain::vocabulary::assert_well_formed::<Criterion>();
}

#[test]
fn a_mentor_takes_mentees_up_to_the_cap_and_not_one_more() {
    assert_eq!(check_pairing(senior(), trainee(), false, 0, 3), Ok(()));
    assert_eq!(check_pairing(senior(), trainee(), false, 2, 3), Ok(()));
    assert_eq!(
        check_pairing(senior(), trainee(), false, 3, 3),
        Err(PairingRefusal::MentorFull)
    );
    assert_eq!(
        check_pairing(senior(), trainee(), false, 0, 0),
        Err(PairingRefusal::MentorFull)
    );
}

#[test]
fn only_an_active_laoma_mentors_and_only_an_active_xiaoma_is_mentored() {
    let refused = |mentor, mentee| check_pairing(mentor, mentee, false, 0, 3);
    assert_eq!(refused(trainee(), trainee()), Err(PairingRefusal::MentorNotSenior));
    assert_eq!(
        refused(account(Role::Admin, None), trainee()),
        Err(PairingRefusal::MentorNotSenior)
    );
    let mut disabled = senior();
    disabled.disabled = true;
    assert_eq!(refused(disabled, trainee()), Err(PairingRefusal::MentorNotSenior));
    assert_eq!(refused(senior(), senior()), Err(PairingRefusal::MenteeNotTrainee));
    let mut gone = trainee();
    gone.disabled = true;
    assert_eq!(refused(senior(), gone), Err(PairingRefusal::MenteeNotTrainee));
    assert_eq!(
        refused(senior(), account(Role::Coordinator, None)),
        Err(PairingRefusal::MenteeNotTrainee)
    );
}

#[test]
fn a_mentee_has_one_active_pairing() {
    assert_eq!(
        check_pairing(senior(), trainee(), true, 0, 3),
        Err(PairingRefusal::MenteeAlreadyPaired)
    );
    assert_eq!(PairingRefusal::MenteeAlreadyPaired.field(), "mentee");
    assert_eq!(PairingRefusal::MentorFull.field(), "mentor");
}

#[test]
fn hours_are_tenths_with_one_decimal_within_a_day() {
    assert_eq!(parse_tenths("2"), Some(20));
    assert_eq!(parse_tenths(" 2.5 "), Some(25));
    assert_eq!(parse_tenths("0.1"), Some(1));
    assert_eq!(parse_tenths("24"), Some(240));
    assert_eq!(parse_tenths("24.1"), None);
    assert_eq!(parse_tenths("0"), None);
    assert_eq!(parse_tenths("0.0"), None);
    assert_eq!(parse_tenths("2.55"), None);
    assert_eq!(parse_tenths("-1"), None);
    assert_eq!(parse_tenths("1e1"), None);
    assert_eq!(parse_tenths(""), None);
    assert_eq!(parse_tenths("2."), None);
    assert_eq!(parse_tenths(".5"), None);
    assert_eq!(tenths_text(25), "2.5");
    assert_eq!(tenths_text(440), "44");
}

#[test]
fn required_hours_run_from_zero_to_a_thousand_not_one_day() {
    assert_eq!(parse_required_tenths("0"), Some(0));
    assert_eq!(parse_required_tenths("44.5"), Some(445));
    assert_eq!(parse_required_tenths("24.1"), Some(241));
    assert_eq!(parse_required_tenths("1000"), Some(CRITERION_MAX_TENTHS));
    assert_eq!(parse_required_tenths("1000.1"), None);
    assert_eq!(parse_required_tenths("2.55"), None);
    assert_eq!(parse_required_tenths("-1"), None);
    assert_eq!(parse_required_tenths(""), None);
}

/// A record that meets every default criterion exactly at its bound.
fn at_bounds() -> Record {
    Record {
        cases_closed: 20,
        successes: 17,
        oral_agreements: 5,
        training_tenths: 440,
        criminal_incidents: 0,
        recommended: true,
    }
}

fn met(r: &Record, c: Criterion) -> bool {
    evaluate(&Criteria::default(), r)
        .into_iter()
        .find(|(k, _)| *k == c)
        .unwrap()
        .1
}

#[test]
fn every_criterion_passes_exactly_at_its_bound() {
    // 17/20 = 85 %; 5/17 = 29.4 %; 44 h.
    assert!(unmet(&Criteria::default(), &at_bounds()).is_empty());
}

#[test]
fn nineteen_cases_are_not_enough() {
    let r = Record {
        cases_closed: 19,
        ..at_bounds()
    };
    assert!(!met(&r, Criterion::CasesClosed));
}

#[test]
fn exactly_85_percent_passes_and_84_9_does_not() {
    let exactly = Record {
        cases_closed: 1000,
        successes: 850,
        oral_agreements: 0,
        ..at_bounds()
    };
    assert!(met(&exactly, Criterion::SuccessRate));
    let below = Record {
        successes: 849,
        ..exactly
    };
    assert!(!met(&below, Criterion::SuccessRate));
    let none = Record {
        cases_closed: 0,
        successes: 0,
        ..at_bounds()
    };
    assert!(!met(&none, Criterion::SuccessRate));
}

#[test]
fn oral_share_passes_at_30_percent_and_fails_just_above() {
    let exactly = Record {
        cases_closed: 10,
        successes: 10,
        oral_agreements: 3,
        ..at_bounds()
    };
    assert!(met(&exactly, Criterion::OralShare));
    let above = Record {
        cases_closed: 1000,
        successes: 1000,
        oral_agreements: 301,
        ..at_bounds()
    };
    assert!(!met(&above, Criterion::OralShare));
    let no_agreements = Record {
        successes: 0,
        oral_agreements: 0,
        ..at_bounds()
    };
    assert!(met(&no_agreements, Criterion::OralShare));
}

#[test]
fn training_hours_criminal_marks_and_recommendation() {
    let short = Record {
        training_tenths: 439,
        ..at_bounds()
    };
    assert!(!met(&short, Criterion::TrainingHours));
    let marked = Record {
        criminal_incidents: 1,
        ..at_bounds()
    };
    assert!(!met(&marked, Criterion::NoCriminalEscalation));
    let unrecommended = Record {
        recommended: false,
        ..at_bounds()
    };
    assert_eq!(
        unmet(&Criteria::default(), &unrecommended),
        vec![Criterion::MentorRecommendation]
    );
}

#[test]
fn configured_criteria_are_read_not_the_defaults() {
    let strict = Criteria {
        min_cases: 21,
        ..Criteria::default()
    };
    assert_eq!(unmet(&strict, &at_bounds()), vec![Criterion::CasesClosed]);
    assert!(check_criteria(&Criteria::default()));
    assert!(!check_criteria(&Criteria {
        min_success_pct: 101,
        ..Criteria::default()
    }));
    assert!(!check_criteria(&Criteria {
        min_cases: -1,
        ..Criteria::default()
    }));
}
