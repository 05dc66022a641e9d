//! Everything a step still lacks, in one list, with who must supply each
//! fact (issue 14 item 13). [`check`](super::check) stops at the first
//! refusing guard, which leaves a reviewer discovering the gaps one refusal
//! at a time; this asks the same guard again with each gap assumed filled,
//! so the list is exactly what the guard would refuse, in its order.

use super::CaseState::{self, *};
use super::guards::{GuardError, GuardFacts, guard};

/// Who supplies a missing fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhoActs {
    /// Whoever takes the step, in its own form (a reason, a checkbox).
    StepForm,
    /// The lead mediator (or a co-mediator), on the case page: terms,
    /// signatures, the seal, records. A reviewer cannot record these.
    Team,
    /// The coordinator, on the case page: parties' notice and consent, the team.
    Office,
}

impl WhoActs {
    pub fn label_key(self) -> &'static str {
        match self {
            WhoActs::StepForm => "missing.who.step_form",
            WhoActs::Team => "missing.who.team",
            WhoActs::Office => "missing.who.office",
        }
    }
}

/// One gap: what the guard refuses and who fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub error: GuardError,
    pub who: WhoActs,
}

/// Every fact the step `from` → `to` still lacks, in the guard's order;
/// empty when the guard would let it through. `(from, to)` must be a step of
/// the table (the caller checked `allowed_targets` and the actor).
pub fn missing(from: CaseState, to: CaseState, facts: &GuardFacts, lead_is_trainee: bool) -> Vec<Missing> {
    let mut assumed = facts.clone();
    let mut found = Vec::new();
    // Each pass fills one gap, so the guard runs at most once per fact; a
    // gap that comes back (or cannot be filled) ends the list.
    while let Err(error) = guard(from, to, &assumed, lead_is_trainee) {
        if found.iter().any(|m: &Missing| m.error == error) {
            break;
        }
        let filled = assume_filled(&mut assumed, &error);
        found.push(Missing {
            who: who_acts(from, &error),
            error,
        });
        if !filled {
            break;
        }
    }
    found
}

/// Who the case waits for now: the group that may leave its state, except
/// that a review whose gaps only the team can fill waits for the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextActor {
    Office,
    Team,
    /// The 老马 mentoring a 小马 lead.
    Mentor,
    /// The committee head, for a senior lead.
    CommitteeHead,
    /// A terminal state: nobody.
    Nobody,
}

impl NextActor {
    pub fn label_key(self) -> &'static str {
        match self {
            NextActor::Office => "next.office",
            NextActor::Team => "next.team",
            NextActor::Mentor => "next.mentor",
            NextActor::CommitteeHead => "next.committee_head",
            NextActor::Nobody => "next.nobody",
        }
    }
}

/// Who acts next on a case in `state` with the review `gaps` (from
/// [`missing`]; empty outside the reviews).
pub fn next_actor(state: CaseState, gaps: &[Missing], lead_is_trainee: bool) -> NextActor {
    match super::authority(state) {
        None => NextActor::Nobody,
        Some(super::Authority::Office) => NextActor::Office,
        Some(super::Authority::Team) => NextActor::Team,
        Some(super::Authority::Review) if gaps.iter().any(|g| g.who == WhoActs::Team) => NextActor::Team,
        Some(super::Authority::Review) if lead_is_trainee => NextActor::Mentor,
        Some(super::Authority::Review) => NextActor::CommitteeHead,
    }
}

/// Who supplies the fact `error` names, for a step out of `from`.
fn who_acts(from: CaseState, error: &GuardError) -> WhoActs {
    use GuardError as E;
    match error {
        E::NoAgreementRecorded
        | E::NoAgreementTerms
        | E::NotSignedByAll
        | E::MediatorNotSigned
        | E::NotSealed
        | E::NoFollowUpRecord
        | E::MissingPerformanceDeadline
        | E::DeadlineNotInFuture => WhoActs::Team,
        // Notice and consent are recorded on the party list; before the
        // team is set that is the coordinator's work, afterwards the team's.
        E::RightsNoticeNotServed | E::ConsentNotRecorded | E::PartyRefusedConsent => {
            if matches!(from, Registered | Accepted) {
                WhoActs::Office
            } else {
                WhoActs::Team
            }
        }
        // The archive list mixes papers the system sees (records, the
        // agreement: the team's) with papers the reviewer ticks in the form;
        // the form lists which is which.
        E::ArchiveIncomplete(_) => WhoActs::StepForm,
        _ => WhoActs::StepForm,
    }
}

