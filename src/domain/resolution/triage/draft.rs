//! A row of the triage table as an admin typed it (`/admin/triage`), parsed
//! into a [`TriageRule`] or refused field by field. Checks run in the form's
//! order and every field is checked, so the admin sees all problems at once.

use super::{PartyKind, TriageRule, valid_band};
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::channel::{ChannelType, Sector, valid_pair};

/// Rules are read by position; four digits leave room to insert between
/// the seeded tens.
pub const POSITION_MAX: i32 = 9999;
/// A reason is one sentence shown under the suggestion on the triage form.
pub const REASON_MAX: usize = 120;
/// Whole yuan. Above ¥10 billion no band means anything: the district's
/// largest financial disputes are far below it.
pub const AMOUNT_MAX: i64 = 10_000_000_000;

/// The form's fields as sent; empty means "any" for a condition.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleDraft<'a> {
    pub position: &'a str,
    pub dispute_type: &'a str,
    pub min_amount: &'a str,
    pub max_amount: &'a str,
    pub place_id: &'a str,
    pub party_kind: &'a str,
    pub channel: &'a str,
    pub sector: &'a str,
    pub reason_zh: &'a str,
    pub reason_en: &'a str,
}

/// Each refused field with the catalogue key of its message.
pub type Problems = Vec<(&'static str, &'static str)>;

/// An optional choice: empty is `None`, a known code is `Some`, anything
/// else is refused.
fn optional<T>(field: &'static str, text: &str, parse: fn(&str) -> Option<T>, problems: &mut Problems) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = parse(text);
    if parsed.is_none() {
        problems.push((field, "form.error.choose"));
    }
    parsed
}

/// Whole yuan as people write them: `1000000`, `1,000,000`, `100万` is not
/// accepted (it would be read as 100). Outer `Err` marks a refused field.
fn amount(field: &'static str, text: &str, problems: &mut Problems) -> Result<Option<i64>, ()> {
    let digits: String = text
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<i64>() {
        Ok(n) if digits.chars().all(|c| c.is_ascii_digit()) && n <= AMOUNT_MAX => Ok(Some(n)),
        _ => {
            problems.push((field, "triage_rules.error.amount"));
            Err(())
        }
    }
}

fn reason(field: &'static str, text: &str, problems: &mut Problems) -> String {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > REASON_MAX {
        problems.push((field, "triage_rules.error.reason"));
    }
    text.to_owned()
}

