//! Rules of the mediation agreement (调解协议书, DESIGN.md §5.3): its terms,
//! its signatures and the day it takes effect. Days are China day numbers
//! (see `crate::dates`).

use super::vocabulary::vocabulary;

vocabulary! {
    /// A written agreement (调解协议书) or an oral one recorded in the file
    /// (People's Mediation Law Art. 28).
    pub enum AgreementKind: "agreement." { Written = "written", Oral = "oral" }
}

impl AgreementKind {
    /// An oral agreement is recorded in the file and takes effect on the
    /// day agreed; it has no signatures to collect.
    pub fn is_oral(self) -> bool {
        self == AgreementKind::Oral
    }
}

vocabulary! {
    /// How a party puts their name to the agreement (签名 / 盖章 / 按指印).
    pub enum SignMethod: "agreement.method." { Sign = "sign", Seal = "seal", Thumbprint = "thumbprint" }
}

/// Longest texts a term may hold, in characters.
pub const MAX_TERM_CONTENT: usize = 2000;
pub const MAX_TERM_SHORT: usize = 200;

/// A term as typed into the form.
#[derive(Clone, Debug, Default)]
pub struct TermInput {
    pub obligor: String,
    pub content: String,
    pub amount: String,
    pub manner: String,
    pub place: String,
    pub deadline: String,
}

/// A term that passed [`validate_term`]; `deadline` is `YYYY-MM-DD` or "".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidTerm {
    pub obligor: String,
    pub content: String,
    pub amount_cents: i64,
    pub manner: String,
    pub place: String,
    pub deadline: String,
}

/// The form field a term error belongs to, and its catalogue key.
pub type TermError = (&'static str, &'static str);

/// Checks every field of a term at once, so the user sees all mistakes in
/// one round. The obligor must be one of `party_ids` (the case's parties):
/// a forged id from another case is refused like an empty choice.
/// `parse_day` turns `YYYY-MM-DD` into a day number (injected to stay pure).
pub fn validate_term(
    input: &TermInput,
    party_ids: &[&str],
    parse_day: impl Fn(&str) -> Option<i64>,
) -> Result<ValidTerm, Vec<TermError>> {
    let mut errors = Vec::new();
    let obligor = input.obligor.trim();
    if !party_ids.contains(&obligor) {
        errors.push(("obligor", "agreement.error.obligor"));
    }
    let content = input.content.trim();
    if content.is_empty() || content.chars().count() > MAX_TERM_CONTENT {
        errors.push(("content", "agreement.error.content"));
    }
    let amount = parse_amount(&input.amount);
    if amount.is_none() {
        errors.push(("amount", "agreement.error.amount"));
    }
    let (manner, place) = (input.manner.trim(), input.place.trim());
    if manner.chars().count() > MAX_TERM_SHORT {
        errors.push(("manner", "agreement.error.too_long"));
    }
    if place.chars().count() > MAX_TERM_SHORT {
        errors.push(("place", "agreement.error.too_long"));
    }
    let deadline = input.deadline.trim();
    if !deadline.is_empty() && parse_day(deadline).is_none() {
        errors.push(("deadline", "agreement.error.deadline"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidTerm {
        obligor: obligor.to_owned(),
        content: content.to_owned(),
        amount_cents: amount.unwrap_or(0),
        manner: manner.to_owned(),
        place: place.to_owned(),
        deadline: deadline.to_owned(),
    })
}

/// "1,234.50" yuan → 123450 fen; "" → 0 (a term without money); None for
/// negative, malformed or absurd amounts. Exact integers, never floats.
pub fn parse_amount(s: &str) -> Option<i64> {
    let s = s.trim().replace([',', '，'], "");
    if s.is_empty() {
        return Some(0);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok().filter(|w: &i64| *w < 10_000_000_000)?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole * 100 + frac)
}

/// 123450 fen → "1234.50".
pub fn format_amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The agreement's totals from its terms (amount in fen, deadline day):
/// the amount involved is the sum of all terms' amounts, and everything is
/// due by the latest deadline any term sets (None when no term sets one).
pub fn totals(terms: &[(i64, Option<i64>)]) -> (i64, Option<i64>) {
    let amount = terms.iter().map(|(a, _)| *a).sum();
    let deadline = terms.iter().filter_map(|(_, d)| *d).max();
    (amount, deadline)
}

/// A signature day is a real day between drafting and today: nobody signs
/// a draft before it exists, or in the future.
pub fn check_signature_day(day: Option<i64>, drafted: i64, today: i64) -> Result<i64, &'static str> {
    match day {
        None => Err("agreement.error.sign_date"),
        Some(d) if d > today => Err("agreement.error.date_in_future"),
        Some(d) if d < drafted => Err("agreement.error.before_draft"),
        Some(d) => Ok(d),
    }
}

/// Who has signed one agreement version, by the days they signed.
#[derive(Clone, Debug, Default)]
pub struct Signatures {
    /// (party id, day) for each party that signed.
    pub parties: Vec<(String, i64)>,
    pub mediators: Vec<i64>,
    pub seal: Option<i64>,
}

/// What the AGREEMENT_REVIEW → AGREEMENT_EFFECTIVE guard needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningStatus {
    pub all_parties_signed: bool,
    pub mediator_signed: bool,
    pub sealed: bool,
}

