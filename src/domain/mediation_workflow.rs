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
        Assigned => &[Investigating, Mediating],
        Investigating => &[Mediating],
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

/// Archive items (卷宗) every closed case must hold (§5.3), by stable code.
pub const REQUIRED_ARCHIVE_ITEMS: [&str; 6] = [
    "application_form",
    "rights_notice",
    "identity_proof",
    "session_record",
    "agreement",
    "back_cover",
];

/// The required archive items missing from `present`. A case that ended
/// without agreement (FAILED/TERMINATED/WITHDRAWN) has no agreement to file,
/// so `agreement_reached = false` drops that item; everything else stays.
pub fn missing_archive_items(present: &[String], agreement_reached: bool) -> Vec<String> {
    REQUIRED_ARCHIVE_ITEMS
        .iter()
        .filter(|item| agreement_reached || **item != "agreement")
        .filter(|item| !present.iter().any(|p| p == *item))
        .map(|item| item.to_string())
        .collect()
}

/// Facts the caller has recorded about the case. [`check`] reads only the
/// fields the requested transition needs; the rest may stay empty. Build it
/// with [`GuardFacts::new`] so `today` is never forgotten.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuardFacts {
    /// The current day; deadlines are compared against it.
    pub today: i64,
    /// → ACCEPTED: the case number was allocated in this transaction.
    pub case_number_allocated: bool,
    /// → NOT_ACCEPTED: why, and how the parties were told.
    pub reason_code: Option<String>,
    pub notification_method: Option<String>,
    /// → REFERRED: where the case goes.
    pub destination: Option<String>,
    /// → ASSIGNED: the team and the parties' informed consent.
    pub lead_mediator_set: bool,
    pub mentor_on_team: bool,
    pub rights_notice_served_all: bool,
    pub consent_recorded_all: bool,
    /// Any party refused mediation; blocks ASSIGNED and entering MEDIATING.
    pub party_refused: bool,
    /// → AGREEMENT_REVIEW (written draft) / → AGREEMENT_EFFECTIVE (oral).
    pub agreement_recorded: bool,
    /// That agreement has at least one term (obligor, content, …).
    pub agreement_has_terms: bool,
    /// AGREEMENT_REVIEW → AGREEMENT_EFFECTIVE, from the signature records:
    /// every party signed (签名/盖章/按指印), a mediator signed, the
    /// committee sealed.
    pub signed_by_all: bool,
    pub mediator_signed: bool,
    pub sealed: bool,
    /// → PERFORMING: the agreed performance deadline.
    pub performance_deadline: Option<i64>,
    /// AGREEMENT_EFFECTIVE → FOLLOW_UP: performed at once.
    pub performed: bool,
    /// FOLLOW_UP → CLOSURE_REVIEW: the visit record is saved.
    pub follow_up_recorded: bool,
    /// FOLLOW_UP → MEDIATING: agreement disputed or clearly unfair, and
    /// both parties consent to re-mediate.
    pub agreement_disputed: bool,
    pub both_parties_consent: bool,
    /// Review returns (AGREEMENT_REVIEW → MEDIATING, CLOSURE_REVIEW → back).
    pub return_reason: Option<String>,
    /// The state the case was in before CLOSURE_REVIEW.
    pub previous_state: Option<CaseState>,
    /// CLOSURE_REVIEW → CLOSED: codes of archive items on file.
    pub archive_items: Vec<String>,
    /// CLOSED → ARCHIVED.
    pub volume_number: Option<String>,
    pub retention_period: Option<String>,
    pub filed_by: Option<String>,
}

impl GuardFacts {
    /// Facts with nothing recorded yet, as of `today`.
    pub fn new(today: i64) -> Self {
        GuardFacts {
            today,
            ..Default::default()
        }
    }
}

/// A request to move a case to `to`, with the facts backing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub to: CaseState,
    pub facts: GuardFacts,
}

/// A specific guard that refused a transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuardError {
    CaseNumberNotAllocated,
    MissingReasonCode,
    MissingNotificationMethod,
    MissingDestination,
    NoLeadMediator,
    NoMentorForTrainee,
    RightsNoticeNotServed,
    PartyRefusedConsent,
    ConsentNotRecorded,
    NoAgreementRecorded,
    NoAgreementTerms,
    NotSignedByAll,
    MediatorNotSigned,
    NotSealed,
    MissingPerformanceDeadline,
    DeadlineNotInFuture,
    NotPerformed,
    NoFollowUpRecord,
    AgreementNotDisputed,
    NoBothPartyConsent,
    /// Codes of the required archive items that are missing.
    ArchiveIncomplete(Vec<String>),
    MissingReturnReason,
    NotPreviousState,
    MissingArchiveDetails,
    JudicialConfirmationBeforeEffect,
    JudicialConfirmationTooLate,
}

