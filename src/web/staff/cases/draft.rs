//! What a refused form shows again (the typed values and each field's
//! error), and the notices of other remedies as the case page and the
//! closure report show them.

use crate::db::case_ending_notices::EndingNotice;
use crate::web::context::PageCtx;
use crate::web::forms::FieldErrors;

/// A form shown again after a refusal, keyed like the case page's error.
#[derive(Default)]
pub struct FormDraft {
    pub form: String,
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
}

/// A notice of other remedies as the page and the closure report show it.
pub struct EndingRow {
    pub state_key: &'static str,
    /// The remedies' display names, joined.
    pub remedies: String,
    pub told_how: String,
    pub told_on: String,
}

/// Formats the stored notices in the reader's language.
pub fn ending_rows(ctx: &PageCtx, notices: &[EndingNotice]) -> Vec<EndingRow> {
    notices
        .iter()
        .map(|n| EndingRow {
            state_key: n.ending.label_key(),
            remedies: n.remedies().iter().map(|r| ctx.label(r)).collect::<Vec<_>>().join("、"),
            told_how: ctx.label(&n.told_how),
            told_on: n.told_on.clone(),
        })
        .collect()
}
