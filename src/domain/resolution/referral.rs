//! The referral state machine (issue 16 "转办、交办、反馈、督办"):
//! sent → accepted / returned (with reason) → outcome reported → closed.
//!
//! Like `mediation_workflow`, the checks run in a fixed order so the answer
//! to a bad request is always the same one: a finished referral first, then
//! a step that does not exist from here, then who may take it, then the
//! facts it needs. Escalation (督办) is not a state change: it is allowed
//! on an open, overdue referral and only counts and notes.

use crate::domain::vocabulary::vocabulary;

vocabulary! {
    /// Where a referral stands.
    pub enum ReferralState: "referral.state." {
        Sent = "sent", Accepted = "accepted", Returned = "returned",
        OutcomeReported = "outcome_reported", Closed = "closed",
    }
}

vocabulary! {
    /// How the receiving organisation says the dispute ended.
    pub enum Outcome: "referral.outcome." {
        /// 达成协议 (a mediation agreement or settlement).
        Agreement = "agreement",
        /// 判决 / 裁定.
        Judgment = "judgment",
        /// 仲裁裁决.
        Award = "award",
        /// 撤回 / 撤诉.
        Withdrawn = "withdrawn",
        /// 未化解.
        NotResolved = "not_resolved",
    }
}

vocabulary! {
    /// A line of a referral's timeline: its sending, then each step.
    pub enum ReferralEventKind: "referral.event." {
        Sent = "sent", Accept = "accept", Return = "return",
        ReportOutcome = "report_outcome", Close = "close", Escalate = "escalate",
    }
}

/// A step on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralAction {
    Accept,
    Return,
    ReportOutcome,
    Close,
    Escalate,
}

impl ReferralAction {
    /// The timeline line the step writes (its code is also the URL segment
    /// and, prefixed with `referral.`, the audit action).
    pub fn event(self) -> ReferralEventKind {
        match self {
            ReferralAction::Accept => ReferralEventKind::Accept,
            ReferralAction::Return => ReferralEventKind::Return,
            ReferralAction::ReportOutcome => ReferralEventKind::ReportOutcome,
            ReferralAction::Close => ReferralEventKind::Close,
            ReferralAction::Escalate => ReferralEventKind::Escalate,
        }
    }
}

/// Who is acting: the centre's staff (on the organisation's behalf for its
/// answers) or a user of the receiving organisation itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralActor {
    Centre,
    ReceivingOrg,
    /// Anyone else, e.g. another organisation's user.
    Other,
}

/// What the request carries, read only by the steps that need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralFacts {
    /// Why the organisation returns the dispute.
    pub reason: String,
    pub outcome: Option<Outcome>,
    /// The evidence of the organisation's answer (phone call, letter, …)
    /// when the centre records it for them; the escalation's note.
    pub note: String,
    /// Past the deadline that applies in the current state.
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralError {
    /// Returned and closed referrals take no more steps.
    Finished,
    NotFromHere,
    Forbidden,
    ReasonRequired,
    OutcomeRequired,
    EvidenceRequired,
    NoteRequired,
    NotOverdue,
}

impl ReferralError {
    pub fn message_key(self) -> &'static str {
        match self {
            ReferralError::Finished => "referral.error.finished",
            ReferralError::NotFromHere => "referral.error.not_from_here",
            ReferralError::Forbidden => "referral.error.forbidden",
            ReferralError::ReasonRequired => "referral.error.reason_required",
            ReferralError::OutcomeRequired => "referral.error.outcome_required",
            ReferralError::EvidenceRequired => "referral.error.evidence_required",
            ReferralError::NoteRequired => "referral.error.note_required",
            ReferralError::NotOverdue => "referral.error.not_overdue",
        }
    }
}

use ReferralState::*;

impl ReferralState {
    /// A returned referral is over (the dispute is back in triage); a closed
    /// one is over for good.
    pub fn is_finished(self) -> bool {
        matches!(self, Returned | Closed)
    }

    /// Still in the receiving organisation's hands: the states a deadline runs in.
    pub fn is_open(self) -> bool {
        matches!(self, Sent | Accepted)
    }
}

