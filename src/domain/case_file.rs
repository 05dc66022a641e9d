//! What a case file may receive in each state (DESIGN.md §5.2–5.3).
//!
//! The write path (`mediation::actions`) refuses what these functions
//! refuse, and the case page offers only what they allow, so a form is never
//! shown for a record the server would turn down. Each rule follows the
//! order of work in the People's Mediation Law: investigate before and
//! while mediating (Art. 20, 22), hold sessions only while mediating,
//! urge performance once an agreement binds the parties (Art. 31), visit
//! afterwards, and apply for judicial confirmation only against an
//! agreement in force (Art. 33).

use super::mediation::RecordKind;
use super::mediation_workflow::CaseState::{self, *};
use super::mediation_workflow::{ActorContext, ActorRole};

/// Team members and the office may keep the file (parties, flags, clock,
/// judicial confirmation); the reviewer may not edit what they are to review.
pub fn may_edit(actor: &ActorContext) -> bool {
    [
        ActorRole::LeadMediator,
        ActorRole::CoMediator,
        ActorRole::Coordinator,
        ActorRole::Admin,
    ]
    .iter()
    .any(|r| actor.has(*r))
}

/// Only the mediators who did the work write its records and agreements.
pub fn may_record(actor: &ActorContext) -> bool {
    actor.has(ActorRole::LeadMediator) || actor.has(ActorRole::CoMediator)
}

/// The case can still be edited: it is neither closed nor at a dead end.
/// A closed case only waits to be filed; its file is frozen.
pub fn is_editable(state: CaseState) -> bool {
    !(state.is_terminal() || state == Closed)
}

/// A record of `kind` may be added in `state`.
pub fn record_allowed(kind: RecordKind, state: CaseState) -> bool {
    match kind {
        // Facts are gathered once the case has a mediator, and may still be
        // checked while the parties talk.
        RecordKind::Investigation => matches!(state, Assigned | Investigating | Mediating),
        RecordKind::Session => state == Mediating,
        // Urging only makes sense against a binding agreement being performed.
        RecordKind::Urging => state == Performing,
        // The follow-up visit has its own form and rule: [`follow_up_allowed`].
        RecordKind::FollowUp => follow_up_allowed(state),
    }
}

/// The kinds offered on the case page's generic record form, in that order.
pub fn record_kinds_in(state: CaseState) -> Vec<RecordKind> {
    [RecordKind::Investigation, RecordKind::Session, RecordKind::Urging]
        .into_iter()
        .filter(|k| record_allowed(*k, state))
        .collect()
}

/// Judicial confirmation is applied for against an agreement in force,
/// from the day it takes effect until the case is closed.
pub fn judicial_allowed(state: CaseState) -> bool {
    matches!(state, AgreementEffective | Performing | FollowUp)
}

/// Performance (and its proofs) is recorded while the agreement is carried
/// out and during the follow-up that checks it.
pub fn performance_open(state: CaseState) -> bool {
    matches!(state, Performing | FollowUp)
}

/// The follow-up visit (回访) belongs to the follow-up stage.
pub fn follow_up_allowed(state: CaseState) -> bool {
    state == FollowUp
}

/// A new agreement version is drafted only while mediating.
pub fn agreement_drafting_allowed(state: CaseState) -> bool {
    state == Mediating
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states_where(rule: impl Fn(CaseState) -> bool) -> Vec<CaseState> {
        CaseState::all().filter(|s| rule(*s)).collect()
    }

    #[test]
    fn each_record_kind_has_exactly_its_states() {
        let kind = |k| states_where(move |s| record_allowed(k, s));
        assert_eq!(kind(RecordKind::Investigation), [Assigned, Investigating, Mediating]);
        assert_eq!(kind(RecordKind::Session), [Mediating]);
        assert_eq!(kind(RecordKind::Urging), [Performing]);
        assert_eq!(kind(RecordKind::FollowUp), [FollowUp]);
    }

    #[test]
    fn the_generic_form_offers_what_the_state_allows() {
        assert_eq!(
            record_kinds_in(Mediating),
            [RecordKind::Investigation, RecordKind::Session]
        );
        assert_eq!(record_kinds_in(Performing), [RecordKind::Urging]);
        assert!(record_kinds_in(Registered).is_empty());
        assert!(record_kinds_in(FollowUp).is_empty(), "the visit has its own form");
    }

    #[test]
    fn judicial_performance_and_drafting_windows() {
        assert_eq!(
            states_where(judicial_allowed),
            [AgreementEffective, Performing, FollowUp]
        );
        assert_eq!(states_where(performance_open), [Performing, FollowUp]);
        assert_eq!(states_where(agreement_drafting_allowed), [Mediating]);
    }

    #[test]
    fn the_team_records_and_the_office_may_also_edit() {
        let who = |r: ActorRole| ActorContext::new(&[r], false);
        for r in [ActorRole::LeadMediator, ActorRole::CoMediator] {
            assert!(may_record(&who(r)) && may_edit(&who(r)), "{r:?}");
        }
        for r in [ActorRole::Coordinator, ActorRole::Admin] {
            assert!(!may_record(&who(r)) && may_edit(&who(r)), "{r:?}");
        }
        for r in [ActorRole::Mentor, ActorRole::CommitteeHead] {
            assert!(
                !may_record(&who(r)) && !may_edit(&who(r)),
                "reviewers do not edit: {r:?}"
            );
        }
    }

    #[test]
    fn closed_and_dead_end_cases_are_frozen() {
        assert_eq!(
            states_where(|s| !is_editable(s)),
            [Closed, NotAccepted, Referred, Archived]
        );
        assert!(is_editable(ClosureReview));
    }
}
