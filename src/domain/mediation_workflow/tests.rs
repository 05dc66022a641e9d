use super::*;
use ActorRole::*;

const TODAY: i64 = 19_000;

/// One change to otherwise complete facts.
type Edit = fn(&mut GuardFacts);

/// Facts satisfying every guard of `from → to`.
fn full_facts(from: CaseState, to: CaseState) -> GuardFacts {
    let some = |s: &str| Some(s.to_string());
    GuardFacts {
        case_number_allocated: true,
        reason_code: some("out_of_scope"),
        notification_method: some("phone"),
        destination: some("court"),
        lead_mediator_set: true,
        mentor_on_team: true,
        rights_notice_served_all: true,
        consent_recorded_all: true,
        agreement_recorded: true,
        agreement_has_terms: true,
        signed_by_all: true,
        mediator_signed: true,
        sealed: true,
        performance_deadline: Some(TODAY + 10),
        performed: true,
        follow_up_recorded: true,
        remedies_told: true,
        agreement_disputed: true,
        both_parties_consent: true,
        return_reason: some("please add the evidence list"),
        previous_state: Some(if from == ClosureReview && to != Closed {
            to
        } else {
            FollowUp
        }),
        archive_items: REQUIRED_ARCHIVE_ITEMS.iter().map(|s| s.to_string()).collect(),
        volume_number: some("2024-017"),
        retention_period: some("long_term"),
        filed_by: some("archivist-1"),
        ..GuardFacts::new(TODAY)
    }
}

fn actor(roles: &[ActorRole]) -> ActorContext {
    ActorContext::new(roles, false)
}

/// The natural actor for leaving `from` on a case led by a 老马.
fn natural_actor(from: CaseState) -> ActorContext {
    match authority(from) {
        Some(Authority::Office) => actor(&[Coordinator]),
        Some(Authority::Review) => actor(&[CommitteeHead]),
        _ => actor(&[LeadMediator]),
    }
}

fn try_move(from: CaseState, to: CaseState, facts: GuardFacts, who: &ActorContext) -> Result<(), TransitionError> {
    check(from, &Transition { to, facts }, who)
}

fn guard_err(from: CaseState, to: CaseState, edit: impl FnOnce(&mut GuardFacts)) -> TransitionError {
    let mut facts = full_facts(from, to);
    edit(&mut facts);
    try_move(from, to, facts, &natural_actor(from)).unwrap_err()
}

fn all_pairs() -> impl Iterator<Item = (CaseState, CaseState)> {
    CaseState::all().flat_map(|a| CaseState::all().map(move |b| (a, b)))
}

#[test]
fn codes_parse_and_labels_are_consistent() {
    for (i, s) in CaseState::all().enumerate() {
        assert_eq!(NAMES[i].0, s);
        assert_eq!(ALL_STATES[i], s);
        assert_eq!(CaseState::parse(s.code()), Some(s));
        assert_eq!(s.label_key(), format!("case.state.{}", s.code().to_lowercase()));
    }
    assert_eq!(AgreementReview.code(), "AGREEMENT_REVIEW");
    assert_eq!(CaseState::parse("agreement_review"), None);
    assert_eq!(CaseState::parse(""), None);
    crate::domain::vocabulary::assert_well_formed::<CaseState>();
}

#[test]
fn an_unknown_previous_state_counts_as_agreement_reached() {
    assert!(agreement_reached(None));
    assert!(agreement_reached(Some(FollowUp)));
    for s in [Failed, Terminated, Withdrawn] {
        assert!(!agreement_reached(Some(s)), "{s:?}");
    }
}

#[test]
fn terminal_states_are_exactly_the_three() {
    let terminal: Vec<_> = CaseState::all().filter(|s| s.is_terminal()).collect();
    assert_eq!(terminal, vec![NotAccepted, Referred, Archived]);
    assert!(!Closed.is_terminal());
}

#[test]
fn every_allowed_transition_passes_with_its_facts_and_actor() {
    let mut count = 0;
    for from in CaseState::all() {
        for &to in allowed_targets(from) {
            let result = try_move(from, to, full_facts(from, to), &natural_actor(from));
            assert_eq!(result, Ok(()), "{from} -> {to}");
            count += 1;
        }
    }
    assert_eq!(count, 32);
}

#[test]
fn every_pair_outside_the_table_is_not_allowed() {
    let everyone = actor(&[Coordinator, Admin, LeadMediator, CoMediator, Mentor, CommitteeHead]);
    for (from, to) in all_pairs().filter(|(a, b)| !allowed_targets(*a).contains(b)) {
        let result = try_move(from, to, full_facts(from, to), &everyone);
        assert_eq!(result, Err(TransitionError::NotAllowed { from, to }), "{from} -> {to}");
    }
}