impl RuleDraft<'_> {
    /// The rule, or every problem. `place_known` says whether an id is a
    /// street, town, community or village a rule may name.
    pub fn parse(&self, place_known: impl Fn(&str) -> bool) -> Result<TriageRule, Problems> {
        let mut problems = Problems::new();
        let position = match self.position.trim().parse::<i32>() {
            Ok(p) if (1..=POSITION_MAX).contains(&p) => p,
            _ => {
                problems.push(("position", "triage_rules.error.position"));
                0
            }
        };
        let dispute_type = optional("dispute_type", self.dispute_type, DisputeType::parse, &mut problems);
        let min = amount("min_amount", self.min_amount, &mut problems);
        let max = amount("max_amount", self.max_amount, &mut problems);
        if let (Ok(min), Ok(max)) = (min, max)
            && !valid_band(min, max)
        {
            // The upper end is where the admin looks when the band is empty.
            problems.push(("max_amount", "triage_rules.error.band"));
        }
        let place = self.place_id.trim();
        if !place.is_empty() && !place_known(place) {
            problems.push(("place_id", "form.error.choose"));
        }
        let party_kind = optional("party_kind", self.party_kind, PartyKind::parse, &mut problems);
        let channel = ChannelType::parse(self.channel.trim());
        if channel.is_none() {
            problems.push(("channel", "form.error.choose"));
        }
        let sector = optional("sector", self.sector, Sector::parse, &mut problems);
        // A sector committee needs its sector, and only it has one.
        if channel.is_some_and(|c| !valid_pair(c, sector)) {
            problems.push(("sector", "orgs.error.sector"));
        }
        let reason_zh = reason("reason_zh", self.reason_zh, &mut problems);
        let reason_en = reason("reason_en", self.reason_en, &mut problems);
        let (Some(channel), true) = (channel, problems.is_empty()) else {
            return Err(problems);
        };
        Ok(TriageRule {
            position,
            dispute_type,
            min_amount: min.unwrap_or(None),
            max_amount: max.unwrap_or(None),
            place_id: (!place.is_empty()).then(|| place.to_owned()),
            party_kind,
            channel,
            sector,
            reason_zh,
            reason_en,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> RuleDraft<'static> {
        RuleDraft {
            position: "35",
            dispute_type: "property_management",
            min_amount: "",
            max_amount: "",
            place_id: "",
            party_kind: "",
            channel: "sector_committee",
            sector: "property",
            reason_zh: "物业纠纷由物业调委会调解",
            reason_en: "Property disputes go to the property committee",
        }
    }

    fn fields(p: &Problems) -> Vec<&'static str> {
        p.iter().map(|(f, _)| *f).collect()
    }

    fn anywhere(_: &str) -> bool {
        true
    }

    #[test]
    fn a_complete_row_becomes_a_rule_and_empty_conditions_hold_for_all() {
        let rule = draft().parse(anywhere).unwrap();
        assert_eq!(rule.position, 35);
        assert_eq!(rule.dispute_type, Some(DisputeType::PropertyManagement));
        assert_eq!(
            (rule.min_amount, rule.max_amount, rule.place_id, rule.party_kind),
            (None, None, None, None)
        );
        assert_eq!(rule.sector, Some(Sector::Property));
    }

    #[test]
    fn positions_run_from_one_to_four_digits() {
        for ok in ["1", " 9999 "] {
            assert!(
                RuleDraft {
                    position: ok,
                    ..draft()
                }
                .parse(anywhere)
                .is_ok(),
                "{ok}"
            );
        }
        for bad in ["0", "10000", "-3", "", "3.5", "三"] {
            let p = RuleDraft {
                position: bad,
                ..draft()
            }
            .parse(anywhere)
            .unwrap_err();
            assert_eq!(fields(&p), vec!["position"], "{bad}");
        }
    }

    #[test]
    fn amounts_are_whole_yuan_with_separators_and_the_band_must_be_a_band() {
        let band = |min, max| {
            RuleDraft {
                min_amount: min,
                max_amount: max,
                ..draft()
            }
            .parse(anywhere)
        };
        let rule = band("1,000,000元", "").unwrap();
        assert_eq!(rule.min_amount, Some(1_000_000));
        assert_eq!(band("0", "5000").unwrap().max_amount, Some(5000));
        assert_eq!(band("", "10000000000").unwrap().max_amount, Some(AMOUNT_MAX));
        assert_eq!(fields(&band("", "10000000001").unwrap_err()), vec!["max_amount"]);
        assert_eq!(fields(&band("-1", "").unwrap_err()), vec!["min_amount"]);
        assert_eq!(fields(&band("100万", "").unwrap_err()), vec!["min_amount"]);
        // Equal ends leave no amount inside: min <= amount < max.
        let empty = band("5000", "5000").unwrap_err();
        assert_eq!(empty, vec![("max_amount", "triage_rules.error.band")]);
        assert_eq!(fields(&band("6000", "5000").unwrap_err()), vec!["max_amount"]);
    }

    #[test]
    fn a_sector_goes_with_a_sector_committee_only() {
        let no_sector = RuleDraft { sector: "", ..draft() }.parse(anywhere).unwrap_err();
        assert_eq!(no_sector, vec![("sector", "orgs.error.sector")]);
        let stray = RuleDraft {
            channel: "legal_aid",
            ..draft()
        }
        .parse(anywhere)
        .unwrap_err();
        assert_eq!(fields(&stray), vec!["sector"]);
        let plain = RuleDraft {
            channel: "legal_aid",
            sector: "",
            ..draft()
        };
        assert_eq!(plain.parse(anywhere).unwrap().channel, ChannelType::LegalAid);
    }

    #[test]
    fn unknown_codes_and_places_are_refused_and_every_problem_is_listed() {
        let bad = RuleDraft {
            position: "x",
            dispute_type: "gossip",
            place_id: "nowhere",
            party_kind: "robot",
            channel: "",
            sector: "",
            reason_zh: "",
            reason_en: &"a".repeat(REASON_MAX + 1),
            ..draft()
        };
        let p = bad.parse(|id| id == "street-1").unwrap_err();
        assert_eq!(
            fields(&p),
            vec![
                "position",
                "dispute_type",
                "place_id",
                "party_kind",
                "channel",
                "reason_zh",
                "reason_en"
            ]
        );
        let here = RuleDraft {
            place_id: "street-1",
            ..draft()
        };
        assert_eq!(
            here.parse(|id| id == "street-1").unwrap().place_id.as_deref(),
            Some("street-1")
        );
    }

    #[test]
    fn a_reason_of_exactly_the_limit_is_kept() {
        let long = "理".repeat(REASON_MAX);
        let rule = RuleDraft {
            reason_zh: &long,
            ..draft()
        }
        .parse(anywhere)
        .unwrap();
        assert_eq!(rule.reason_zh.chars().count(), REASON_MAX);
    }
}