/// Marks the fact behind `error` as supplied; false for a gap that cannot be
/// assumed away (the listing then stops, as nothing after it is reachable).
fn assume_filled(f: &mut GuardFacts, error: &GuardError) -> bool {
    use GuardError as E;
    let some = || Some("·".to_owned());
    match error {
        E::CaseNumberNotAllocated => f.case_number_allocated = true,
        E::MissingReasonCode => f.reason_code = some(),
        E::MissingNotificationMethod => f.notification_method = some(),
        E::MissingDestination => f.destination = some(),
        E::NoLeadMediator => f.lead_mediator_set = true,
        E::NoMentorForTrainee => f.mentor_on_team = true,
        E::RightsNoticeNotServed => f.rights_notice_served_all = true,
        E::PartyRefusedConsent => f.party_refused = false,
        E::ConsentNotRecorded => f.consent_recorded_all = true,
        E::NoAgreementRecorded => f.agreement_recorded = true,
        E::NoAgreementTerms => f.agreement_has_terms = true,
        E::NotSignedByAll => f.signed_by_all = true,
        E::MediatorNotSigned => f.mediator_signed = true,
        E::NotSealed => f.sealed = true,
        E::MissingPerformanceDeadline | E::DeadlineNotInFuture => f.performance_deadline = Some(f.today + 1),
        E::NotPerformed => f.performed = true,
        E::NoFollowUpRecord => f.follow_up_recorded = true,
        E::AgreementNotDisputed => f.agreement_disputed = true,
        E::NoBothPartyConsent => {
            f.both_parties_consent = true;
            f.party_refused = false;
        }
        E::ArchiveIncomplete(items) => f.archive_items.extend(items.iter().cloned()),
        E::MissingReturnReason => f.return_reason = some(),
        E::RemediesNotTold => f.remedies_told = true,
        E::MissingArchiveDetails => {
            f.volume_number = some();
            f.retention_period = some();
            f.filed_by = some();
        }
        E::NotPreviousState | E::JudicialConfirmationBeforeEffect | E::JudicialConfirmationTooLate => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use GuardError as E;

    fn facts() -> GuardFacts {
        GuardFacts::new(20_000)
    }

    fn errors(list: &[Missing]) -> Vec<GuardError> {
        list.iter().map(|m| m.error.clone()).collect()
    }

    #[test]
    fn an_unsigned_draft_lists_every_gap_for_the_team_at_once() {
        let list = missing(AgreementReview, AgreementEffective, &facts(), false);
        assert_eq!(
            errors(&list),
            [
                E::NoAgreementTerms,
                E::NotSignedByAll,
                E::MediatorNotSigned,
                E::NotSealed
            ]
        );
        assert!(list.iter().all(|m| m.who == WhoActs::Team));
    }

    #[test]
    fn a_signed_draft_lacks_only_what_is_still_open() {
        let mut f = facts();
        f.agreement_has_terms = true;
        f.signed_by_all = true;
        f.mediator_signed = true;
        assert_eq!(
            errors(&missing(AgreementReview, AgreementEffective, &f, true)),
            [E::NotSealed]
        );
        f.sealed = true;
        assert!(missing(AgreementReview, AgreementEffective, &f, true).is_empty());
    }

    #[test]
    fn the_list_agrees_with_the_guard_on_its_first_refusal() {
        let f = facts();
        let first = guard(AgreementReview, AgreementEffective, &f, false).unwrap_err();
        assert_eq!(missing(AgreementReview, AgreementEffective, &f, false)[0].error, first);
    }

    #[test]
    fn a_return_asks_the_reviewer_for_a_reason_in_the_form() {
        let list = missing(AgreementReview, Mediating, &facts(), false);
        assert_eq!(
            list,
            [Missing {
                error: E::MissingReturnReason,
                who: WhoActs::StepForm
            }]
        );
    }

    #[test]
    fn assignment_gaps_before_the_team_is_set_are_the_coordinators() {
        let list = missing(Accepted, Assigned, &facts(), true);
        assert_eq!(
            errors(&list),
            [
                E::NoLeadMediator,
                E::NoMentorForTrainee,
                E::RightsNoticeNotServed,
                E::ConsentNotRecorded
            ]
        );
        assert_eq!(list[0].who, WhoActs::StepForm);
        assert_eq!(list[2].who, WhoActs::Office);
    }

    #[test]
    fn closing_lists_the_archive_gap_once_with_its_items() {
        let mut f = facts();
        f.previous_state = Some(FollowUp);
        f.archive_items = vec!["application_form".into(), "rights_notice".into()];
        let list = missing(ClosureReview, Closed, &f, false);
        assert_eq!(list.len(), 1);
        match &list[0].error {
            E::ArchiveIncomplete(items) => assert!(items.contains(&"back_cover".to_owned())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_gap_that_cannot_be_filled_ends_the_list() {
        let mut f = facts();
        f.previous_state = Some(Failed);
        let list = missing(ClosureReview, FollowUp, &f, false);
        assert_eq!(errors(&list), [E::NotPreviousState]);
    }

    #[test]
    fn a_review_waits_for_the_team_while_it_lacks_their_records() {
        let gaps = missing(AgreementReview, AgreementEffective, &facts(), true);
        assert_eq!(next_actor(AgreementReview, &gaps, true), NextActor::Team);
        assert_eq!(next_actor(AgreementReview, &[], true), NextActor::Mentor);
        assert_eq!(next_actor(AgreementReview, &[], false), NextActor::CommitteeHead);
        let form_only = missing(ClosureReview, Closed, &facts(), false);
        assert_eq!(next_actor(ClosureReview, &form_only, false), NextActor::CommitteeHead);
    }

    #[test]
    fn other_states_wait_for_whoever_may_leave_them() {
        assert_eq!(next_actor(Registered, &[], false), NextActor::Office);
        assert_eq!(next_actor(Closed, &[], false), NextActor::Office);
        assert_eq!(next_actor(Mediating, &[], true), NextActor::Team);
        assert_eq!(next_actor(Archived, &[], false), NextActor::Nobody);
    }

    #[test]
    fn nothing_is_missing_for_a_step_without_facts() {
        assert!(missing(Assigned, Investigating, &facts(), false).is_empty());
    }
}
