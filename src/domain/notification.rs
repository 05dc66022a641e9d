//! Notifications to residents (issue 14 item 2): the vocabularies of the
//! outbox and the pure rules of delivery — which changes are worth a
//! message, and when a failed attempt is tried again.

use super::letters::LetterStatus;
use super::mediation_workflow::CaseState;
use super::vocabulary::vocabulary;

vocabulary! {
    /// Who a message goes to: a phone number left on a form, an e-mail
    /// address, or a resident's account (its login is its phone number).
    pub enum RecipientKind: "notify.recipient." {
        Phone = "phone", Email = "email", Account = "account",
    }
}

vocabulary! {
    /// How a message leaves: written to the log only (the default), by
    /// e-mail through SMTP, or by SMS through an HTTP gateway.
    pub enum ChannelKind: "notify.channel." {
        Log = "log", Smtp = "smtp", Sms = "sms",
    }
}

vocabulary! {
    /// Where a message stands. `sending` is leased to one worker; a lease
    /// that runs out (the worker died) makes the row claimable again.
    pub enum NotificationState: "notify.state." {
        Pending = "pending", Sending = "sending", Sent = "sent", Failed = "failed", Cancelled = "cancelled",
    }
}

vocabulary! {
    /// What a message says; its text comes from the message catalogue,
    /// so a row holds no free text.
    pub enum NotificationTemplate: "notify.template." {
        LetterStatus = "letter_status", LetterReply = "letter_reply",
        CaseAccepted = "case_accepted", CaseNotAccepted = "case_not_accepted",
        CaseReferred = "case_referred", CaseClosed = "case_closed",
    }
}

vocabulary! {
    /// The record a message is about.
    pub enum ObjectKind: "notify.object." {
        Letter = "letter", Case = "case",
    }
}

/// A letter's status change is worth telling except a return to
/// "received", which the resident saw already when they sent it.
pub fn letter_status_template(to: LetterStatus) -> Option<NotificationTemplate> {
    (to != LetterStatus::Received).then_some(NotificationTemplate::LetterStatus)
}

/// Only the public steps of a mediation application reach the applicant:
/// accepted or not, referred elsewhere, closed. The steps in between are
/// the committee's work (the tracking page shows them to whoever looks).
pub fn case_template(to: CaseState) -> Option<NotificationTemplate> {
    match to {
        CaseState::Accepted => Some(NotificationTemplate::CaseAccepted),
        CaseState::NotAccepted => Some(NotificationTemplate::CaseNotAccepted),
        CaseState::Referred => Some(NotificationTemplate::CaseReferred),
        CaseState::Closed => Some(NotificationTemplate::CaseClosed),
        _ => None,
    }
}

/// Back-off rules for failed attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// After this many attempts a message is marked failed for an admin.
    pub max_attempts: i32,
    /// The wait after the first failure; it doubles after each one.
    pub base_ms: u64,
    /// No wait is longer than this, however many failures.
    pub cap_ms: u64,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 6,
            base_ms: 60_000,
            cap_ms: 6 * 3_600_000,
        }
    }
}

/// What to do after attempt number `attempts` (1-based) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again after this many milliseconds.
    RetryIn(u64),
    GiveUp,
}

impl Retry {
    /// Exponential back-off with "equal jitter": half the doubled wait is
    /// fixed, the other half random (`jitter` in 0.0..1.0), so workers that
    /// failed together against one gateway do not all come back at once,
    /// and the wait still grows with every failure.
    pub fn after_failure(&self, attempts: i32, jitter: f64) -> AfterFailure {
        if attempts >= self.max_attempts {
            return AfterFailure::GiveUp;
        }
        let doublings = attempts.saturating_sub(1).clamp(0, 40) as u32;
        let wait = self.base_ms.saturating_mul(1u64 << doublings).min(self.cap_ms);
        let half = wait / 2;
        // Float rounding may land just past `half`: clamp so the sum cannot overflow.
        let random = ((half as f64 * jitter.clamp(0.0, 1.0)) as u64).min(half);
        AfterFailure::RetryIn(wait - half + random)
    }
}

/// An e-mail address as lists show it: its first character and its
/// domain (`z***@example.com`), never the whole local part.
pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_keep_only_their_first_character_and_domain() {
        assert_eq!(mask_email("zhang.san@example.com"), "z***@example.com");
        assert_eq!(mask_email("@example.com"), "***@example.com");
        assert_eq!(mask_email("not-an-address"), "***");
    }

    fn rules() -> Retry {
        Retry {
            max_attempts: 4,
            base_ms: 1_000,
            cap_ms: 3_000,
        }
    }

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_the_cap() {
        let r = rules();
        assert_eq!(r.after_failure(1, 1.0), AfterFailure::RetryIn(1_000));
        assert_eq!(r.after_failure(2, 1.0), AfterFailure::RetryIn(2_000));
        // 4 000 would exceed the cap.
        assert_eq!(r.after_failure(3, 1.0), AfterFailure::RetryIn(3_000));
    }

    #[test]
    fn jitter_takes_at_most_half_of_the_wait() {
        let r = rules();
        assert_eq!(r.after_failure(2, 0.0), AfterFailure::RetryIn(1_000));
        assert_eq!(r.after_failure(2, 0.5), AfterFailure::RetryIn(1_500));
        // Out-of-range jitter is clamped rather than trusted.
        assert_eq!(r.after_failure(2, 7.0), AfterFailure::RetryIn(2_000));
        assert_eq!(r.after_failure(2, -1.0), AfterFailure::RetryIn(1_000));
    }

    #[test]
    fn the_last_allowed_attempt_gives_up() {
        let r = rules();
        assert_eq!(r.after_failure(3, 0.0), AfterFailure::RetryIn(1_500));
        assert_eq!(r.after_failure(4, 0.0), AfterFailure::GiveUp);
        assert_eq!(r.after_failure(99, 0.0), AfterFailure::GiveUp);
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        let r = Retry {
            max_attempts: i32::MAX,
            base_ms: u64::MAX / 2,
            cap_ms: u64::MAX,
        };
        assert!(matches!(r.after_failure(1_000, 1.0), AfterFailure::RetryIn(_)));
    }

    #[test]
    fn only_public_case_steps_are_told() {
        assert_eq!(
            case_template(CaseState::Accepted),
            Some(NotificationTemplate::CaseAccepted)
        );
        assert_eq!(
            case_template(CaseState::NotAccepted),
            Some(NotificationTemplate::CaseNotAccepted)
        );
        assert_eq!(
            case_template(CaseState::Referred),
            Some(NotificationTemplate::CaseReferred)
        );
        assert_eq!(case_template(CaseState::Closed), Some(NotificationTemplate::CaseClosed));
        for quiet in [
            CaseState::Assigned,
            CaseState::Mediating,
            CaseState::Archived,
            CaseState::ClosureReview,
        ] {
            assert_eq!(case_template(quiet), None, "{quiet:?}");
        }
    }

    #[test]
    fn every_letter_status_but_received_is_told() {
        assert_eq!(letter_status_template(LetterStatus::Received), None);
        for s in LetterStatus::ALL.iter().filter(|s| **s != LetterStatus::Received) {
            assert_eq!(letter_status_template(*s), Some(NotificationTemplate::LetterStatus));
        }
    }
}
