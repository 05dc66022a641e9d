//! The mailbox figures as the page shows them: headline tiles, letters by
//! category (with each category's targets) and by compound, and charts.

use super::chart::{self, BarChart};
use super::view::Tile;
use crate::domain::statistics::figures::percent;
use crate::statistics::mailbox::{LetterCounts, Mailbox};
use crate::web::context::PageCtx;

/// One category's row; the rates already formatted.
pub struct CategoryLine {
    pub name: String,
    /// "3 / 30": the acknowledge and resolve targets in days, as set now.
    pub targets: String,
    pub counts: LetterCounts,
    pub ack_share: String,
    pub resolve_share: String,
}

pub struct MailboxView {
    pub tiles: Vec<Tile>,
    pub categories: Vec<CategoryLine>,
    pub category_chart: BarChart,
    /// (name, letters): the top compounds, then "other compounds" if any.
    pub compounds: Vec<(String, i64)>,
    pub compound_chart: BarChart,
}

fn days(value: Option<i64>) -> String {
    value.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

fn tiles(ctx: &PageCtx, m: &Mailbox) -> Vec<Tile> {
    let tile = |id: &'static str, value: String| Tile {
        id,
        label: ctx.t(format!("stats.figure.{id}")),
        value,
    };
    let a = &m.all;
    vec![
        tile("letters", a.received.to_string()),
        tile("letters_waiting", a.waiting().to_string()),
        tile("ack_median", days(m.response.median)),
        tile("ack_p90", days(m.response.p90)),
        tile("ack_share", percent(a.ack_share)),
        tile("letters_open", a.open().to_string()),
        tile("resolve_median", days(m.resolution.median)),
        tile("resolve_p90", days(m.resolution.p90)),
        tile("resolve_share", percent(a.resolve_share)),
    ]
}

impl MailboxView {
    pub fn new(ctx: &PageCtx, m: Mailbox) -> Self {
        let categories: Vec<CategoryLine> = m
            .by_category
            .iter()
            .map(|r| CategoryLine {
                name: r
                    .category
                    .as_ref()
                    .map_or_else(|| r.code.clone(), |c| c.name(ctx.lang).to_owned()),
                targets: r
                    .category
                    .as_ref()
                    .map_or_else(String::new, |c| format!("{} / {}", c.ack_days, c.resolve_days)),
                ack_share: percent(r.counts.ack_share),
                resolve_share: percent(r.counts.resolve_share),
                counts: r.counts.clone(),
            })
            .collect();
        let bars: Vec<(String, i64)> = categories.iter().map(|c| (c.name.clone(), c.counts.received)).collect();
        let mut compounds: Vec<(String, i64)> = m
            .by_compound
            .iter()
            .map(|c| {
                let name = if c.name.is_empty() {
                    ctx.t("stats.no_compound")
                } else {
                    c.name.clone()
                };
                (name, c.received)
            })
            .collect();
        if m.other_compounds > 0 {
            compounds.push((ctx.t("stats.other_compounds"), m.other_compounds));
        }
        MailboxView {
            tiles: tiles(ctx, &m),
            category_chart: chart::horizontal(&bars),
            categories,
            compound_chart: chart::horizontal(&compounds),
            compounds,
        }
    }
}
