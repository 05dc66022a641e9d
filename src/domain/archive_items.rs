//! The "as needed" items of a case file (卷宗, DESIGN.md §5.3). They never
//! block closing; CLOSURE_REVIEW lists those on file next to the missing
//! required ones so the reviewer sees the whole file.

/// Items the system can see for itself; the power of attorney, evidence,
/// judicial-confirmation papers and the note are filed by hand.
pub const AS_NEEDED_ARCHIVE_ITEMS: [&str; 3] = ["investigation_record", "performance_proof", "follow_up_record"];

/// The as-needed items among `present`, in file order.
pub fn as_needed_on_file(present: &[String]) -> Vec<String> {
    AS_NEEDED_ARCHIVE_ITEMS
        .iter()
        .filter(|item| present.iter().any(|p| p == *item))
        .map(|item| item.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mediation_workflow::missing_archive_items;

    #[test]
    fn as_needed_items_are_listed_but_never_required() {
        let present: Vec<String> = ["follow_up_record", "application_form", "performance_proof"]
            .map(String::from)
            .to_vec();
        assert_eq!(as_needed_on_file(&present), ["performance_proof", "follow_up_record"]);
        let without = missing_archive_items(&["application_form".to_owned()], true);
        let with = missing_archive_items(&present, true);
        assert_eq!(without, with, "as-needed items change nothing required");
    }
}
