//! Rules shared by the admin catalogues (issue 13): the renovation menu,
//! the letter categories and the dispute types. Names are data shown to
//! residents in both languages; the sort order is a small whole number.

use super::mediation::DisputeGroup;

/// Longest name a picker can show on a phone without wrapping badly.
pub const MAX_NAME: usize = 40;
/// Sort orders are positions in a short list, not arbitrary integers.
pub const MAX_SORT_ORDER: i32 = 9999;

/// A required display name, trimmed; Err is the catalogue key of the problem.
pub fn name(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        Err("form.error.required")
    } else if value.chars().count() > MAX_NAME {
        Err("form.error.too_long")
    } else {
        Ok(value.to_owned())
    }
}

/// A position in the list, 0–9999 (lower comes first).
pub fn sort_order(raw: &str) -> Result<i32, &'static str> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (0..=MAX_SORT_ORDER).contains(n))
        .ok_or("catalogue.error.sort_order")
}

/// A dispute type's plain-words hint (issue 14 items 2 and 10) is shown
/// after its name in the application form's list; it may be left empty.
pub const MAX_HINT: usize = 80;

/// An optional hint, trimmed.
pub fn hint(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.chars().count() > MAX_HINT {
        Err("form.error.too_long")
    } else {
        Ok(value.to_owned())
    }
}

/// The group a dispute type is listed under, one of the closed vocabulary.
pub fn dispute_group(raw: &str) -> Result<DisputeGroup, &'static str> {
    DisputeGroup::parse(raw.trim()).ok_or("dispute_type_admin.err_group")
}

/// The version the edit form was built from; a missing or garbled one can
/// never match a row, so the edit is reported as a conflict, not applied.
pub fn seen_version(raw: &str) -> i32 {
    raw.trim().parse().unwrap_or(-1)
}

/// A new letter category's code: lowercase ASCII letters, digits and `_`,
/// starting with a letter, at most 30 characters (it appears in URLs and
/// in the open-data `service_code`).
pub fn code(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    let well_formed = value.len() <= 30
        && value.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if value.is_empty() {
        Err("form.error.required")
    } else if well_formed {
        Ok(value.to_owned())
    } else {
        Err("catalogue.error.code")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_trimmed_and_short() {
        assert_eq!(name("  邻里纠纷 "), Ok("邻里纠纷".to_owned()));
        assert_eq!(name("   "), Err("form.error.required"));
        assert_eq!(name(&"长".repeat(MAX_NAME)), Ok("长".repeat(MAX_NAME)));
        assert_eq!(name(&"长".repeat(MAX_NAME + 1)), Err("form.error.too_long"));
    }

    #[test]
    fn sort_orders_are_small_whole_numbers() {
        assert_eq!(sort_order(" 20 "), Ok(20));
        assert_eq!(sort_order("0"), Ok(0));
        assert_eq!(sort_order("9999"), Ok(9999));
        for bad in ["-1", "10000", "2.5", "", "abc"] {
            assert_eq!(sort_order(bad), Err("catalogue.error.sort_order"), "{bad}");
        }
    }

    #[test]
    fn hints_are_optional_trimmed_and_bounded() {
        assert_eq!(hint("  噪音、漏水 "), Ok("噪音、漏水".to_owned()));
        assert_eq!(hint(""), Ok(String::new()));
        assert_eq!(hint(&"长".repeat(MAX_HINT)), Ok("长".repeat(MAX_HINT)));
        assert_eq!(hint(&"长".repeat(MAX_HINT + 1)), Err("form.error.too_long"));
    }

    #[test]
    fn groups_come_only_from_the_vocabulary() {
        assert_eq!(dispute_group(" work "), Ok(DisputeGroup::Work));
        for bad in ["", "Work", "jobs", "家庭与邻里"] {
            assert_eq!(dispute_group(bad), Err("dispute_type_admin.err_group"), "{bad}");
        }
    }

    #[test]
    fn a_garbled_version_never_matches_a_row() {
        assert_eq!(seen_version("3"), 3);
        assert_eq!(seen_version(""), -1);
        assert_eq!(seen_version("x"), -1);
    }

    #[test]
    fn codes_are_lowercase_identifiers() {
        assert_eq!(code(" noise "), Ok("noise".to_owned()));
        assert_eq!(code("street_lights2"), Ok("street_lights2".to_owned()));
        assert_eq!(code(""), Err("form.error.required"));
        for bad in ["Noise", "2lights", "a b", "噪音", "a-b", &"a".repeat(31)] {
            assert_eq!(code(bad), Err("catalogue.error.code"), "{bad}");
        }
    }
}