impl GuardError {
    /// The message-catalogue key explaining the refusal to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::CaseNumberNotAllocated => "case.error.case_number_not_allocated",
            Self::MissingReasonCode => "case.error.missing_reason_code",
            Self::MissingNotificationMethod => "case.error.missing_notification_method",
            Self::MissingDestination => "case.error.missing_destination",
            Self::NoLeadMediator => "case.error.no_lead_mediator",
            Self::NoMentorForTrainee => "case.error.no_mentor_for_trainee",
            Self::RightsNoticeNotServed => "case.error.rights_notice_not_served",
            Self::PartyRefusedConsent => "case.error.party_refused_consent",
            Self::ConsentNotRecorded => "case.error.consent_not_recorded",
            Self::NoAgreementRecorded => "case.error.no_agreement_recorded",
            Self::NoAgreementTerms => "agreement.error.no_terms",
            Self::NotSignedByAll => "case.error.not_signed_by_all",
            Self::MediatorNotSigned => "agreement.error.mediator_not_signed",
            Self::NotSealed => "case.error.not_sealed",
            Self::MissingPerformanceDeadline => "case.error.missing_performance_deadline",
            Self::DeadlineNotInFuture => "case.error.deadline_not_in_future",
            Self::NotPerformed => "case.error.not_performed",
            Self::NoFollowUpRecord => "case.error.no_follow_up_record",
            Self::AgreementNotDisputed => "case.error.agreement_not_disputed",
            Self::NoBothPartyConsent => "case.error.no_both_party_consent",
            Self::ArchiveIncomplete(_) => "case.error.archive_incomplete",
            Self::MissingReturnReason => "case.error.missing_return_reason",
            Self::NotPreviousState => "case.error.not_previous_state",
            Self::MissingArchiveDetails => "case.error.missing_archive_details",
            Self::JudicialConfirmationBeforeEffect => "case.error.judicial_confirmation_before_effect",
            Self::JudicialConfirmationTooLate => "case.error.judicial_confirmation_too_late",
        }
    }
}

/// Why [`check`] refused a transition, most fundamental first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The table has no such transition.
    NotAllowed { from: CaseState, to: CaseState },
    /// The transition exists but this actor may not fire it.
    Forbidden,
    /// The actor may fire it, but a recorded fact is missing or wrong.
    Guard(GuardError),
}

impl TransitionError {
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::NotAllowed { .. } => "case.error.not_allowed",
            Self::Forbidden => "case.error.forbidden",
            Self::Guard(g) => g.message_key(),
        }
    }
}

impl fmt::Display for TransitionError {
    /// Codes only, never personal data, so it is safe to log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAllowed { from, to } => write!(f, "transition {from} -> {to} not allowed"),
            other => f.write_str(other.message_key()),
        }
    }
}

impl std::error::Error for TransitionError {}

impl From<GuardError> for TransitionError {
    fn from(e: GuardError) -> Self {
        TransitionError::Guard(e)
    }
}

