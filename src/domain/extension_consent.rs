//! An extension of the mediation period and the consent it needs
//! (DESIGN.md §5.2 "Deadline"; issue 11, item 7).
//!
//! Mediation is voluntary (People's Mediation Law Arts. 3 and 17): the
//! one-month period may run longer only if every party agrees, so each
//! party's consent is recorded on its own: how it was given and when.

use super::vocabulary::vocabulary;
use crate::dates::parse_day;

vocabulary! {
    /// How a party consented to the extension: in writing, orally (noted
    /// by the mediator), or recorded in the session record (调解笔录).
    pub enum ConsentMethod: "extension.method." {
        Written = "written", Oral = "oral", SessionRecord = "session_record",
    }
}

/// The longest single extension, in days. An extension is counted in days
/// (not months) because parties agree to a concrete number of days ("再给
/// 15 天") and a day count reads the same on every form; the Civil Code
/// rest-day rule still applies to the new last day.
pub const MAX_EXTENSION_DAYS: u32 = 90;

/// One party's row of the extension form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentInput {
    pub party_id: String,
    pub consented: bool,
    pub method: String,
    pub consented_on: String,
}

/// A checked consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyConsent {
    pub party_id: String,
    pub method: ConsentMethod,
    /// YYYY-MM-DD, China time.
    pub consented_on: String,
}

/// What is wrong with the form: the days field and each party's row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionProblems {
    pub days: Option<&'static str>,
    /// (party id, message key), in the order of the parties.
    pub parties: Vec<(String, &'static str)>,
}

impl ExtensionProblems {
    pub fn is_empty(&self) -> bool {
        self.days.is_none() && self.parties.is_empty()
    }

    pub fn for_party(&self, party_id: &str) -> Option<&'static str> {
        self.parties.iter().find(|(id, _)| id == party_id).map(|(_, key)| *key)
    }
}

/// The bounds a consent date must lie in, as China day numbers.
#[derive(Debug, Clone, Copy)]
pub struct DateBounds {
    /// The day the case was registered: consent to extend a mediation
    /// cannot predate the case.
    pub registered: i64,
    /// Today: a consent is recorded after it was given.
    pub today: i64,
}

/// A whole number of days from 1 to [`MAX_EXTENSION_DAYS`].
pub fn parse_days(raw: &str) -> Result<u32, &'static str> {
    let raw = raw.trim();
    let digits = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit());
    raw.parse()
        .ok()
        .filter(|d| digits && (1..=MAX_EXTENSION_DAYS).contains(d))
        .ok_or("case.error.extension_days")
}

/// Checks one row per party of the case (`parties`, by id): every party
/// must have consented, with a method and a date within `bounds`. A party
/// without a row counts as not having consented.
pub fn check_consents(
    parties: &[String],
    rows: &[ConsentInput],
    bounds: DateBounds,
) -> Result<Vec<PartyConsent>, Vec<(String, &'static str)>> {
    let mut consents = Vec::new();
    let mut problems = Vec::new();
    for party in parties {
        let row = rows.iter().find(|r| &r.party_id == party);
        match row.map(|row| check_row(row, bounds)) {
            Some(Ok(consent)) => consents.push(consent),
            Some(Err(key)) => problems.push((party.clone(), key)),
            None => problems.push((party.clone(), "extension.error.no_consent")),
        }
    }
    if problems.is_empty() && !parties.is_empty() {
        Ok(consents)
    } else {
        Err(problems)
    }
}

fn check_row(row: &ConsentInput, bounds: DateBounds) -> Result<PartyConsent, &'static str> {
    if !row.consented {
        return Err("extension.error.no_consent");
    }
    let method = ConsentMethod::parse(row.method.trim()).ok_or("extension.error.method")?;
    let on = row.consented_on.trim();
    let day = parse_day(on).ok_or("form.error.date")?;
    if day < bounds.registered {
        return Err("extension.error.before_registration");
    }
    if day > bounds.today {
        return Err("case.error.date_in_future");
    }
    Ok(PartyConsent {
        party_id: row.party_id.clone(),
        method,
        consented_on: on.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: DateBounds = DateBounds {
        registered: 20_788, // 2026-12-01
        today: 20_801,      // 2026-12-14
    };

    fn row(party: &str, method: &str, on: &str) -> ConsentInput {
        ConsentInput {
            party_id: party.into(),
            consented: true,
            method: method.into(),
            consented_on: on.into(),
        }
    }

    fn parties() -> Vec<String> {
        vec!["p1".into(), "p2".into(), "p3".into()]
    }

    #[test]
    fn every_party_consenting_passes() {
        let rows = [
            row("p1", "written", "2026-12-01"),
            row("p2", "oral", "2026-12-14"),
            row("p3", "session_record", "2026-12-10"),
        ];
        let consents = check_consents(&parties(), &rows, BOUNDS).unwrap();
        assert_eq!(consents.len(), 3);
        assert_eq!(consents[1].method, ConsentMethod::Oral);
        assert_eq!(consents[2].consented_on, "2026-12-10");
    }

    #[test]
    fn a_missing_or_unticked_party_is_refused_at_its_row() {
        let mut rows = vec![row("p1", "written", "2026-12-01"), row("p2", "oral", "2026-12-14")];
        assert_eq!(
            check_consents(&parties(), &rows, BOUNDS),
            Err(vec![("p3".into(), "extension.error.no_consent")])
        );
        rows.push(ConsentInput {
            consented: false,
            ..row("p3", "written", "2026-12-02")
        });
        assert_eq!(
            check_consents(&parties(), &rows, BOUNDS),
            Err(vec![("p3".into(), "extension.error.no_consent")])
        );
    }

    #[test]
    fn the_method_must_be_known() {
        let rows = [row("p1", "", "2026-12-01")];
        assert_eq!(
            check_consents(&["p1".into()], &rows, BOUNDS),
            Err(vec![("p1".into(), "extension.error.method")])
        );
        let rows = [row("p1", "telepathy", "2026-12-01")];
        assert!(check_consents(&["p1".into()], &rows, BOUNDS).is_err());
    }

    #[test]
    fn the_date_lies_between_registration_and_today() {
        let check = |on: &str| check_consents(&["p1".into()], &[row("p1", "written", on)], BOUNDS);
        assert!(check("2026-12-01").is_ok(), "the registration day");
        assert!(check("2026-12-14").is_ok(), "today");
        assert_eq!(
            check("2026-11-30"),
            Err(vec![("p1".into(), "extension.error.before_registration")])
        );
        assert_eq!(
            check("2026-12-15"),
            Err(vec![("p1".into(), "case.error.date_in_future")])
        );
        assert_eq!(check("2026-02-30"), Err(vec![("p1".into(), "form.error.date")]));
        assert_eq!(check(""), Err(vec![("p1".into(), "form.error.date")]));
    }

    #[test]
    fn a_case_without_parties_cannot_be_extended() {
        assert_eq!(check_consents(&[], &[], BOUNDS), Err(vec![]));
    }

    #[test]
    fn days_are_whole_numbers_from_1_to_90() {
        assert_eq!(parse_days("1"), Ok(1));
        assert_eq!(parse_days(" 90 "), Ok(90));
        for bad in ["0", "91", "-1", "+5", "5.0", "", "x"] {
            assert_eq!(parse_days(bad), Err("case.error.extension_days"), "{bad:?}");
        }
    }
}
