//! `/admin/stats/export/{table}?format=csv|xlsx&…filter`: one table of the
//! dashboard as a file, read through the same loader as the page (same
//! scope rules: a coordinator gets their own street whatever the URL asks),
//! so the file holds exactly the table the page shows. Aggregates only: no
//! personal data, so nothing is masked and no audit row is written.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::StatsQuery;
use super::load::{self, Views};
use super::view::{BreakdownLine, MonthLine, Tile};
use crate::exports::{Cell, Format, Row, tables};
use crate::web::auth::StatsReader;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::read_side::ReadSide;
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    pub format: String,
    #[serde(flatten)]
    pub filter: StatsQuery,
}

/// Every table that can be exported, by the id its section links with.
pub const TABLES: &[&str] = &[
    "headline",
    "sources",
    "prevention",
    "screening",
    "months",
    "types",
    "areas",
    "grids",
    "grid-months",
    "mediators",
    "mailbox",
    "letter-categories",
    "letter-compounds",
    "stages",
    "channels",
    "classes",
    "opinion-compounds",
    "votes",
    "centre",
];

struct Table {
    headers: Vec<String>,
    rows: Vec<Row>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(n: i64) -> Cell {
    Cell::Number(n)
}

fn headed(ctx: &PageCtx, keys: &[&str], rows: Vec<Row>) -> Table {
    Table {
        headers: keys.iter().map(|k| ctx.t(k)).collect(),
        rows,
    }
}

fn tiles(ctx: &PageCtx, tiles: &[Tile]) -> Table {
    let rows = tiles.iter().map(|t| vec![text(&t.label), text(&t.value)]).collect();
    headed(ctx, &["stats.col.figure", "stats.col.value"], rows)
}

fn pairs(ctx: &PageCtx, first: &str, second: &str, items: &[(String, i64)]) -> Table {
    let rows = items.iter().map(|(label, n)| vec![text(label), num(*n)]).collect();
    headed(ctx, &[first, second], rows)
}

fn breakdown(ctx: &PageCtx, first: &str, lines: &[BreakdownLine]) -> Table {
    let rows = lines
        .iter()
        .map(|r| {
            vec![
                text(&r.name),
                num(r.accepted),
                num(r.ended),
                num(r.success),
                text(&r.success_rate),
                text(&r.amount),
            ]
        })
        .collect();
    let keys = [
        first,
        "stats.col.accepted",
        "stats.col.ended",
        "stats.col.success",
        "stats.col.success_rate",
        "stats.col.amount",
    ];
    headed(ctx, &keys, rows)
}

fn months(ctx: &PageCtx, lines: &[MonthLine]) -> Table {
    let rows = lines
        .iter()
        .map(|m| {
            vec![
                text(&m.month),
                num(m.accepted),
                text(&m.year_on_year),
                text(&m.month_on_month),
                num(m.success),
                text(&m.success_rate),
            ]
        })
        .collect();
    let keys = [
        "stats.col.month",
        "stats.col.accepted",
        "stats.col.yoy",
        "stats.col.mom",
        "stats.col.success",
        "stats.col.success_rate",
    ];
    headed(ctx, &keys, rows)
}

fn mediation_table(ctx: &PageCtx, v: &Views, id: &str) -> Option<Table> {
    let d = &v.view;
    Some(match id {
        "headline" => tiles(ctx, &d.tiles),
        "sources" => {
            let mut rows = Vec::new();
            for s in &d.sources {
                rows.push(vec![text(&s.label), num(s.n)]);
                rows.extend(s.members.iter().map(|(l, n)| vec![text(format!("  {l}")), num(*n)]));
            }
            headed(ctx, &["stats.col.source", "stats.col.accepted"], rows)
        }
        "prevention" => {
            let rows = d
                .prevention
                .iter()
                .map(|p| vec![text(&p.label), num(p.cases), num(p.persons)])
                .collect();
            headed(
                ctx,
                &["stats.col.prevention", "stats.col.cases", "stats.col.persons"],
                rows,
            )
        }
        "screening" => {
            let s = &v.screening;
            let rows = vec![vec![num(s.rounds), num(s.found), num(s.prevented), num(s.opened)]];
            let keys = [
                "stats.screening_rounds",
                "screening.found",
                "screening.prevented",
                "screening.opened",
            ];
            headed(ctx, &keys, rows)
        }
        "months" => months(ctx, &d.months),
        "types" => breakdown(ctx, "stats.col.type", &d.types),
        "areas" if d.area_is_community => breakdown(ctx, "stats.col.community", &d.areas),
        "areas" => breakdown(ctx, "stats.col.street", &d.areas),
        "grids" => breakdown(ctx, "stats.col.grid", &v.grid_view.as_ref()?.rows),
        "grid-months" => months(ctx, &v.grid_view.as_ref()?.chosen.as_ref()?.1),
        "mediators" => {
            let rows = d
                .mediators
                .iter()
                .map(|r| {
                    vec![
                        text(&r.name),
                        num(r.led),
                        text(&r.closure_rate),
                        text(&r.success_rate),
                        text(&r.mean_days),
                        text(&r.satisfaction),
                        text(&r.oral_share),
                        num(r.guided),
                    ]
                })
                .collect();
            let keys = [
                "stats.col.mediator",
                "stats.col.led",
                "stats.col.closure_rate",
                "stats.col.success_rate",
                "stats.col.mean_days",
                "stats.col.satisfaction",
                "stats.col.oral_share",
                "stats.col.guided",
            ];
            headed(ctx, &keys, rows)
        }
        _ => return None,
    })
}

fn mailbox_table(ctx: &PageCtx, v: &Views, id: &str) -> Option<Table> {
    let m = &v.mailbox;
    Some(match id {
        "mailbox" => tiles(ctx, &m.tiles),
        "letter-categories" => {
            let rows = m
                .categories
                .iter()
                .map(|c| {
                    let n = &c.counts;
                    vec![
                        text(&c.name),
                        text(&c.targets),
                        num(n.received),
                        num(n.acknowledged),
                        text(&c.ack_share),
                        num(n.resolved),
                        text(&c.resolve_share),
                    ]
                })
                .collect();
            let keys = [
                "stats.col.category",
                "stats.col.targets",
                "stats.col.letters",
                "stats.col.acknowledged",
                "stats.col.ack_share",
                "stats.col.resolved",
                "stats.col.resolve_share",
            ];
            headed(ctx, &keys, rows)
        }
        "letter-compounds" => pairs(ctx, "stats.col.compound", "stats.col.letters", &m.compounds),
        _ => return None,
    })
}

fn renovation_table(ctx: &PageCtx, v: &Views, id: &str) -> Option<Table> {
    let r = v.renovation.as_ref()?;
    Some(match id {
        "stages" => pairs(ctx, "stats.col.stage", "stats.col.projects", &r.stages),
        "channels" => pairs(ctx, "stats.col.channel", "stats.col.opinions", &r.channels),
        "opinion-compounds" => pairs(ctx, "stats.col.compound", "stats.col.opinions", &r.compounds),
        "classes" => {
            let rows = r
                .classes
                .iter()
                .map(|c| {
                    let a = c.answers;
                    vec![text(&c.label), num(a.want), num(a.dont_want), num(a.abstain)]
                })
                .collect();
            let keys = [
                "stats.col.class",
                "stats.col.want",
                "stats.col.dont_want",
                "stats.col.abstain",
            ];
            headed(ctx, &keys, rows)
        }
        "votes" => {
            let mut rows = Vec::new();
            for vote in &r.votes {
                for item in &vote.items {
                    rows.push(vec![
                        text(&vote.title),
                        text(&vote.compound),
                        text(&item.name),
                        text(&item.rule_label),
                        num(i64::from(item.turnout_progress)),
                        text(&item.turnout_line),
                        num(i64::from(item.approval_progress)),
                        text(&item.approval_line),
                    ]);
                }
            }
            let keys = [
                "stats.col.project",
                "stats.col.compound",
                "stats.col.item",
                "stats.col.rule",
                "stats.col.turnout_progress",
                "stats.col.turnout",
                "stats.col.approval_progress",
                "stats.col.approval",
            ];
            headed(ctx, &keys, rows)
        }
        _ => return None,
    })
}

/// The centre's referrals per channel, with a column per state.
fn centre_table(ctx: &PageCtx, v: &Views, id: &str) -> Option<Table> {
    if id != "centre" {
        return None;
    }
    let c = &v.centre;
    let mut headers = vec![ctx.t("stats.col.channel_centre")];
    headers.extend(c.state_labels.iter().cloned());
    headers.push(ctx.t("stats.col.outcomes"));
    headers.push(ctx.t("stats.col.mean_days"));
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![text(&r.channel)];
            row.extend(r.states.iter().map(|n| num(*n)));
            row.push(num(r.outcomes));
            row.push(text(&r.average_days));
            row
        })
        .collect();
    Some(Table { headers, rows })
}