#[test]
fn not_allowed_wins_over_forbidden_and_guards() {
    let err = try_move(Registered, Closed, GuardFacts::new(TODAY), &ActorContext::default());
    assert_eq!(
        err,
        Err(TransitionError::NotAllowed {
            from: Registered,
            to: Closed
        })
    );
    assert_eq!(err.unwrap_err().message_key(), "case.error.not_allowed");
}

#[test]
fn every_allowed_transition_is_forbidden_to_an_actor_without_roles() {
    for from in CaseState::all() {
        for &to in allowed_targets(from) {
            let result = try_move(from, to, full_facts(from, to), &ActorContext::default());
            assert_eq!(result, Err(TransitionError::Forbidden), "{from} -> {to}");
        }
    }
}

#[test]
fn acceptance_guards() {
    assert_eq!(
        guard_err(Registered, Accepted, |f| f.case_number_allocated = false),
        TransitionError::Guard(GuardError::CaseNumberNotAllocated)
    );
    let no_reason = guard_err(Registered, NotAccepted, |f| f.reason_code = None);
    assert_eq!(no_reason, TransitionError::Guard(GuardError::MissingReasonCode));
    assert_eq!(no_reason.message_key(), "case.error.missing_reason_code");
    assert_eq!(
        guard_err(Registered, NotAccepted, |f| f.reason_code = Some("  ".into())),
        TransitionError::Guard(GuardError::MissingReasonCode)
    );
    assert_eq!(
        guard_err(Registered, NotAccepted, |f| f.notification_method = None),
        TransitionError::Guard(GuardError::MissingNotificationMethod)
    );
    assert_eq!(
        guard_err(Registered, Referred, |f| f.destination = None),
        TransitionError::Guard(GuardError::MissingDestination)
    );
}

#[test]
fn assignment_guards() {
    let cases: [(Edit, GuardError); 4] = [
        (|f| f.lead_mediator_set = false, GuardError::NoLeadMediator),
        (
            |f| f.rights_notice_served_all = false,
            GuardError::RightsNoticeNotServed,
        ),
        (|f| f.party_refused = true, GuardError::PartyRefusedConsent),
        (|f| f.consent_recorded_all = false, GuardError::ConsentNotRecorded),
    ];
    for (edit, expected) in cases {
        assert_eq!(guard_err(Accepted, Assigned, edit), TransitionError::Guard(expected));
    }
}

#[test]
fn trainee_lead_needs_mentor_on_team_at_assignment() {
    let mut facts = full_facts(Accepted, Assigned);
    facts.mentor_on_team = false;
    let coordinator = ActorContext::new(&[Coordinator], true);
    let err = try_move(Accepted, Assigned, facts.clone(), &coordinator);
    assert_eq!(err, Err(TransitionError::Guard(GuardError::NoMentorForTrainee)));
    assert_eq!(try_move(Accepted, Assigned, facts, &actor(&[Coordinator])), Ok(()));
}

#[test]
fn mediating_refused_when_a_party_refused_consent() {
    for from in [Assigned, Investigating, FollowUp] {
        let err = guard_err(from, Mediating, |f| f.party_refused = true);
        let expected = if from == FollowUp {
            GuardError::NoBothPartyConsent
        } else {
            GuardError::PartyRefusedConsent
        };
        assert_eq!(err, TransitionError::Guard(expected), "{from}");
    }
}

#[test]
fn mediation_outcome_guards() {
    for to in [AgreementReview, AgreementEffective] {
        assert_eq!(
            guard_err(Mediating, to, |f| f.agreement_recorded = false),
            TransitionError::Guard(GuardError::NoAgreementRecorded)
        );
        assert_eq!(
            guard_err(Mediating, to, |f| f.agreement_has_terms = false),
            TransitionError::Guard(GuardError::NoAgreementTerms)
        );
    }
    assert_eq!(
        guard_err(AgreementReview, AgreementEffective, |f| f.agreement_has_terms = false),
        TransitionError::Guard(GuardError::NoAgreementTerms)
    );
    assert_eq!(
        guard_err(AgreementReview, AgreementEffective, |f| f.signed_by_all = false),
        TransitionError::Guard(GuardError::NotSignedByAll)
    );
    assert_eq!(
        guard_err(AgreementReview, AgreementEffective, |f| f.mediator_signed = false),
        TransitionError::Guard(GuardError::MediatorNotSigned)
    );
    assert_eq!(
        guard_err(AgreementReview, AgreementEffective, |f| f.sealed = false),
        TransitionError::Guard(GuardError::NotSealed)
    );
    assert_eq!(
        guard_err(AgreementReview, Mediating, |f| f.return_reason = None),
        TransitionError::Guard(GuardError::MissingReturnReason)
    );
}

