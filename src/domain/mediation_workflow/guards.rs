//! The guards of §5.2's table: which recorded facts each transition needs,
//! checked in a fixed order, plus the clocks (judicial confirmation window,
//! the one-month mediation period) they rely on.

use std::fmt;

use super::CaseState::{self, *};
use super::{ActorContext, allowed_targets, may_fire};
use crate::domain::archive_items::{self, Ending};

/// Archive items (卷宗) a case that reached an agreement must hold (§5.3),
/// by stable code; other endings: [`archive_items::required_items`].
pub const REQUIRED_ARCHIVE_ITEMS: [&str; 6] = [
    "application_form",
    "rights_notice",
    "identity_proof",
    "session_record",
    "agreement",
    "back_cover",
];

/// The required archive items missing from `present` for a case that came
/// to the closure review from `previous` (the ending decides the list).
pub fn missing_archive_items(present: &[String], previous: Option<CaseState>) -> Vec<String> {
    archive_items::missing_required(Ending::from_previous(previous), present)
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
    /// → FAILED / TERMINATED / WITHDRAWN: the parties were told of their
    /// other remedies — which, how and when (人民调解法 Art. 26).
    pub remedies_told: bool,
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
    RemediesNotTold,
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
            Self::RemediesNotTold => "case.error.remedies_not_told",
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
pub(super) fn guard(from: CaseState, to: CaseState, f: &GuardFacts, lead_is_trainee: bool) -> Result<(), GuardError> {
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
        // 人民调解法 Art. 26: mediation that ends without agreement must tell
        // the parties they may seek arbitration, administrative or judicial
        // remedies. Returns from the closure review were told already.
        (from, Failed | Terminated | Withdrawn) if from != ClosureReview => {
            require(f.remedies_told, E::RemediesNotTold)
        }
        (ClosureReview, Closed) => {
            let missing = missing_archive_items(&f.archive_items, f.previous_state);
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
        // INVESTIGATING, FAILED/TERMINATED/WITHDRAWN → review, PERFORMING → FOLLOW_UP
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

/// Whether the case reached an agreement, judged at the closure review by
/// the state it came from. Without a known previous state the answer is
/// yes, so the archive checklist demands the agreement too: erring towards
/// a fuller file is the safe side.
pub fn agreement_reached(previous: Option<CaseState>) -> bool {
    matches!(previous, None | Some(FollowUp))
}

/// An application on the effective day itself or up to 30 days later is in
/// time; one before the agreement took effect confirms nothing.
pub fn judicial_confirmation_allowed(effective_day: i64, apply_day: i64) -> Result<(), GuardError> {
    if apply_day < effective_day {
        Err(GuardError::JudicialConfirmationBeforeEffect)
    } else if apply_day - effective_day > JUDICIAL_CONFIRMATION_DAYS {
        Err(GuardError::JudicialConfirmationTooLate)
    } else {
        Ok(())
    }
}

/// Overdue means the mediation clock still runs and the period has ended:
/// `end` is 24:00 of its last day (Civil Code Art. 203 ¶2, computed by
/// `domain::legal_period`), so the last day itself is still in time and
/// the case is overdue from that instant on, as the overdue queue's query
/// (`deadline_at <= now`) counts it. Once an agreement is in force, or
/// mediation has ended or the case is closed, the month rule is satisfied
/// or moot, so such cases are never flagged; see
/// [`CaseState::deadline_applies`].
pub fn is_overdue(now: i64, end: i64, state: CaseState) -> bool {
    state.deadline_applies() && crate::domain::legal_period::has_ended(end, now)
}