/// Decides whether `actor` may move a case from `from` per `transition`.
/// Order: table, then permission, then guards — so a user is never told
/// which facts are missing for a step they could not take anyway.
pub fn check(from: CaseState, transition: &Transition, actor: &ActorContext) -> Result<(), TransitionError> {
    let to = transition.to;
    if !allowed_targets(from).contains(&to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    if !may_fire(from, actor) {
        return Err(TransitionError::Forbidden);
    }
    guard(from, to, &transition.facts, actor.lead_is_trainee).map_err(TransitionError::Guard)
}

fn require(ok: bool, err: GuardError) -> Result<(), GuardError> {
    if ok { Ok(()) } else { Err(err) }
}

/// A free-text fact counts only if it has visible content.
fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// The guard of one table row. `(from, to)` is known to be in the table.
fn guard(from: CaseState, to: CaseState, f: &GuardFacts, lead_is_trainee: bool) -> Result<(), GuardError> {
    use GuardError as E;
    match (from, to) {
        (Registered, Accepted) => require(f.case_number_allocated, E::CaseNumberNotAllocated),
        (Registered, NotAccepted) => {
            require(filled(&f.reason_code), E::MissingReasonCode)?;
            require(filled(&f.notification_method), E::MissingNotificationMethod)
        }
        (Registered, Referred) => require(filled(&f.destination), E::MissingDestination),
        (Accepted, Assigned) => assignment_guard(f, lead_is_trainee),
        // Mediation is voluntary: a recorded refusal stops it from starting.
        (Assigned | Investigating, Mediating) => require(!f.party_refused, E::PartyRefusedConsent),
        (Mediating, AgreementReview | AgreementEffective) => {
            require(f.agreement_recorded, E::NoAgreementRecorded)?;
            require(f.agreement_has_terms, E::NoAgreementTerms)
        }
        // 人民调解法 Art. 29: in force once every party and the mediator
        // signed and the committee sealed it.
        (AgreementReview, AgreementEffective) => {
            require(f.agreement_has_terms, E::NoAgreementTerms)?;
            require(f.signed_by_all, E::NotSignedByAll)?;
            require(f.mediator_signed, E::MediatorNotSigned)?;
            require(f.sealed, E::NotSealed)
        }
        (AgreementReview, Mediating) => require(filled(&f.return_reason), E::MissingReturnReason),
        (AgreementEffective, Performing) => match f.performance_deadline {
            None => Err(E::MissingPerformanceDeadline),
            Some(day) => require(day > f.today, E::DeadlineNotInFuture),
        },
        (AgreementEffective, FollowUp) => require(f.performed, E::NotPerformed),
        (FollowUp, ClosureReview) => require(f.follow_up_recorded, E::NoFollowUpRecord),
        (FollowUp, Mediating) => {
            require(f.agreement_disputed, E::AgreementNotDisputed)?;
            require(f.both_parties_consent && !f.party_refused, E::NoBothPartyConsent)
        }
        (ClosureReview, Closed) => {
            let missing = missing_archive_items(&f.archive_items, agreement_reached(f.previous_state));
            require(missing.is_empty(), E::ArchiveIncomplete(missing))
        }
        (ClosureReview, back) => {
            require(f.previous_state == Some(back), E::NotPreviousState)?;
            require(filled(&f.return_reason), E::MissingReturnReason)
        }
        (Closed, Archived) => require(
            filled(&f.volume_number) && filled(&f.retention_period) && filled(&f.filed_by),
            E::MissingArchiveDetails,
        ),
        // INVESTIGATING, FAILED/TERMINATED/WITHDRAWN, PERFORMING → FOLLOW_UP
        // and the rest need no recorded fact beyond the actor's decision.
        _ => Ok(()),
    }
}

/// ACCEPTED → ASSIGNED: a lead is set (with their mentor for a 小马, §6),
/// every party was served the rights notice and consented, none refused.
fn assignment_guard(f: &GuardFacts, lead_is_trainee: bool) -> Result<(), GuardError> {
    use GuardError as E;
    require(f.lead_mediator_set, E::NoLeadMediator)?;
    require(!lead_is_trainee || f.mentor_on_team, E::NoMentorForTrainee)?;
    require(f.rights_notice_served_all, E::RightsNoticeNotServed)?;
    require(!f.party_refused, E::PartyRefusedConsent)?;
    require(f.consent_recorded_all, E::ConsentNotRecorded)
}

/// Days after an agreement takes effect within which judicial confirmation
/// (司法确认) may be applied for (§5.3).
pub const JUDICIAL_CONFIRMATION_DAYS: i64 = 30;

/// An application on the effective day itself or up to 30 days later is in
/// time; one before the agreement took effect confirms nothing.
/// Whether the case reached an agreement, judged at the closure review by
/// the state it came from. Without a known previous state the answer is
/// yes, so the archive checklist demands the agreement too: erring towards
/// a fuller file is the safe side.
pub fn agreement_reached(previous: Option<CaseState>) -> bool {
    matches!(previous, None | Some(FollowUp))
}

pub fn judicial_confirmation_allowed(effective_day: i64, apply_day: i64) -> Result<(), GuardError> {
    if apply_day < effective_day {
        Err(GuardError::JudicialConfirmationBeforeEffect)
    } else if apply_day - effective_day > JUDICIAL_CONFIRMATION_DAYS {
        Err(GuardError::JudicialConfirmationTooLate)
    } else {
        Ok(())
    }
}

/// "Within one month of acceptance", taken as 30 days so the deadline does
/// not depend on calendar month lengths.
pub const MEDIATION_PERIOD_DAYS: i64 = 30;

/// The last day a case may still be mediated: acceptance + 30 days, plus
/// extensions the parties consented to, plus days spent on hold (which pause
/// the clock). Negative inputs are treated as zero, so bad data can never
/// pull a deadline earlier than the statutory month.
pub fn mediation_deadline(accepted_at_day: i64, extension_days: i64, on_hold_days: i64) -> i64 {
    accepted_at_day + MEDIATION_PERIOD_DAYS + extension_days.max(0) + on_hold_days.max(0)
}

/// Overdue means the mediation clock still runs and the deadline day has
/// passed (the deadline day itself is still in time). Once an agreement is
/// in force, or mediation has ended or the case is closed, the month rule is
/// satisfied or moot, so such cases are never flagged; see
/// [`CaseState::deadline_applies`].
pub fn is_overdue(today: i64, deadline: i64, state: CaseState) -> bool {
    state.deadline_applies() && today > deadline
}

#[cfg(test)]
mod tests {
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
        assert_eq!(count, 28);
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
    fn deadline_and_overdue() {
        assert_eq!(mediation_deadline(100, 0, 0), 130);
        assert_eq!(mediation_deadline(100, 15, 4), 149);
        assert_eq!(mediation_deadline(100, -5, -1), 130);
        assert!(!is_overdue(130, 130, Mediating));
        assert!(is_overdue(131, 130, Mediating));
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
}