#[test]
fn performance_and_follow_up_guards() {
    let g = |e| TransitionError::Guard(e);
    assert_eq!(
        guard_err(AgreementEffective, Performing, |f| f.performance_deadline = None),
        g(GuardError::MissingPerformanceDeadline)
    );
    assert_eq!(
        guard_err(AgreementEffective, Performing, |f| f.performance_deadline = Some(TODAY)),
        g(GuardError::DeadlineNotInFuture)
    );
    assert_eq!(
        guard_err(AgreementEffective, FollowUp, |f| f.performed = false),
        g(GuardError::NotPerformed)
    );
    assert_eq!(
        guard_err(FollowUp, ClosureReview, |f| f.follow_up_recorded = false),
        g(GuardError::NoFollowUpRecord)
    );
    assert_eq!(
        guard_err(FollowUp, Mediating, |f| f.agreement_disputed = false),
        g(GuardError::AgreementNotDisputed)
    );
    assert_eq!(
        guard_err(FollowUp, Mediating, |f| f.both_parties_consent = false),
        g(GuardError::NoBothPartyConsent)
    );
}

#[test]
fn closure_review_guards() {
    let err = guard_err(ClosureReview, Closed, |f| {
        f.archive_items.retain(|i| i != "rights_notice" && i != "back_cover")
    });
    assert_eq!(
        err,
        TransitionError::Guard(GuardError::ArchiveIncomplete(vec![
            "rights_notice".into(),
            "back_cover".into()
        ]))
    );
    // A failed case has no agreement to file.
    let failed = guard_err(ClosureReview, Closed, |f| {
        f.previous_state = Some(Failed);
        f.archive_items.retain(|i| i != "agreement" && i != "identity_proof");
    });
    assert_eq!(
        failed,
        TransitionError::Guard(GuardError::ArchiveIncomplete(vec!["identity_proof".into()]))
    );
    assert_eq!(
        guard_err(ClosureReview, Failed, |f| f.return_reason = None),
        TransitionError::Guard(GuardError::MissingReturnReason)
    );
    assert_eq!(
        guard_err(ClosureReview, Failed, |f| f.previous_state = Some(Withdrawn)),
        TransitionError::Guard(GuardError::NotPreviousState)
    );
    assert_eq!(
        guard_err(ClosureReview, FollowUp, |f| f.previous_state = None),
        TransitionError::Guard(GuardError::NotPreviousState)
    );
}

#[test]
fn archiving_needs_all_details() {
    let cases: [(Edit, &str); 3] = [
        (|f| f.volume_number = None, "volume"),
        (|f| f.retention_period = Some(String::new()), "retention"),
        (|f| f.filed_by = None, "filed by"),
    ];
    for (edit, what) in cases {
        assert_eq!(
            guard_err(Closed, Archived, edit),
            TransitionError::Guard(GuardError::MissingArchiveDetails),
            "{what}"
        );
    }
}

#[test]
fn judicial_confirmation_window() {
    assert_eq!(judicial_confirmation_allowed(TODAY, TODAY), Ok(()));
    assert_eq!(judicial_confirmation_allowed(TODAY, TODAY + 30), Ok(()));
    assert_eq!(
        judicial_confirmation_allowed(TODAY, TODAY + 31),
        Err(GuardError::JudicialConfirmationTooLate)
    );
    assert_eq!(
        judicial_confirmation_allowed(TODAY, TODAY - 1),
        Err(GuardError::JudicialConfirmationBeforeEffect)
    );
    assert_eq!(
        GuardError::JudicialConfirmationTooLate.message_key(),
        "case.error.judicial_confirmation_too_late"
    );
}

#[test]
fn trainee_reviews_need_the_mentor_not_the_committee_head() {
    for (from, to) in [(AgreementReview, AgreementEffective), (ClosureReview, Closed)] {
        let facts = full_facts(from, to);
        let head = ActorContext::new(&[CommitteeHead], true);
        assert_eq!(
            try_move(from, to, facts.clone(), &head),
            Err(TransitionError::Forbidden)
        );
        let mentor = ActorContext::new(&[Mentor], true);
        assert_eq!(try_move(from, to, facts.clone(), &mentor), Ok(()));
        // A 老马's case is reviewed by the committee head, not a mentor.
        assert_eq!(
            try_move(from, to, facts, &actor(&[Mentor])),
            Err(TransitionError::Forbidden)
        );
    }
}

