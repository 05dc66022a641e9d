//! Where the dates of a case's records may fall (DESIGN.md §5.3). One rule,
//! one place: every record of a case is dated between the day the case was
//! registered and today, both inclusive, in China days. Nothing about a case
//! can have happened before it came to the committee, and a record of
//! something that has not happened yet is no record.
//!
//! Two records follow another: a court's result follows the application
//! for judicial confirmation (人民调解法 Art. 33), and an agreement takes
//! effect only in a mediation that was accepted (Art. 17: the committee
//! mediates once the parties' application is accepted), so on or after the
//! acceptance day.

/// Why a date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    BeforeRegistration,
    InFuture,
    BeforeApplication,
    BeforeAcceptance,
}

impl DateError {
    pub fn message_key(self) -> &'static str {
        match self {
            DateError::BeforeRegistration => "date.error.before_registration",
            DateError::InFuture => "case.error.date_in_future",
            DateError::BeforeApplication => "date.error.before_application",
            DateError::BeforeAcceptance => "date.error.before_acceptance",
        }
    }
}

/// A record's day lies between the case's registration day and today.
pub fn record_day(day: i64, registered: i64, today: i64) -> Result<(), DateError> {
    if day < registered {
        Err(DateError::BeforeRegistration)
    } else if day > today {
        Err(DateError::InFuture)
    } else {
        Ok(())
    }
}

/// A court's result is a record of the case, dated on or after the
/// application it answers.
pub fn judicial_result_day(result: i64, applied: i64, registered: i64, today: i64) -> Result<(), DateError> {
    record_day(result, registered, today)?;
    if result < applied {
        return Err(DateError::BeforeApplication);
    }
    Ok(())
}

/// An agreement's effective day is a record of the case, on or after the
/// day the case was accepted; a case never accepted has no agreement.
pub fn agreement_effective_day(
    effective: i64,
    accepted: Option<i64>,
    registered: i64,
    today: i64,
) -> Result<(), DateError> {
    record_day(effective, registered, today)?;
    match accepted {
        Some(accepted) if effective >= accepted => Ok(()),
        _ => Err(DateError::BeforeAcceptance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateError::*;

    const REGISTERED: i64 = 20_000;
    const TODAY: i64 = 20_030;

    #[test]
    fn a_record_lies_between_registration_and_today_inclusive() {
        assert_eq!(record_day(REGISTERED - 1, REGISTERED, TODAY), Err(BeforeRegistration));
        assert_eq!(record_day(REGISTERED, REGISTERED, TODAY), Ok(()));
        assert_eq!(record_day(TODAY, REGISTERED, TODAY), Ok(()));
        assert_eq!(record_day(TODAY + 1, REGISTERED, TODAY), Err(InFuture));
        assert_eq!(
            record_day(REGISTERED, REGISTERED, REGISTERED),
            Ok(()),
            "registered today"
        );
    }

    #[test]
    fn a_result_follows_its_application() {
        let applied = REGISTERED + 10;
        assert_eq!(
            judicial_result_day(applied - 1, applied, REGISTERED, TODAY),
            Err(BeforeApplication)
        );
        assert_eq!(judicial_result_day(applied, applied, REGISTERED, TODAY), Ok(()));
        assert_eq!(judicial_result_day(TODAY, applied, REGISTERED, TODAY), Ok(()));
        assert_eq!(
            judicial_result_day(TODAY + 1, applied, REGISTERED, TODAY),
            Err(InFuture)
        );
        assert_eq!(
            judicial_result_day(REGISTERED - 1, applied, REGISTERED, TODAY),
            Err(BeforeRegistration)
        );
    }

    #[test]
    fn an_agreement_takes_effect_from_acceptance_on() {
        let accepted = Some(REGISTERED + 2);
        let check = |day| agreement_effective_day(day, accepted, REGISTERED, TODAY);
        assert_eq!(check(REGISTERED + 1), Err(BeforeAcceptance));
        assert_eq!(check(REGISTERED + 2), Ok(()));
        assert_eq!(check(TODAY), Ok(()));
        assert_eq!(check(TODAY + 1), Err(InFuture));
        assert_eq!(check(REGISTERED - 1), Err(BeforeRegistration));
        assert_eq!(
            agreement_effective_day(TODAY, None, REGISTERED, TODAY),
            Err(BeforeAcceptance),
            "never accepted"
        );
    }

    #[test]
    fn error_keys_are_distinct() {
        let keys: std::collections::HashSet<_> = [BeforeRegistration, InFuture, BeforeApplication, BeforeAcceptance]
            .map(DateError::message_key)
            .into_iter()
            .collect();
        assert_eq!(keys.len(), 4);
    }
}