/// Every party of the case (at least one) signed, a mediator signed, and
/// the committee sealed it.
pub fn signing_status(party_ids: &[&str], s: &Signatures) -> SigningStatus {
    SigningStatus {
        all_parties_signed: !party_ids.is_empty() && party_ids.iter().all(|id| s.parties.iter().any(|(p, _)| p == id)),
        mediator_signed: !s.mediators.is_empty(),
        sealed: s.seal.is_some(),
    }
}

/// A written agreement takes effect when the last of its signatures (the
/// parties', the mediator's and the committee seal, 人民调解法 Art. 29) is
/// made, so the day is computed from them, never typed. None until complete.
pub fn written_effective_day(party_ids: &[&str], s: &Signatures) -> Option<i64> {
    let status = signing_status(party_ids, s);
    if !(status.all_parties_signed && status.mediator_signed && status.sealed) {
        return None;
    }
    let party_days = s
        .parties
        .iter()
        .filter(|(p, _)| party_ids.contains(&p.as_str()))
        .map(|(_, d)| *d);
    party_days.chain(s.mediators.iter().copied()).chain(s.seal).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<i64> {
        crate::dates::parse_day(s)
    }

    fn good() -> TermInput {
        TermInput {
            obligor: "p2".into(),
            content: "赔偿天花板维修费".into(),
            amount: "3,000.5".into(),
            manner: "一次性转账".into(),
            place: "调委会".into(),
            deadline: "2026-12-10".into(),
        }
    }

    #[test]
    fn a_good_term_is_trimmed_and_priced_in_fen() {
        let term = validate_term(&good(), &["p1", "p2"], day).unwrap();
        assert_eq!(term.amount_cents, 300_050);
        assert_eq!(term.deadline, "2026-12-10");
        let no_money = TermInput {
            amount: " ".into(),
            deadline: String::new(),
            ..good()
        };
        let term = validate_term(&no_money, &["p2"], day).unwrap();
        assert_eq!((term.amount_cents, term.deadline.as_str()), (0, ""));
    }

    #[test]
    fn every_bad_field_is_reported_together() {
        let bad = TermInput {
            obligor: "someone-else".into(),
            content: "  ".into(),
            amount: "-5".into(),
            manner: "x".repeat(201),
            place: String::new(),
            deadline: "2026-13-01".into(),
        };
        let fields: Vec<_> = validate_term(&bad, &["p1"], day)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["obligor", "content", "amount", "manner", "deadline"]);
        let long = TermInput {
            content: "字".repeat(MAX_TERM_CONTENT + 1),
            ..good()
        };
        assert_eq!(
            validate_term(&long, &["p2"], day).unwrap_err(),
            vec![("content", "agreement.error.content")]
        );
    }

    #[test]
    fn amounts_are_parsed_to_fen_exactly() {
        assert_eq!(parse_amount("1,234.5"), Some(123_450));
        assert_eq!(parse_amount("8000"), Some(800_000));
        assert_eq!(parse_amount("８000"), None, "full-width digits are not guessed at");
        assert_eq!(parse_amount(""), Some(0));
        assert_eq!(parse_amount("1.234"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount("10000000000"), None);
        assert_eq!(format_amount(300_050), "3000.50");
        assert_eq!(format_amount(7), "0.07");
    }

    #[test]
    fn totals_sum_amounts_and_take_the_latest_deadline() {
        assert_eq!(totals(&[]), (0, None));
        assert_eq!(totals(&[(100, Some(5)), (250, None), (0, Some(9))]), (350, Some(9)));
        assert_eq!(totals(&[(100, None)]), (100, None));
    }

    #[test]
    fn signature_days_lie_between_drafting_and_today() {
        assert_eq!(check_signature_day(Some(10), 10, 12), Ok(10));
        assert_eq!(check_signature_day(Some(12), 10, 12), Ok(12));
        assert_eq!(
            check_signature_day(Some(13), 10, 12),
            Err("agreement.error.date_in_future")
        );
        assert_eq!(
            check_signature_day(Some(9), 10, 12),
            Err("agreement.error.before_draft")
        );
        assert_eq!(check_signature_day(None, 10, 12), Err("agreement.error.sign_date"));
    }

    fn signed(parties: &[(&str, i64)], mediators: &[i64], seal: Option<i64>) -> Signatures {
        Signatures {
            parties: parties.iter().map(|(p, d)| (p.to_string(), *d)).collect(),
            mediators: mediators.to_vec(),
            seal,
        }
    }

    #[test]
    fn the_agreement_is_complete_only_with_every_party_the_mediator_and_the_seal() {
        let parties = ["a", "b"];
        let all = signed(&[("a", 3), ("b", 5)], &[4], Some(4));
        let done = SigningStatus {
            all_parties_signed: true,
            mediator_signed: true,
            sealed: true,
        };
        assert_eq!(signing_status(&parties, &all), done);
        let one_missing = signed(&[("a", 3)], &[4], Some(4));
        assert!(!signing_status(&parties, &one_missing).all_parties_signed);
        assert!(!signing_status(&parties, &signed(&[("a", 3), ("b", 5)], &[], Some(4))).mediator_signed);
        assert!(!signing_status(&parties, &signed(&[("a", 3), ("b", 5)], &[4], None)).sealed);
        assert!(!signing_status(&[], &all).all_parties_signed, "a case without parties");
    }

    #[test]
    fn a_written_agreement_takes_effect_on_the_last_signature_day() {
        let parties = ["a", "b"];
        assert_eq!(
            written_effective_day(&parties, &signed(&[("a", 3), ("b", 5)], &[4], Some(4))),
            Some(5)
        );
        assert_eq!(
            written_effective_day(&parties, &signed(&[("a", 3), ("b", 5)], &[4], Some(7))),
            Some(7),
            "the seal counts"
        );
        assert_eq!(
            written_effective_day(&parties, &signed(&[("a", 3)], &[4], Some(4))),
            None
        );
        // A stray signature of someone no longer a party does not move the day.
        assert_eq!(
            written_effective_day(&["a"], &signed(&[("a", 3), ("x", 9)], &[4], Some(4))),
            Some(4)
        );
    }

    #[test]
    fn sign_methods_round_trip() {
        crate::domain::vocabulary::assert_well_formed::<SignMethod>();
        assert_eq!(SignMethod::parse("stamp"), None);
    }
}