#[test]
fn lead_never_signs_own_review() {
    let facts = full_facts(AgreementReview, AgreementEffective);
    let lead_head = actor(&[LeadMediator, CommitteeHead]);
    assert_eq!(
        try_move(AgreementReview, AgreementEffective, facts.clone(), &lead_head),
        Err(TransitionError::Forbidden)
    );
    let lead_mentor = ActorContext::new(&[LeadMediator, Mentor], true);
    assert_eq!(
        try_move(AgreementReview, AgreementEffective, facts, &lead_mentor),
        Err(TransitionError::Forbidden)
    );
    let co_head = actor(&[CoMediator, CommitteeHead]);
    assert!(may_fire(ClosureReview, &co_head));
}

#[test]
fn coordinator_cannot_fail_a_mediation() {
    let err = try_move(Mediating, Failed, full_facts(Mediating, Failed), &actor(&[Coordinator]));
    assert_eq!(err, Err(TransitionError::Forbidden));
    assert_eq!(err.unwrap_err().message_key(), "case.error.forbidden");
    assert_eq!(
        try_move(Mediating, Failed, full_facts(Mediating, Failed), &actor(&[CoMediator])),
        Ok(())
    );
}

#[test]
fn office_and_team_permissions() {
    assert!(may_fire(Registered, &actor(&[Admin])));
    assert!(may_fire(Closed, &actor(&[Admin])));
    assert!(!may_fire(Registered, &actor(&[LeadMediator])));
    assert!(!may_fire(AgreementReview, &actor(&[Admin, Coordinator])));
    assert!(!may_fire(Mediating, &actor(&[Mentor, CommitteeHead])));
    assert!(!may_fire(Archived, &actor(&[Admin])));
}

#[test]
fn ending_without_agreement_needs_the_remedies_told() {
    for from in [Assigned, Investigating, Mediating] {
        for to in [Terminated, Withdrawn] {
            assert_eq!(
                guard_err(from, to, |f| f.remedies_told = false),
                TransitionError::Guard(GuardError::RemediesNotTold),
                "{from} -> {to}"
            );
        }
    }
    assert_eq!(
        guard_err(Mediating, Failed, |f| f.remedies_told = false),
        TransitionError::Guard(GuardError::RemediesNotTold)
    );
    // A mediation never attempted cannot fail; it is withdrawn or terminated.
    assert!(!allowed_targets(Assigned).contains(&Failed));
    // The step back from the closure review was told already.
    let mut facts = full_facts(ClosureReview, Failed);
    facts.remedies_told = false;
    assert_eq!(try_move(ClosureReview, Failed, facts, &actor(&[CommitteeHead])), Ok(()));
}

#[test]
fn a_withdrawal_before_any_session_closes_on_its_withdrawal_record() {
    let mut facts = full_facts(ClosureReview, Closed);
    facts.previous_state = Some(Withdrawn);
    facts
        .archive_items
        .retain(|i| i != "session_record" && i != "agreement");
    let err = try_move(ClosureReview, Closed, facts.clone(), &actor(&[CommitteeHead]));
    assert_eq!(
        err,
        Err(TransitionError::Guard(GuardError::ArchiveIncomplete(vec![
            "withdrawal_record".into()
        ])))
    );
    facts.archive_items.push("withdrawal_record".into());
    assert_eq!(try_move(ClosureReview, Closed, facts, &actor(&[CommitteeHead])), Ok(()));
}

#[test]
fn deadline_and_overdue() {
    assert!(!is_overdue(129, 130, Mediating), "a second before 24:00");
    assert!(is_overdue(130, 130, Mediating), "24:00 of the last day");
    assert!(is_overdue(131, 130, AgreementReview));
    for state in [
        Registered,
        AgreementEffective,
        Performing,
        FollowUp,
        Failed,
        ClosureReview,
        Closed,
        Archived,
        NotAccepted,
    ] {
        assert!(!is_overdue(500, 130, state), "{state}");
    }
}

#[test]
fn error_keys_are_namespaced() {
    let errs = [
        GuardError::ArchiveIncomplete(vec![]),
        GuardError::NotPreviousState,
        GuardError::MissingArchiveDetails,
    ];
    for e in errs {
        assert!(e.message_key().starts_with("case.error."));
        assert_eq!(TransitionError::from(e.clone()).message_key(), e.message_key());
    }
}

#[test]
fn open_states_end_at_closure() {
    let closed: Vec<CaseState> = CaseState::all().filter(|s| !s.is_open()).collect();
    assert_eq!(closed, [Closed, NotAccepted, Referred, Archived]);
    assert!(ClosureReview.is_open() && Failed.is_open() && Registered.is_open());
}
