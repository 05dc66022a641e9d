//! The dashboard's figures as the page shows them: formatted strings and
//! chart geometry, made once here so the template only places them.

use super::chart::{self, BarChart};
use crate::db::places::Place;
use crate::domain::statistics::figures::{month_text, percent, signed_percent, tenths, wan_yuan};
use crate::statistics::dashboard::MonthRow;
use crate::statistics::dashboard::{BreakdownRow, Dashboard, StatsFilter};
use crate::statistics::grids::Grids;
use crate::statistics::people::{MediatorRow, MediatorTable, Mentorship};
use crate::web::context::PageCtx;

/// One headline figure; `id` is stable (tests and links use it).
pub struct Tile {
    pub id: &'static str,
    pub label: String,
    pub value: String,
}

pub struct SourceLine {
    pub label: String,
    pub n: i64,
    pub members: Vec<(String, i64)>,
}

pub struct PreventionLine {
    pub label: String,
    pub cases: i64,
    pub persons: i64,
}

pub struct BreakdownLine {
    pub name: String,
    pub accepted: i64,
    pub ended: i64,
    pub success: i64,
    pub success_rate: String,
    pub amount: String,
}

pub struct MonthLine {
    pub month: String,
    pub accepted: i64,
    pub success: i64,
    pub success_rate: String,
    pub year_on_year: String,
    pub month_on_month: String,
}

pub struct MediatorLine {
    pub name: String,
    pub trainee: bool,
    pub led: i64,
    pub closed: i64,
    pub closure_rate: String,
    pub success: i64,
    pub success_rate: String,
    pub mean_days: String,
    pub satisfaction: String,
    pub oral_share: String,
    pub guided: i64,
}

impl MediatorLine {
    pub fn new(r: MediatorRow) -> Self {
        MediatorLine {
            name: r.name,
            trainee: r.trainee,
            led: r.led,
            closed: r.closed,
            closure_rate: percent(r.closure_rate),
            success: r.success,
            success_rate: percent(r.success_rate),
            mean_days: tenths(r.mean_days),
            satisfaction: tenths(r.satisfaction),
            oral_share: percent(r.oral_share),
            guided: r.guided,
        }
    }
}

pub struct MentorshipView {
    pub trainees: i64,
    pub seniors: i64,
    pub loads: Vec<(String, i64)>,
    pub graduations: Vec<(String, i64)>,
    pub graduation_chart: BarChart,
}

pub struct DashboardView {
    pub tiles: Vec<Tile>,
    pub sources: Vec<SourceLine>,
    pub prevention: Vec<PreventionLine>,
    pub types: Vec<BreakdownLine>,
    pub type_chart: BarChart,
    pub areas: Vec<BreakdownLine>,
    pub area_is_community: bool,
    pub area_chart: BarChart,
    pub months: Vec<MonthLine>,
    pub month_chart: BarChart,
    pub mediators: Vec<MediatorLine>,
    /// "The first 20 of 4,512" when the table shows only the busiest.
    pub mediators_note: Option<String>,
    pub mentorship: Option<MentorshipView>,
    pub axis_y: i64,
    pub width: i64,
}

pub(super) fn line(r: BreakdownRow, name: String) -> BreakdownLine {
    BreakdownLine {
        name,
        accepted: r.accepted,
        ended: r.ended,
        success: r.success,
        success_rate: percent(r.success_rate),
        amount: wan_yuan(r.amount_cents),
    }
}

fn tiles(ctx: &PageCtx, d: &Dashboard) -> Vec<Tile> {
    let h = &d.headline;
    let tile = |id: &'static str, value: String| Tile {
        id,
        label: ctx.t(format!("stats.figure.{id}")),
        value,
    };
    vec![
        tile("accepted", h.accepted.to_string()),
        tile("ended", h.ended.to_string()),
        tile("success", h.success.to_string()),
        tile("success_rate", percent(h.success_rate)),
        tile("amount", wan_yuan(h.amount_cents)),
        tile("performed", h.performed.to_string()),
        tile("performance_rate", percent(h.performance_rate)),
        tile("judicial", h.judicial.to_string()),
        tile("difficult", h.difficult.to_string()),
        tile("closed", h.closed.to_string()),
        tile("mean_days", tenths(h.mean_days)),
        tile("p90_days", h.p90_days.map_or_else(|| "—".to_owned(), |d| d.to_string())),
        tile("overdue", h.overdue.to_string()),
        tile("trainee_success", d.trainee_success.to_string()),
    ]
}

