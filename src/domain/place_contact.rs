//! A community's public contact as an admin types it (issue 14 item 1):
//! the phone residents call, the office's address and its opening hours,
//! shown in the portal footer. Pure: from the three typed values to the
//! stored ones, or each field's problem.

use super::phone;
use super::place::PlaceKind;

/// An address fits on one footer line on a phone at this length.
pub const MAX_ADDRESS_CHARS: usize = 80;
/// "周一至周五 8:30–12:00，14:00–17:30" and a little more.
pub const MAX_HOURS_CHARS: usize = 60;

/// The checked contact: the phone normalised as everywhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub phone: String,
    pub address: String,
    pub hours: String,
}

/// Which places have an office residents call: streets and towns, and
/// communities and villages (a compound's footer shows the nearest one up
/// its lineage). The district's is the centre's, configured elsewhere.
pub fn has_contact(kind: PlaceKind) -> bool {
    kind.is_street_level() || kind.is_community_level()
}

/// Checks all three fields at once so every problem shows next to its
/// field; Err lists (field, catalogue key) in form order.
pub fn check(phone_raw: &str, address: &str, hours: &str) -> Result<Contact, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let phone = match phone_raw.trim() {
        "" => Err("form.error.required"),
        typed => phone::normalise(typed).map_err(|e| e.message_key()),
    };
    let address = text(address, MAX_ADDRESS_CHARS);
    let hours = text(hours, MAX_HOURS_CHARS);
    for (field, result) in [("phone", &phone), ("address", &address), ("hours", &hours)] {
        if let Err(key) = result {
            problems.push((field, *key));
        }
    }
    match (phone, address, hours) {
        (Ok(phone), Ok(address), Ok(hours)) => Ok(Contact { phone, address, hours }),
        _ => Err(problems),
    }
}

/// A required line of text, trimmed, at most `max` characters.
fn text(raw: &str, max: usize) -> Result<String, &'static str> {
    let value = raw.trim();
    match value.chars().count() {
        0 => Err("form.error.required"),
        n if n > max => Err("form.error.too_long"),
        _ => Ok(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOURS: &str = "周一至周五 9:00–17:00";

    #[test]
    fn a_good_contact_is_trimmed_and_its_phone_normalised() {
        let c = check(" 023 6778 1234 ", "  观音桥街道建新东路 8 号 ", HOURS).unwrap();
        assert_eq!(c.phone, "023-67781234");
        assert_eq!(c.address, "观音桥街道建新东路 8 号");
        assert_eq!(c.hours, HOURS);
        assert_eq!(check("138 1234 5678", "x", "y").unwrap().phone, "13812345678");
    }

    #[test]
    fn every_problem_is_reported_at_once_next_to_its_field() {
        assert_eq!(
            check("", " ", "").unwrap_err(),
            vec![
                ("phone", "form.error.required"),
                ("address", "form.error.required"),
                ("hours", "form.error.required"),
            ]
        );
        // The 7-digit number of issue 14 item 6 is refused here too.
        assert_eq!(
            check("6778123", "a", "b").unwrap_err(),
            vec![("phone", "phone.error.area_code")]
        );
        assert_eq!(
            check("电话", "a", "b").unwrap_err(),
            vec![("phone", "phone.error.characters")]
        );
    }

    #[test]
    fn lengths_are_bounded_at_exactly_their_limits() {
        let at = |n| "长".repeat(n);
        assert!(check("13812345678", &at(MAX_ADDRESS_CHARS), &at(MAX_HOURS_CHARS)).is_ok());
        assert_eq!(
            check("13812345678", &at(MAX_ADDRESS_CHARS + 1), &at(MAX_HOURS_CHARS + 1)).unwrap_err(),
            vec![("address", "form.error.too_long"), ("hours", "form.error.too_long")]
        );
    }

    #[test]
    fn streets_and_communities_have_contacts_and_nothing_else_does() {
        let with: Vec<PlaceKind> = PlaceKind::ALL.iter().copied().filter(|k| has_contact(*k)).collect();
        assert_eq!(
            with,
            vec![
                PlaceKind::Street,
                PlaceKind::Town,
                PlaceKind::Community,
                PlaceKind::Village
            ]
        );
    }
}
