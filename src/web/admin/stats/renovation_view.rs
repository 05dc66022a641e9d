//! The renovation figures as the page shows them: projects by stage,
//! opinions by channel, by menu class and by compound, and each open vote
//! with both thresholds' progress in the public tally's own words.

use super::chart::{self, BarChart};
use crate::statistics::renovation::{ClassAnswers, Renovation};
use crate::web::context::PageCtx;
use crate::web::shared::tally::{ItemView, item_views};

/// One menu class: what residents answered for its items.
pub struct ClassLine {
    pub label: String,
    pub answers: ClassAnswers,
}

/// A project in its voting stage and its items' tallies.
pub struct VoteLine {
    pub project_id: String,
    pub title: String,
    pub compound: String,
    pub items: Vec<ItemView>,
}

pub struct RenovationView {
    pub stages: Vec<(String, i64)>,
    pub channels: Vec<(String, i64)>,
    pub stage_chart: BarChart,
    pub channel_chart: BarChart,
    pub classes: Vec<ClassLine>,
    pub class_chart: BarChart,
    /// (name, opinions), the most first; then "other compounds" if any.
    pub compounds: Vec<(String, i64)>,
    pub compound_chart: BarChart,
    pub votes: Vec<VoteLine>,
}

impl RenovationView {
    pub fn new(ctx: &PageCtx, r: Renovation) -> Self {
        let stages: Vec<(String, i64)> = r.stages.iter().map(|(s, n)| (ctx.t(s.label_key()), *n)).collect();
        let channels: Vec<(String, i64)> = r.channels.iter().map(|(c, n)| (ctx.t(c.label_key()), *n)).collect();
        let classes: Vec<ClassLine> = r
            .classes
            .iter()
            .map(|(c, a)| ClassLine {
                label: ctx.t(c.label_key()),
                answers: *a,
            })
            .collect();
        // The chart shows what residents asked for: the "want" answers.
        let wants: Vec<(String, i64)> = classes.iter().map(|c| (c.label.clone(), c.answers.want)).collect();
        let mut compounds: Vec<(String, i64)> = r
            .compounds
            .into_iter()
            .map(|(_, name, n)| {
                let name = if name.is_empty() {
                    ctx.t("stats.no_compound")
                } else {
                    name
                };
                (name, n)
            })
            .collect();
        if r.other_compounds > 0 {
            compounds.push((ctx.t("stats.other_compounds"), r.other_compounds));
        }
        let votes = r
            .open_votes
            .into_iter()
            .map(|v| VoteLine {
                project_id: v.project_id,
                title: v.title,
                compound: v.compound,
                items: item_views(ctx, v.items),
            })
            .collect();
        RenovationView {
            stage_chart: chart::horizontal(&stages),
            channel_chart: chart::horizontal(&channels),
            class_chart: chart::horizontal(&wants),
            compound_chart: chart::horizontal(&compounds),
            stages,
            channels,
            classes,
            compounds,
            votes,
        }
    }
}
