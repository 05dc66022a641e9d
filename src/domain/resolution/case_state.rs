//! What a referral does to the dispute's own case (issue 16, DESIGN.md
//! §5.2 and §5.6). §5.2 has one move for it: REGISTERED → REFERRED, with
//! the destination, and REFERRED has no way out. The referral's states
//! are mapped onto that move so the case never has to leave a terminal
//! state:
//!
//! - sent: the dispute stays REGISTERED at the door. The organisation may
//!   still return it (a return is only possible before acceptance), and
//!   while it is out the committee may neither accept nor refuse it.
//! - accepted: the hand-off. The organisation took the dispute, so the
//!   case becomes REFERRED with the organisation as its destination.
//! - outcome reported, closed: the case stays REFERRED; how it ended is
//!   the referral's outcome, which the queues and `/track` show with it.
//! - returned: never accepted, so the case is still REGISTERED: back in
//!   triage with the reason.

use super::{Outcome, ReferralAction, ReferralState};
use crate::domain::mediation_workflow::CaseState;

/// The state the case moves to when `action` is taken on its referral,
/// or `None` when the case keeps its state. Only a case still at the door
/// moves: one referred by hand before the centre existed is left alone.
pub fn case_after(case: CaseState, action: ReferralAction) -> Option<CaseState> {
    match (case, action) {
        (CaseState::Registered, ReferralAction::Accept) => Some(CaseState::Referred),
        _ => None,
    }
}

/// Who the dispute waits for, as a case list shows it next to the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The receiving organisation: to accept or return, then to report.
    Organisation,
    /// The centre: to close on the reported outcome, or to triage again.
    Centre,
    /// Nobody: the referral ended (the outcome says how).
    Nobody,
}

impl Waiting {
    pub fn label_key(self) -> &'static str {
        match self {
            Waiting::Organisation => "centre_case.next.organisation",
            Waiting::Centre => "centre_case.next.centre",
            Waiting::Nobody => "next.nobody",
        }
    }
}

/// Who acts next on a dispute whose latest referral is in `state`.
pub fn waiting(state: ReferralState) -> Waiting {
    match state {
        ReferralState::Sent | ReferralState::Accepted => Waiting::Organisation,
        ReferralState::OutcomeReported | ReferralState::Returned => Waiting::Centre,
        ReferralState::Closed => Waiting::Nobody,
    }
}

/// The line a case list shows for a referred dispute: the referral's state,
/// or its outcome once one is reported (the outcome is the news).
pub fn standing_key(state: ReferralState, outcome: Option<Outcome>) -> &'static str {
    match (state, outcome) {
        (ReferralState::OutcomeReported | ReferralState::Closed, Some(o)) => o.label_key(),
        _ => state.label_key(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::referral::target;
    use super::*;

    const ACTIONS: [ReferralAction; 5] = [
        ReferralAction::Accept,
        ReferralAction::Return,
        ReferralAction::ReportOutcome,
        ReferralAction::Close,
        ReferralAction::Escalate,
    ];

    #[test]
    fn only_acceptance_of_a_registered_case_moves_it_to_referred() {
        for case in CaseState::all() {
            for action in ACTIONS {
                let expected =
                    (case == CaseState::Registered && action == ReferralAction::Accept).then_some(CaseState::Referred);
                assert_eq!(case_after(case, action), expected, "{case:?} {action:?}");
            }
        }
    }

    #[test]
    fn the_move_is_one_the_workflow_allows_and_never_needs_undoing() {
        let allowed = crate::domain::mediation_workflow::allowed_targets(CaseState::Registered);
        assert!(allowed.contains(&CaseState::Referred));
        assert!(CaseState::Referred.is_terminal());
        // A return, which would need the case back at the door, exists only
        // before acceptance: never from a state reached after the hand-off.
        for &from in ReferralState::ALL {
            let after_hand_off = !matches!(from, ReferralState::Sent);
            if after_hand_off {
                assert_eq!(target(from, ReferralAction::Return), None, "{from:?}");
            }
        }
    }

    #[test]
    fn who_waits_in_each_referral_state() {
        assert_eq!(waiting(ReferralState::Sent), Waiting::Organisation);
        assert_eq!(waiting(ReferralState::Accepted), Waiting::Organisation);
        assert_eq!(waiting(ReferralState::OutcomeReported), Waiting::Centre);
        assert_eq!(waiting(ReferralState::Returned), Waiting::Centre);
        assert_eq!(waiting(ReferralState::Closed), Waiting::Nobody);
    }

    #[test]
    fn the_outcome_is_shown_once_reported() {
        let agreement = Some(Outcome::Agreement);
        assert_eq!(standing_key(ReferralState::Sent, None), "referral.state.sent");
        assert_eq!(
            standing_key(ReferralState::Closed, agreement),
            "referral.outcome.agreement"
        );
        assert_eq!(
            standing_key(ReferralState::OutcomeReported, Some(Outcome::Award)),
            "referral.outcome.award"
        );
        assert_eq!(standing_key(ReferralState::Closed, None), "referral.state.closed");
    }
}
