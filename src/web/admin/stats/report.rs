//! `/admin/stats/report` and `/admin/stats/report.xlsx`: the monthly
//! statutory mediation report (人民调解工作统计月报) as one printable A4
//! page and as XLSX. Same scope as the dashboard: an admin chooses a street
//! or the district, a coordinator always gets their own street. Every
//! figure comes from `statistics::monthly_report`, which reads the
//! dashboard's read model.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::street_for;
use crate::db::{self, places};
use crate::domain::role::Role;
use crate::domain::statistics::figures::{self, Month, percent, wan_yuan};
use crate::exports::monthly_report::{self as xlsx, ReportHeading};
use crate::i18n::{Lang, t};
use crate::statistics::monthly_report::{self, Figure, MonthlyReport};
use crate::web::auth::{SessionUser, StatsReader};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    pub month: String,
    pub street: String,
}

/// One line as printed.
pub struct Line {
    pub id: String,
    pub label: String,
    pub indent: bool,
    pub month: String,
    pub ytd: String,
}

pub struct TypeLine {
    pub name: String,
    pub month: (i64, i64),
    pub ytd: (i64, i64),
}

#[derive(Template)]
#[template(path = "print/monthly_report.html")]
struct ReportPage {
    ctx: PageCtx,
    query: ReportQuery,
    errors: FieldErrors,
    heading: ReportHeading,
    lines: Vec<Line>,
    types: Vec<TypeLine>,
    /// The dashboard of the same month and scope.
    back: String,
    xlsx: String,
}

/// The month asked for; an empty field means last month (the report is
/// filed after the month ends).
fn month_of(query: &ReportQuery, now: i64) -> Option<Month> {
    if query.month.trim().is_empty() {
        return Some(figures::previous_month(crate::dates::china_month(now)));
    }
    figures::parse_month(&query.month)
}

pub fn shown(value: Figure) -> String {
    match value {
        Figure::Count(n) => n.to_string(),
        Figure::Rate(r) => percent(r),
        Figure::Amount(cents) => wan_yuan(cents),
    }
}

/// The report and the unit's name, in the reader's scope; `None` when an
/// admin asked for a street that is not one.
async fn load(
    state: &AppState,
    user: &SessionUser,
    asked: &str,
    month: Month,
    lang: Lang,
) -> Result<Option<(MonthlyReport, String, Option<String>)>, AppError> {
    let admin = user.role == Role::Admin;
    let street_id = street_for(user.role, user.area_id.as_deref(), asked);
    let now = db::now_ts();
    state
        .db(move |conn| {
            let streets = places::streets_and_towns(conn)?;
            let name = |id: &String| streets.iter().find(|p| &p.id == id).map(|p| p.name.clone());
            let unit = match &street_id {
                None => Some(t(lang, "stats.district")),
                // A coordinator's street stays theirs even if it names nothing.
                Some(id) if !admin => Some(name(id).unwrap_or_default()),
                Some(id) => name(id),
            };
            let Some(unit) = unit else { return Ok(None) };
            let report = monthly_report::load(conn, month, street_id.clone(), now)?;
            Ok(Some((report, unit, street_id)))
        })
        .await
}

fn heading(lang: Lang, unit: String, month: Month) -> ReportHeading {
    ReportHeading {
        title: t(lang, "stats.report.title"),
        unit,
        month: figures::month_text(month),
        filed_on: crate::dates::date(db::now_ts()),
    }
}

fn lines(lang: Lang, report: &MonthlyReport) -> (Vec<Line>, Vec<TypeLine>) {
    let lines = report
        .rows
        .iter()
        .map(|r| Line {
            id: r.id.clone(),
            label: t(lang, &r.label_key),
            indent: r.indent,
            month: shown(r.month),
            ytd: shown(r.ytd),
        })
        .collect();
    let types = report
        .types
        .iter()
        .map(|r| TypeLine {
            name: report.type_labels.label_of_code(lang, &r.code),
            month: r.month,
            ytd: r.ytd,
        })
        .collect();
    (lines, types)
}

fn links(month: Month, street: Option<&str>) -> (String, String) {
    let m = figures::month_text(month);
    let street = street.map(|s| format!("&street={s}")).unwrap_or_default();
    (
        format!("/admin/stats?from={m}&to={m}{street}"),
        format!("/admin/stats/report.xlsx?month={m}{street}"),
    )
}

pub async fn page(
    ctx: PageCtx,
    StatsReader(user): StatsReader,
    state: web::Data<AppState>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let lang = ctx.lang;
    let mut errors = FieldErrors::new(lang);
    let month = month_of(&query, db::now_ts());
    if month.is_none() {
        errors.add("month", "stats.error.month");
    }
    let loaded = match month {
        Some(m) => load(&state, &user, &query.street, m, lang).await?.map(|l| (m, l)),
        None => None,
    };
    let Some((month, (report, unit, street))) = loaded else {
        if errors.is_empty() {
            errors.add("street", "form.error.choose");
        }
        // What was typed stays in the field, the error beside it.
        let heading = heading(lang, String::new(), 0);
        let page = ReportPage {
            ctx,
            query,
            errors,
            heading,
            lines: Vec::new(),
            types: Vec::new(),
            back: "/admin/stats".to_owned(),
            xlsx: String::new(),
        };
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (lines, types) = lines(lang, &report);
    let (back, xlsx) = links(month, street.as_deref().filter(|_| user.role == Role::Admin));
    let query = ReportQuery {
        month: figures::month_text(month),
        ..query
    };
    render::page(&ReportPage {
        ctx,
        query,
        errors,
        heading: heading(lang, unit, month),
        lines,
        types,
        back,
        xlsx,
    })
}

pub async fn spreadsheet(
    ctx: PageCtx,
    StatsReader(user): StatsReader,
    state: web::Data<AppState>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let refused = |key: &str| {
        Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/plain; charset=utf-8")
            .body(t(lang, key)))
    };
    let Some(month) = month_of(&query, db::now_ts()) else {
        return refused("stats.error.month");
    };
    let Some((report, unit, _)) = load(&state, &user, &query.street, month, lang).await? else {
        return refused("form.error.choose");
    };
    let heading = heading(lang, unit, month);
    let bytes = web::block(move || xlsx::write(&report, &heading, lang))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("mediation-report-{}.xlsx", figures::month_text(month));
    Ok(HttpResponse::Ok()
        .content_type(crate::exports::Format::Xlsx.content_type())
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(bytes))
}
