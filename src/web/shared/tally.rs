//! How a project item and its live tally are shown, on the public page and
//! the staff page alike.

use crate::dates::day_text;
use crate::db::projects::Project;
use crate::domain::consensus::Tally;
use crate::domain::project_schedule::{OpinionWindow, WindowState, days_left};
use crate::domain::tally_wording::{self, Standing};
use crate::renovation::projects::ItemTally;
use crate::web::context::PageCtx;

pub struct ItemView {
    pub item_id: String,
    pub name: String,
    pub class_label: String,
    pub cost: String,
    pub rule_label: String,
    pub reason: String,
    pub neighbour_consent: bool,
    pub tally: Tally,
    /// Each threshold's sentence (`domain::tally_wording`) and how far it
    /// is reached, in percent, for the bar beside it.
    pub turnout_line: String,
    pub approval_line: String,
    pub turnout_progress: u8,
    pub approval_progress: u8,
}

/// Yuan with two decimals from integer fen.
pub fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// The sentence for one threshold; `short_key` words a shortfall.
fn line(ctx: &PageCtx, standing: Standing, met_key: &str, short_key: &str) -> String {
    match standing {
        Standing::NoPopulation => ctx.t("tally.no_population"),
        Standing::NoOneYet => ctx.t("tally.no_one_yet"),
        Standing::Met => ctx.t(met_key),
        Standing::Short { area, owners } => {
            let area = area.map(|a| ctx.t_with("tally.area_n", "area", &a.to_string()));
            let owners = owners.map(|n| ctx.t_with("tally.owners_n", "n", &n.to_string()));
            let what: Vec<String> = area.into_iter().chain(owners).collect();
            ctx.t_with(short_key, "what", &what.join(&ctx.t("tally.and")))
        }
    }
}

pub fn item_views(ctx: &PageCtx, items: Vec<ItemTally>) -> Vec<ItemView> {
    items
        .into_iter()
        .map(|it| {
            let t = it.tally;
            let class = ctx.t(it.menu.class.label_key());
            let rule = ctx.t(it.item.rule.label_key());
            let (turnout, approval) = (tally_wording::turnout(&t), tally_wording::approval(&t));
            let turnout_line = line(ctx, turnout, "tally.turnout_met", "tally.turnout_short");
            let approval_line = line(ctx, approval, "tally.approval_met", "tally.approval_short");
            let turnout_progress = match turnout {
                Standing::NoPopulation => 0,
                _ => tally_wording::progress_percent(t.participating, t.turnout_still_needed),
            };
            let approval_progress = match approval {
                Standing::NoPopulation | Standing::NoOneYet => 0,
                _ => tally_wording::progress_percent(t.yes, t.approval_still_needed),
            };
            ItemView {
                item_id: it.item.id,
                name: it.menu.name,
                class_label: class,
                cost: format!("{} / {}", yuan(it.menu.unit_cost_cents), it.menu.cost_unit),
                rule_label: rule,
                reason: it.item.rule_reason,
                neighbour_consent: it.menu.needs_neighbour_consent,
                tally: t,
                turnout_line,
                approval_line,
                turnout_progress,
                approval_progress,
            }
        })
        .collect()
}

/// The stage's name and its countdown sentence, against the project's own
/// stage targets.
pub fn stage_texts(ctx: &PageCtx, project: &Project) -> (String, String) {
    let stage = project.stage;
    let targets = project.schedule().targets;
    let countdown = match days_left(&targets, stage, project.stage_started_at, crate::db::now_ts()) {
        Some(days) if days >= 0 => ctx.t_with("stage.days_left", "days", &days.to_string()),
        Some(days) => ctx.t_with("stage.overdue", "days", &(-days).to_string()),
        None => String::new(),
    };
    (ctx.t(stage.label_key()), countdown)
}

/// The opinion window as a sentence; empty when it has no bounds.
pub fn window_text(ctx: &PageCtx, window: &OpinionWindow) -> String {
    let (from, to) = (window.open_day.map(day_text), window.close_day.map(day_text));
    match (from, to) {
        (Some(from), Some(to)) => crate::i18n::t_with(
            ctx.lang,
            "project.window_range",
            &[("from", from.as_str()), ("to", to.as_str())],
        ),
        (Some(from), None) => ctx.t_with("project.window_from", "date", &from),
        (None, Some(to)) => ctx.t_with("project.window_until", "date", &to),
        (None, None) => String::new(),
    }
}

/// Whether the intention form takes answers today: the stage allows
/// opinions and today lies in the window.
pub fn accepts_answers(project: &Project) -> bool {
    let today = crate::dates::china_day(crate::db::now_ts());
    project.stage.accepts_opinions() && project.schedule().window.state(today) == WindowState::Open
}
