//! A court-entrusted case (法院委派/委托调解, issue 16 "诉调对接"): what
//! the registration and the case page may record of the court besides its
//! case number: the court's deadline for the mediation and the court's
//! organisation record. Pure: the caller gives today's day and the ids of
//! the court records.

use super::mediation::CaseSource;

/// A court's deadline further off than this is a typing mistake: courts
/// give entrusted mediation weeks, not years.
pub const MAX_DEADLINE_DAYS: i64 = 366;

/// What a court case keeps of the court: the deadline as a day number and
/// the referring court's record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourtFacts {
    pub deadline: Option<i64>,
    pub court_org_id: Option<String>,
}

/// (field, catalogue key) pairs, shown next to each field.
pub type CourtErrors = Vec<(&'static str, &'static str)>;

/// The raw fields, as typed.
#[derive(Debug, Clone, Copy)]
pub struct CourtInput<'a> {
    pub source: Option<CaseSource>,
    pub deadline: &'a str,
    pub court_org_id: &'a str,
}

/// Checks the court fields. A case the court did not refer records none
/// (`Ok(None)`; filled fields are an error, never silently dropped); a
/// court case always gets its facts, empty ones included, so they can be
/// filled in later. Checks run in order: the source, then the date's form,
/// then its range, then the court.
pub fn parse(
    input: CourtInput<'_>,
    today: i64,
    parse_day: impl Fn(&str) -> Option<i64>,
    courts: &[String],
) -> Result<Option<CourtFacts>, CourtErrors> {
    let deadline_raw = input.deadline.trim();
    let court_raw = input.court_org_id.trim();
    if input.source != Some(CaseSource::CourtReferral) {
        let mut errors = CourtErrors::new();
        if !deadline_raw.is_empty() {
            errors.push(("court_deadline", "court_entrust.error.not_court_case"));
        }
        if !court_raw.is_empty() {
            errors.push(("court_org_id", "court_entrust.error.not_court_case"));
        }
        return if errors.is_empty() { Ok(None) } else { Err(errors) };
    }
    let mut errors = CourtErrors::new();
    let deadline = match deadline_raw {
        "" => None,
        raw => match parse_day(raw) {
            None => {
                errors.push(("court_deadline", "form.error.date"));
                None
            }
            Some(day) if day < today => {
                errors.push(("court_deadline", "court_entrust.error.deadline_past"));
                None
            }
            Some(day) if day > today + MAX_DEADLINE_DAYS => {
                errors.push(("court_deadline", "court_entrust.error.deadline_far"));
                None
            }
            Some(day) => Some(day),
        },
    };
    let court_org_id = match court_raw {
        "" => None,
        id if courts.iter().any(|c| c == id) => Some(id.to_owned()),
        _ => {
            errors.push(("court_org_id", "form.error.choose"));
            None
        }
    };
    if errors.is_empty() {
        Ok(Some(CourtFacts { deadline, court_org_id }))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_000;

    /// Days written as plain numbers, so the rules are tested without a calendar.
    fn day(s: &str) -> Option<i64> {
        s.parse().ok()
    }

    fn court(deadline: &str, org: &str) -> Result<Option<CourtFacts>, CourtErrors> {
        let input = CourtInput {
            source: Some(CaseSource::CourtReferral),
            deadline,
            court_org_id: org,
        };
        parse(input, TODAY, day, &["court-1".to_owned()])
    }

    #[test]
    fn a_court_case_keeps_its_facts_even_empty() {
        assert_eq!(court("", ""), Ok(Some(CourtFacts::default())));
        assert_eq!(
            court(" 20030 ", "court-1"),
            Ok(Some(CourtFacts {
                deadline: Some(20_030),
                court_org_id: Some("court-1".into())
            }))
        );
    }

    #[test]
    fn the_deadline_is_checked_at_its_bounds() {
        assert_eq!(court(&TODAY.to_string(), "").unwrap().unwrap().deadline, Some(TODAY));
        assert_eq!(
            court(&(TODAY - 1).to_string(), ""),
            Err(vec![("court_deadline", "court_entrust.error.deadline_past")])
        );
        let last = TODAY + MAX_DEADLINE_DAYS;
        assert_eq!(court(&last.to_string(), "").unwrap().unwrap().deadline, Some(last));
        assert_eq!(
            court(&(last + 1).to_string(), ""),
            Err(vec![("court_deadline", "court_entrust.error.deadline_far")])
        );
        assert_eq!(court("12月31日", ""), Err(vec![("court_deadline", "form.error.date")]));
    }

    #[test]
    fn only_a_court_record_may_be_named_and_every_error_is_reported() {
        assert_eq!(court("", "police-1"), Err(vec![("court_org_id", "form.error.choose")]));
        assert_eq!(
            court("x", "police-1"),
            Err(vec![
                ("court_deadline", "form.error.date"),
                ("court_org_id", "form.error.choose")
            ])
        );
    }

    #[test]
    fn other_cases_record_nothing_and_refuse_court_fields() {
        for source in [Some(CaseSource::Application), Some(CaseSource::PoliceTransfer), None] {
            let input = |deadline, court_org_id| CourtInput {
                source,
                deadline,
                court_org_id,
            };
            assert_eq!(parse(input(" ", ""), TODAY, day, &[]), Ok(None));
            assert_eq!(
                parse(input("20010", "court-1"), TODAY, day, &["court-1".to_owned()]),
                Err(vec![
                    ("court_deadline", "court_entrust.error.not_court_case"),
                    ("court_org_id", "court_entrust.error.not_court_case")
                ])
            );
        }
    }
}