/// The state a step leads to from `from`; `None` when the step does not
/// exist there. Escalation keeps the state.
pub fn target(from: ReferralState, action: ReferralAction) -> Option<ReferralState> {
    match (from, action) {
        (Sent, ReferralAction::Accept) => Some(Accepted),
        (Sent, ReferralAction::Return) => Some(Returned),
        (Accepted, ReferralAction::ReportOutcome) => Some(OutcomeReported),
        (OutcomeReported, ReferralAction::Close) => Some(Closed),
        (Sent | Accepted, ReferralAction::Escalate) => Some(from),
        _ => None,
    }
}

/// The organisation answers for itself (accept, return, outcome); closing
/// and escalating are the centre's: the centre checks the outcome before
/// it closes, and supervises (督办) the organisation, not the reverse.
fn may_act(action: ReferralAction, actor: ReferralActor) -> bool {
    match action {
        ReferralAction::Accept | ReferralAction::Return | ReferralAction::ReportOutcome => {
            matches!(actor, ReferralActor::Centre | ReferralActor::ReceivingOrg)
        }
        ReferralAction::Close | ReferralAction::Escalate => actor == ReferralActor::Centre,
    }
}

/// Whether the step is an answer that belongs to the organisation.
fn is_org_answer(action: ReferralAction) -> bool {
    matches!(
        action,
        ReferralAction::Accept | ReferralAction::Return | ReferralAction::ReportOutcome
    )
}

/// Decides a step; `Ok` holds the state to write.
pub fn check(
    from: ReferralState,
    action: ReferralAction,
    actor: ReferralActor,
    facts: &ReferralFacts,
) -> Result<ReferralState, ReferralError> {
    if from.is_finished() {
        return Err(ReferralError::Finished);
    }
    let to = target(from, action).ok_or(ReferralError::NotFromHere)?;
    if !may_act(action, actor) {
        return Err(ReferralError::Forbidden);
    }
    match action {
        ReferralAction::Return if facts.reason.trim().is_empty() => return Err(ReferralError::ReasonRequired),
        ReferralAction::ReportOutcome if facts.outcome.is_none() => return Err(ReferralError::OutcomeRequired),
        ReferralAction::Escalate if facts.note.trim().is_empty() => return Err(ReferralError::NoteRequired),
        ReferralAction::Escalate if !facts.overdue => return Err(ReferralError::NotOverdue),
        _ => {}
    }
    // An answer the centre writes down for the organisation must say how
    // the organisation gave it, or nobody can later tell it was given.
    if is_org_answer(action) && actor == ReferralActor::Centre && facts.note.trim().is_empty() {
        return Err(ReferralError::EvidenceRequired);
    }
    Ok(to)
}

