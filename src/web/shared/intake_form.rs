//! View pieces of the intake form shared by the online application and
//! staff registration: the grouped dispute-type picker and the respondent
//! blocks (issue 14, item 10).

use crate::db::dispute_types::DisputeTypes;
use crate::domain::mediation::OfferedType;
use crate::domain::mediation_intake::{IntakeForm, MAX_RESPONDENTS};
use crate::i18n;
use crate::web::context::PageCtx;
use crate::web::forms::{Choice, FieldErrors};

/// One `<optgroup>` of a select.
pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

/// The dispute types `offered`, grouped, each labelled with its plain-words
/// hint so a resident can pick one without knowing the legal names.
pub fn grouped_types(
    ctx: &PageCtx,
    catalogue: &DisputeTypes,
    offered: &[OfferedType],
    selected: &str,
) -> Vec<ChoiceGroup> {
    catalogue
        .grouped(offered)
        .into_iter()
        .map(|(group, types)| ChoiceGroup {
            label: ctx.t(group.label_key()),
            choices: types
                .into_iter()
                .map(|t| {
                    let name = catalogue.offered_label(ctx.lang, t);
                    let hint = catalogue.hint(ctx.lang, &t.code);
                    Choice {
                        value: t.code.clone(),
                        label: if hint.is_empty() {
                            name
                        } else {
                            i18n::t_with(ctx.lang, "apply.type_with_hint", &[("type", &name), ("hint", hint)])
                        },
                        selected: t.code == selected,
                    }
                })
                .collect(),
        })
        .collect()
}

/// One respondent block: its number, field names, values and errors.
pub struct RespondentBlock {
    pub n: usize,
    pub label: String,
    pub name_field: String,
    pub phone_field: String,
    pub name: String,
    pub phone: String,
    pub name_error: String,
    pub phone_error: String,
    /// The remove button's text, naming the block ("remove the 2nd respondent").
    pub remove_label: String,
}

/// The respondent blocks a form shows, and where its buttons post to.
pub struct Respondents {
    pub blocks: Vec<RespondentBlock>,
    pub can_add: bool,
    /// The form's own address with `#respondents`: after "add" or "remove"
    /// the page opens at the blocks, not at the top of a long form.
    pub action: String,
}

impl Respondents {
    pub fn new(ctx: &PageCtx, form: &IntakeForm, errors: &FieldErrors, path: &str) -> Self {
        let shown = form.respondents_shown();
        let blocks = form
            .respondent_slots()
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, (name, phone))| {
                let n = i + 1;
                let (name_field, phone_field) = (format!("respondent_name_{n}"), format!("respondent_phone_{n}"));
                let label_key = match n {
                    1 => "apply.respondent_name",
                    2 => "apply.respondent_name_2",
                    _ => "apply.respondent_name_3",
                };
                RespondentBlock {
                    n,
                    label: ctx.t(label_key),
                    name_error: errors.get(&name_field),
                    phone_error: errors.get(&phone_field),
                    name_field,
                    phone_field,
                    name: (*name).to_owned(),
                    phone: (*phone).to_owned(),
                    remove_label: ctx.t_with("apply.remove_respondent", "n", &n.to_string()),
                }
            })
            .collect();
        Respondents {
            blocks,
            can_add: shown < MAX_RESPONDENTS,
            action: format!("{path}#respondents"),
        }
    }
}
