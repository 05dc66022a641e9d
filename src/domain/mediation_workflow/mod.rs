//! The mediation case state machine (DESIGN.md §5.2, §6 "Case team").
//!
//! This module is the single source of truth for which transitions exist,
//! who may fire them and which recorded facts each one needs. It is pure:
//! the caller loads the facts from the database, asks [`check`], and only
//! then writes the new state and its event. Keeping the rules here (and not
//! in handlers or SQL) lets every rule be unit-tested without a database.
//!
//! Days are whole days since the Unix epoch (`i64`), so date rules stay
//! independent of any time library and of time zones; the caller converts.

use std::fmt;

use super::vocabulary::Vocabulary;

/// A state of a mediation case. `code()` is the value stored in the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseState {
    Registered,
    Accepted,
    Assigned,
    Investigating,
    Mediating,
    AgreementReview,
    AgreementEffective,
    Performing,
    FollowUp,
    Failed,
    Terminated,
    Withdrawn,
    ClosureReview,
    Closed,
    NotAccepted,
    Referred,
    Archived,
}

use CaseState::*;

/// Stable DB code and i18n key per state, in declaration order, so one row
/// holds everything about a state's names and they cannot drift apart.
#[rustfmt::skip]
const NAMES: [(CaseState, &str, &str); 17] = [
    (Registered, "REGISTERED", "case.state.registered"),
    (Accepted, "ACCEPTED", "case.state.accepted"),
    (Assigned, "ASSIGNED", "case.state.assigned"),
    (Investigating, "INVESTIGATING", "case.state.investigating"),
    (Mediating, "MEDIATING", "case.state.mediating"),
    (AgreementReview, "AGREEMENT_REVIEW", "case.state.agreement_review"),
    (AgreementEffective, "AGREEMENT_EFFECTIVE", "case.state.agreement_effective"),
    (Performing, "PERFORMING", "case.state.performing"),
    (FollowUp, "FOLLOW_UP", "case.state.follow_up"),
    (Failed, "FAILED", "case.state.failed"),
    (Terminated, "TERMINATED", "case.state.terminated"),
    (Withdrawn, "WITHDRAWN", "case.state.withdrawn"),
    (ClosureReview, "CLOSURE_REVIEW", "case.state.closure_review"),
    (Closed, "CLOSED", "case.state.closed"),
    (NotAccepted, "NOT_ACCEPTED", "case.state.not_accepted"),
    (Referred, "REFERRED", "case.state.referred"),
    (Archived, "ARCHIVED", "case.state.archived"),
];

impl CaseState {
    /// Every state, in workflow order (for filters, selects and tests).
    pub fn all() -> impl Iterator<Item = CaseState> {
        NAMES.iter().map(|row| row.0)
    }

    /// The stable code stored in the database, e.g. `"AGREEMENT_REVIEW"`.
    pub fn code(self) -> &'static str {
        NAMES[self as usize].1
    }

    /// Parses a stored code; `None` for anything unknown (never guess).
    pub fn parse(code: &str) -> Option<Self> {
        NAMES.iter().find(|row| row.1 == code).map(|row| row.0)
    }

    /// The message-catalogue key of the state's display name.
    pub fn label_key(self) -> &'static str {
        NAMES[self as usize].2
    }

    /// True for the states with no way out (NOT_ACCEPTED, REFERRED, ARCHIVED).
    /// CLOSED is not terminal: it still has to be filed (→ ARCHIVED).
    pub fn is_terminal(self) -> bool {
        allowed_targets(self).is_empty()
    }

    /// True while the case is still in someone's hands: everything before
    /// CLOSED, including the review of a case that ended without agreement.
    /// A closed case only waits to be filed, so it leaves the team's
    /// working queues (and can no longer be edited).
    pub fn is_open(self) -> bool {
        !(self.is_terminal() || self == Closed)
    }

    /// True while the one-month mediation clock runs: from acceptance until
    /// an agreement takes effect or mediation ends. REGISTERED is excluded
    /// because the clock starts at acceptance; AGREEMENT_REVIEW is included
    /// because a draft awaiting sign-off is not yet an agreement in force.
    pub fn deadline_applies(self) -> bool {
        matches!(self, Accepted | Assigned | Investigating | Mediating | AgreementReview)
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for CaseState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Every state in declaration order, for [`Vocabulary::all`].
#[rustfmt::skip]
const ALL_STATES: [CaseState; 17] = [
    Registered, Accepted, Assigned, Investigating, Mediating, AgreementReview, AgreementEffective,
    Performing, FollowUp, Failed, Terminated, Withdrawn, ClosureReview, Closed, NotAccepted,
    Referred, Archived,
];

impl Vocabulary for CaseState {
    const NAME: &'static str = "CaseState";
    fn all() -> &'static [Self] {
        &ALL_STATES
    }
    fn code(self) -> &'static str {
        CaseState::code(self)
    }
    fn label_key(self) -> &'static str {
        CaseState::label_key(self)
    }
}