fn table(ctx: &PageCtx, v: &Views, id: &str) -> Option<Table> {
    mediation_table(ctx, v, id)
        .or_else(|| centre_table(ctx, v, id))
        .or_else(|| mailbox_table(ctx, v, id))
        .or_else(|| renovation_table(ctx, v, id))
}

/// The mediator table's file has every mediator; the page shows the first.
fn shown(id: &str) -> Option<usize> {
    match id {
        "mediators" => None,
        _ => Some(super::MEDIATORS_SHOWN),
    }
}

pub async fn download(
    ctx: PageCtx,
    StatsReader(user): StatsReader,
    state: web::Data<AppState>,
    side: ReadSide,
    path: web::Path<String>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let query = query.into_inner();
    let lang = ctx.lang;
    let refused = |key: &str| {
        Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/plain; charset=utf-8")
            .body(ctx.t(key)))
    };
    let Some(format) = Format::parse(&query.format) else {
        return refused("stats.error.format");
    };
    if !TABLES.contains(&id.as_str()) {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new(lang);
    let loaded = load::load(&state, side, &user, &query.filter, shown(&id), &mut errors).await?;
    if !errors.is_empty() {
        return refused("stats.error.filter");
    }
    let views = loaded.views(&ctx);
    // A table the page does not show for this filter (grids without a
    // community, renovation for one community) is not there either.
    let Some(t) = table(&ctx, &views, &id) else {
        return Err(AppError::NotFound);
    };
    let bytes = match format {
        Format::Csv => tables::csv(&t.headers, &t.rows).map_err(|e| AppError::Internal(e.to_string()))?,
        Format::Xlsx => web::block(move || tables::xlsx(&t.headers, &t.rows))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let name = crate::exports::file_name(&format!("stats-{id}"), format, crate::db::now_ts());
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(bytes))
}
