//! What an admin may set on a people's mediation committee.

/// (field, catalogue key) of the first problem.
pub type CommitteeError = (&'static str, &'static str);

pub const NAME_MAX: usize = 40;
pub const SHORT_NAME_MAX: usize = 8;

/// A committee's full name and the short name that goes into its case
/// numbers, `(YYYY)江北<short>人调字第N号`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeNames {
    pub name: String,
    pub short_name: String,
}

impl CommitteeNames {
    pub fn parse(name: &str, short_name: &str) -> Result<Self, CommitteeError> {
        let name = name.trim();
        let count = name.chars().count();
        if !(2..=NAME_MAX).contains(&count) {
            return Err(("name", "committees.error.name"));
        }
        Ok(CommitteeNames {
            name: name.to_owned(),
            short_name: parse_short_name(short_name)?,
        })
    }
}

/// The short name must read cleanly inside a case number and must not make
/// a number ambiguous: brackets and the fixed words 人调字 and 号 belong to
/// the format (case search also keys on them), and spaces or digits would
/// blur where the name ends.
fn parse_short_name(raw: &str) -> Result<String, CommitteeError> {
    let short = raw.trim();
    let count = short.chars().count();
    if count == 0 || count > SHORT_NAME_MAX {
        return Err(("short_name", "committees.error.short_name_length"));
    }
    let reserved = |c: char| c.is_whitespace() || c.is_ascii_digit() || "()（）〔〕[]号".contains(c);
    if short.chars().any(reserved) || short.contains("人调字") {
        return Err(("short_name", "committees.error.short_name_chars"));
    }
    Ok(short.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        let ok = CommitteeNames::parse(" 五里店街道人民调解委员会 ", " 五里店 ").unwrap();
        assert_eq!(ok.name, "五里店街道人民调解委员会");
        assert_eq!(ok.short_name, "五里店");
        assert_eq!(
            CommitteeNames::parse("五", "五里店"),
            Err(("name", "committees.error.name"))
        );
        let long = "调".repeat(NAME_MAX + 1);
        assert_eq!(
            CommitteeNames::parse(&long, "五里店"),
            Err(("name", "committees.error.name"))
        );
        assert_eq!(
            CommitteeNames::parse("五里店街道人民调解委员会", "  "),
            Err(("short_name", "committees.error.short_name_length"))
        );
        assert_eq!(
            CommitteeNames::parse("五里店街道人民调解委员会", &"五".repeat(SHORT_NAME_MAX + 1)),
            Err(("short_name", "committees.error.short_name_length"))
        );
    }

    #[test]
    fn short_names_keep_case_numbers_unambiguous() {
        for bad in ["五里 店", "五里店1", "(五里店)", "五里店号", "五人调字", "（五）"] {
            assert_eq!(
                CommitteeNames::parse("五里店街道人民调解委员会", bad),
                Err(("short_name", "committees.error.short_name_chars")),
                "{bad}"
            );
        }
        assert!(CommitteeNames::parse("观音桥街道人民调解委员会", "观音桥").is_ok());
    }
}