/// The next states of §5.2's table. CLOSURE_REVIEW lists every state it may
/// return to; [`check`] narrows that to the one the case actually came from.
pub fn allowed_targets(from: CaseState) -> &'static [CaseState] {
    match from {
        Registered => &[Accepted, NotAccepted, Referred],
        Accepted => &[Assigned],
        // A party may withdraw, or a party refuse and so end the mediation,
        // before any session is held (人民调解法 Arts. 23, 26); FAILED needs
        // a mediation that was attempted.
        Assigned => &[Investigating, Mediating, Terminated, Withdrawn],
        Investigating => &[Mediating, Terminated, Withdrawn],
        Mediating => &[AgreementReview, AgreementEffective, Failed, Terminated, Withdrawn],
        AgreementReview => &[AgreementEffective, Mediating],
        AgreementEffective => &[Performing, FollowUp],
        Performing => &[FollowUp],
        FollowUp => &[ClosureReview, Mediating],
        Failed | Terminated | Withdrawn => &[ClosureReview],
        ClosureReview => &[Closed, FollowUp, Failed, Terminated, Withdrawn],
        Closed => &[Archived],
        NotAccepted | Referred | Archived => &[],
    }
}

/// A role the acting user holds, either globally (coordinator, admin) or on
/// this particular case (team roles, committee head of its committee).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorRole {
    Coordinator,
    Admin,
    LeadMediator,
    CoMediator,
    Mentor,
    CommitteeHead,
}

/// Everything the permission rules need to know about who is acting.
/// The caller resolves the roles for this case (a user may hold several,
/// e.g. lead mediator and committee head) and whether the case's lead is a
/// 小马, because that decides who signs the reviews (§6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorContext {
    pub roles: Vec<ActorRole>,
    pub lead_is_trainee: bool,
}

impl ActorContext {
    pub fn new(roles: &[ActorRole], lead_is_trainee: bool) -> Self {
        ActorContext {
            roles: roles.to_vec(),
            lead_is_trainee,
        }
    }

    pub fn has(&self, role: ActorRole) -> bool {
        self.roles.contains(&role)
    }

    /// Admin can do anything a coordinator can (but see [`Self::may_review`]).
    fn is_office(&self) -> bool {
        self.has(ActorRole::Coordinator) || self.has(ActorRole::Admin)
    }

    /// Working transitions belong to the people doing the mediation.
    /// The mentor advises but does not drive the case; the lead does.
    fn is_team(&self) -> bool {
        self.has(ActorRole::LeadMediator) || self.has(ActorRole::CoMediator)
    }

    /// Sign-off is the mentor's for a 小马 lead, the committee head's
    /// otherwise. The lead never signs their own work, even when they are
    /// also committee head — a review by its author is no review. A
    /// co-mediator who heads the committee may sign: in small committees the
    /// head often sits on the team, and excluding them would leave no one
    /// able to sign. Admin holds no review power: sign-off is a mediation act.
    fn may_review(&self) -> bool {
        let signer = if self.lead_is_trainee {
            ActorRole::Mentor
        } else {
            ActorRole::CommitteeHead
        };
        !self.has(ActorRole::LeadMediator) && self.has(signer)
    }
}

/// Which group may leave a state. It depends only on the state being left,
/// which keeps §5.2's "who may fire" rule a one-line lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authority {
    /// Coordinator or admin: intake, assignment, filing.
    Office,
    /// Lead or co-mediator: the working steps of the mediation.
    Team,
    /// The reviewer (mentor or committee head): AGREEMENT_REVIEW, CLOSURE_REVIEW.
    Review,
}

/// Who may leave `from`; `None` for terminal states.
pub fn authority(from: CaseState) -> Option<Authority> {
    match from {
        Registered | Accepted | Closed => Some(Authority::Office),
        AgreementReview | ClosureReview => Some(Authority::Review),
        NotAccepted | Referred | Archived => None,
        _ => Some(Authority::Team),
    }
}

/// Whether `actor` may fire transitions out of `from` (for showing buttons
/// and building "awaiting my review" queues; [`check`] applies it too).
pub fn may_fire(from: CaseState, actor: &ActorContext) -> bool {
    match authority(from) {
        Some(Authority::Office) => actor.is_office(),
        Some(Authority::Team) => actor.is_team(),
        Some(Authority::Review) => actor.may_review(),
        None => false,
    }
}

mod guards;
pub use guards::*;
mod missing;
pub use missing::*;

#[cfg(test)]
mod tests;