/// Whether the receiving organisation sees the parties' names and contact
/// numbers. Only while the dispute is in its hands after it accepted: it
/// needs them to mediate, while a referral merely sent may still be
/// returned, and one returned or closed is no longer its work (PIPL art. 6:
/// no more personal data than the purpose needs, for no longer than it
/// needs them).
pub fn shares_parties(state: ReferralState) -> bool {
    matches!(state, ReferralState::Accepted | ReferralState::OutcomeReported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocabulary::assert_well_formed;
    use ReferralAction as A;
    use ReferralActor::*;

    const ACTIONS: [ReferralAction; 5] = [A::Accept, A::Return, A::ReportOutcome, A::Close, A::Escalate];

    fn full() -> ReferralFacts {
        ReferralFacts {
            reason: "不属本机构受理范围".into(),
            outcome: Some(Outcome::Agreement),
            note: "电话确认".into(),
            overdue: true,
        }
    }

    #[test]
    fn vocabularies_are_well_formed() {
        assert_well_formed::<ReferralState>();
        assert_well_formed::<Outcome>();
        assert_well_formed::<ReferralEventKind>();
        assert_eq!(ReferralAction::ReportOutcome.event().code(), "report_outcome");
    }

    #[test]
    fn every_allowed_step_and_every_refused_one() {
        let allowed = [
            (Sent, A::Accept, Accepted),
            (Sent, A::Return, Returned),
            (Sent, A::Escalate, Sent),
            (Accepted, A::ReportOutcome, OutcomeReported),
            (Accepted, A::Escalate, Accepted),
            (OutcomeReported, A::Close, Closed),
        ];
        for &from in ReferralState::ALL {
            for action in ACTIONS {
                let expected = allowed.iter().find(|r| r.0 == from && r.1 == action).map(|r| r.2);
                let got = check(from, action, Centre, &full());
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} {action:?}"),
                    None if from.is_finished() => assert_eq!(got, Err(ReferralError::Finished)),
                    None => assert_eq!(got, Err(ReferralError::NotFromHere), "{from:?} {action:?}"),
                }
            }
        }
    }

    #[test]
    fn the_organisation_answers_but_only_the_centre_closes_and_escalates() {
        let f = full();
        assert_eq!(check(Sent, A::Accept, ReceivingOrg, &f), Ok(Accepted));
        assert_eq!(check(Accepted, A::ReportOutcome, ReceivingOrg, &f), Ok(OutcomeReported));
        assert_eq!(
            check(OutcomeReported, A::Close, ReceivingOrg, &f),
            Err(ReferralError::Forbidden)
        );
        assert_eq!(
            check(Sent, A::Escalate, ReceivingOrg, &f),
            Err(ReferralError::Forbidden)
        );
        for action in [A::Accept, A::Return] {
            assert_eq!(check(Sent, action, Other, &f), Err(ReferralError::Forbidden));
        }
    }

    #[test]
    fn checks_run_in_order_finished_then_step_then_actor_then_facts() {
        let empty = ReferralFacts::default();
        assert_eq!(check(Closed, A::Accept, Other, &empty), Err(ReferralError::Finished));
        assert_eq!(check(Returned, A::Close, Other, &empty), Err(ReferralError::Finished));
        assert_eq!(check(Sent, A::Close, Other, &empty), Err(ReferralError::NotFromHere));
        assert_eq!(check(Sent, A::Return, Other, &empty), Err(ReferralError::Forbidden));
        assert_eq!(
            check(Sent, A::Return, Centre, &empty),
            Err(ReferralError::ReasonRequired)
        );
    }

    #[test]
    fn each_step_needs_its_facts() {
        let org = ReceivingOrg;
        let blank = ReferralFacts::default();
        assert_eq!(check(Sent, A::Return, org, &blank), Err(ReferralError::ReasonRequired));
        let spaces = ReferralFacts {
            reason: "  ".into(),
            ..full()
        };
        assert_eq!(check(Sent, A::Return, org, &spaces), Err(ReferralError::ReasonRequired));
        assert_eq!(
            check(Accepted, A::ReportOutcome, org, &blank),
            Err(ReferralError::OutcomeRequired)
        );
        assert_eq!(
            check(Sent, A::Accept, org, &blank),
            Ok(Accepted),
            "the org needs no evidence"
        );
    }

    #[test]
    fn the_centre_answering_for_the_organisation_records_evidence() {
        let no_note = ReferralFacts {
            note: String::new(),
            ..full()
        };
        for (from, action) in [(Sent, A::Accept), (Sent, A::Return), (Accepted, A::ReportOutcome)] {
            assert_eq!(
                check(from, action, Centre, &no_note),
                Err(ReferralError::EvidenceRequired)
            );
        }
        assert_eq!(
            check(OutcomeReported, A::Close, Centre, &no_note),
            Ok(Closed),
            "closing is its own act"
        );
    }

    #[test]
    fn escalation_needs_a_note_and_an_overdue_referral() {
        let on_time = ReferralFacts {
            overdue: false,
            ..full()
        };
        assert_eq!(
            check(Sent, A::Escalate, Centre, &on_time),
            Err(ReferralError::NotOverdue)
        );
        let no_note = ReferralFacts {
            note: " ".into(),
            ..full()
        };
        assert_eq!(
            check(Accepted, A::Escalate, Centre, &no_note),
            Err(ReferralError::NoteRequired)
        );
        assert_eq!(
            check(OutcomeReported, A::Escalate, Centre, &full()),
            Err(ReferralError::NotFromHere)
        );
    }

    #[test]
    fn open_and_finished_states() {
        assert!(Sent.is_open() && Accepted.is_open());
        assert!(!OutcomeReported.is_open() && !OutcomeReported.is_finished());
        assert!(Returned.is_finished() && Closed.is_finished());
    }

    #[test]
    fn the_parties_are_shared_from_acceptance_until_the_referral_is_closed() {
        let shared: Vec<ReferralState> = ReferralState::ALL
            .iter()
            .copied()
            .filter(|s| shares_parties(*s))
            .collect();
        assert_eq!(shared, vec![ReferralState::Accepted, ReferralState::OutcomeReported]);
    }
}