fn mentorship_view(m: Mentorship) -> MentorshipView {
    let graduations: Vec<(String, i64)> = m.graduations.iter().map(|(mo, n)| (month_text(*mo), *n)).collect();
    MentorshipView {
        trainees: m.trainees,
        seniors: m.seniors,
        graduation_chart: chart::monthly(&graduations, &[]),
        loads: m.loads,
        graduations,
    }
}

impl DashboardView {
    pub fn new(
        ctx: &PageCtx,
        _filter: &StatsFilter,
        d: Dashboard,
        mediators: MediatorTable,
        mentorship: Option<Mentorship>,
    ) -> Self {
        let type_name = |code: &str| d.type_labels.label_of_code(ctx.lang, code);
        let sources = d
            .headline
            .by_group
            .iter()
            .map(|(group, n, members)| SourceLine {
                label: ctx.t(group.label_key()),
                n: *n,
                members: members.iter().map(|(s, n)| (ctx.t(s.label_key()), *n)).collect(),
            })
            .collect();
        let prevention = d
            .headline
            .prevention
            .iter()
            .map(|p| PreventionLine {
                label: ctx.t(p.label_key),
                cases: p.cases,
                persons: p.persons,
            })
            .collect();
        let types: Vec<BreakdownLine> = d
            .by_type
            .iter()
            .cloned()
            .map(|r| {
                let name = type_name(&r.key);
                line(r, name)
            })
            .collect();
        let areas: Vec<BreakdownLine> = d
            .by_area
            .iter()
            .cloned()
            .map(|r| {
                let name = if r.name.is_empty() {
                    ctx.t("stats.no_place")
                } else {
                    r.name.clone()
                };
                line(r, name)
            })
            .collect();
        let bars = |rows: &[BreakdownLine]| rows.iter().map(|r| (r.name.clone(), r.accepted)).collect::<Vec<_>>();
        let (months, month_chart) = month_lines(&d.by_month);
        DashboardView {
            tiles: tiles(ctx, &d),
            sources,
            prevention,
            type_chart: chart::horizontal(&bars(&types)),
            types,
            area_chart: chart::horizontal(&bars(&areas)),
            areas,
            area_is_community: d.area_is_community,
            month_chart,
            months,
            mediators_note: (mediators.total > mediators.rows.len()).then(|| {
                let (shown, total) = (mediators.rows.len().to_string(), mediators.total.to_string());
                crate::i18n::t_with(
                    ctx.lang,
                    "stats.mediators_shown",
                    &[("shown", &shown), ("total", &total)],
                )
            }),
            mediators: mediators.rows.into_iter().map(MediatorLine::new).collect(),
            mentorship: mentorship.map(mentorship_view),
            axis_y: chart::axis_y(),
            width: chart::WIDTH,
        }
    }
}

/// The months with 同比/环比 and their chart (bars: accepted; line: success rate).
fn month_lines(rows: &[MonthRow]) -> (Vec<MonthLine>, BarChart) {
    let lines = rows
        .iter()
        .map(|m| MonthLine {
            month: month_text(m.month),
            accepted: m.accepted,
            success: m.success,
            success_rate: percent(m.success_rate),
            year_on_year: signed_percent(m.year_on_year),
            month_on_month: signed_percent(m.month_on_month),
        })
        .collect();
    let bars: Vec<(String, i64)> = rows
        .iter()
        .map(|m| (format!("{:02}", m.month % 100), m.accepted))
        .collect();
    let rates: Vec<Option<i64>> = rows.iter().map(|m| m.success_rate).collect();
    (lines, chart::monthly(&bars, &rates))
}

/// The grids of the chosen community; with one grid chosen, its months.
pub struct GridView {
    pub rows: Vec<BreakdownLine>,
    pub chart: BarChart,
    /// The chosen grid's name, months and their chart.
    pub chosen: Option<(String, Vec<MonthLine>, BarChart)>,
}

impl GridView {
    pub fn new(ctx: &PageCtx, g: Grids, places: &[Place]) -> Self {
        let rows: Vec<BreakdownLine> = g
            .rows
            .into_iter()
            .map(|r| {
                let name = if r.name.is_empty() {
                    ctx.t("stats.unknown_grid")
                } else {
                    r.name.clone()
                };
                line(r, name)
            })
            .collect();
        let bars: Vec<(String, i64)> = rows.iter().map(|r| (r.name.clone(), r.accepted)).collect();
        let chosen = g.chosen.map(|(id, months)| {
            let name = places.iter().find(|p| p.id == id).map_or(id, |p| p.name.clone());
            let (lines, chart) = month_lines(&months);
            (name, lines, chart)
        });
        GridView {
            chart: chart::horizontal(&bars),
            rows,
            chosen,
        }
    }
}
