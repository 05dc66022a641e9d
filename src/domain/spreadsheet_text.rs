//! Text put into an exported spreadsheet cell (CSV or XLSX, DESIGN.md §7
//! Exports). A spreadsheet reads a cell that starts with `=`, `+`, `-` or
//! `@` as a formula, and some also after a leading tab or carriage return;
//! a resident's letter saying `=HYPERLINK(...)` would then run in the
//! office's spreadsheet (CSV injection). Such text gets a leading `'`,
//! which spreadsheets show as plain text and which a reader can see.

use std::borrow::Cow;

/// The characters that make a spreadsheet treat a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell may safely hold it: unchanged, or with a leading `'`
/// when it starts with a formula trigger.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(first) if TRIGGERS.contains(&first) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_equals_sign_starts_a_formula() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("="), "'=");
    }

    #[test]
    fn plus_and_minus_start_formulas() {
        assert_eq!(neutralise("+1+cmd"), "'+1+cmd");
        assert_eq!(neutralise("-2+3"), "'-2+3");
    }

    #[test]
    fn an_at_sign_starts_a_formula() {
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn a_leading_tab_or_carriage_return_is_neutralised() {
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("\r=1"), "'\r=1");
    }

    #[test]
    fn other_text_is_left_alone_and_not_copied() {
        for text in ["张三", "a=b", "", " =1", "'=1", "\n=1", "１＝"] {
            assert!(matches!(neutralise(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }
}
