//! Ending a mediation without agreement (FAILED, TERMINATED, WITHDRAWN):
//! the parties must be told they may still seek arbitration, an
//! administrative resolution or a court (人民调解法 Art. 26: "调解不成的，
//! 调解员应当终止调解，并依据有关法律、法规的规定，告知当事人可以依法通过
//! 仲裁、行政、司法等途径维护自己的权利"). The step records which remedies
//! were explained, how the parties were told and when.

use super::vocabulary::vocabulary;

vocabulary! {
    /// The other remedies the parties were told of; several may apply.
    pub enum Remedy: "remedy." {
        Arbitration = "arbitration", Administrative = "administrative", Litigation = "litigation",
    }
}

vocabulary! {
    /// How the parties were told.
    pub enum NoticeMethod: "remedy.told." {
        Written = "written", Oral = "oral", SessionRecord = "session_record",
    }
}

/// The notice as the form sent it, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeInput {
    /// Codes of the ticked remedies.
    pub remedies: Vec<String>,
    pub told_how: String,
    pub told_on: String,
}

/// A complete notice: at least one remedy, a method and a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub remedies: Vec<Remedy>,
    pub told_how: NoticeMethod,
    /// The China day the parties were told.
    pub told_on: i64,
}

impl Notice {
    pub fn told(&self, remedy: Remedy) -> bool {
        self.remedies.contains(&remedy)
    }
}

/// Checks every field at once, so each error can sit next to its field.
/// `parse_day` reads `YYYY-MM-DD`; where the day may fall is the caller's
/// [`super::date_bounds::record_day`], which needs the case.
pub fn check_notice(
    input: &NoticeInput,
    parse_day: impl Fn(&str) -> Option<i64>,
) -> Result<Notice, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let mut remedies: Vec<Remedy> = Remedy::ALL
        .iter()
        .copied()
        .filter(|r| input.remedies.iter().any(|c| c == r.code()))
        .collect();
    remedies.dedup();
    let unknown = input.remedies.iter().any(|c| Remedy::parse(c).is_none());
    if remedies.is_empty() || unknown {
        errors.push(("remedies", "remedy.error.remedies"));
    }
    let told_how = NoticeMethod::parse(input.told_how.trim());
    if told_how.is_none() {
        errors.push(("told_how", "remedy.error.told_how"));
    }
    let told_on = parse_day(input.told_on.trim());
    if told_on.is_none() {
        errors.push(("told_on", "form.error.date"));
    }
    match (told_how, told_on) {
        (Some(told_how), Some(told_on)) if errors.is_empty() => Ok(Notice {
            remedies,
            told_how,
            told_on,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<i64> {
        crate::dates::parse_day(s)
    }

    fn input(remedies: &[&str], how: &str, on: &str) -> NoticeInput {
        NoticeInput {
            remedies: remedies.iter().map(|s| s.to_string()).collect(),
            told_how: how.into(),
            told_on: on.into(),
        }
    }

    #[test]
    fn vocabularies_are_well_formed() {
        crate::domain::vocabulary::assert_well_formed::<Remedy>();
        crate::domain::vocabulary::assert_well_formed::<NoticeMethod>();
    }

    #[test]
    fn a_complete_notice_is_accepted_with_several_remedies() {
        let notice = check_notice(&input(&["litigation", "arbitration"], "written", "2026-12-01"), day).unwrap();
        assert_eq!(notice.remedies, [Remedy::Arbitration, Remedy::Litigation]);
        assert!(notice.told(Remedy::Litigation) && !notice.told(Remedy::Administrative));
        assert_eq!(notice.told_how, NoticeMethod::Written);
        assert_eq!(notice.told_on, day("2026-12-01").unwrap());
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors = check_notice(&input(&[], "", ""), day).unwrap_err();
        assert_eq!(
            errors,
            [
                ("remedies", "remedy.error.remedies"),
                ("told_how", "remedy.error.told_how"),
                ("told_on", "form.error.date")
            ]
        );
        let one = check_notice(&input(&["arbitration"], "oral", "2026-2-31"), day).unwrap_err();
        assert_eq!(one, [("told_on", "form.error.date")]);
        let unknown = check_notice(&input(&["prayer"], "oral", "2026-12-01"), day).unwrap_err();
        assert_eq!(unknown, [("remedies", "remedy.error.remedies")]);
    }
}
