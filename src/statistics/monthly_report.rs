//! The monthly statutory mediation report (人民调解工作统计月报, issue 13):
//! the month's figures beside the year to date (本年累计), each read from
//! the dashboard's read model (`dashboard::load`) so the report and the
//! dashboard cannot disagree. Only the shaping into the statutory rows is
//! here; the page and the XLSX both read these rows.

use crate::db::dispute_types::DisputeTypes;
use diesel::QueryResult;

use crate::db::DbConn;
use crate::db::screenings::{self, ScreeningTotals};
use crate::domain::mediation::DisputeType;
use crate::domain::statistics::figures::Month;
use crate::statistics::dashboard::{self, Dashboard, Headline, StatsFilter};

/// One value of the report, typed so the XLSX keeps numbers as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Count(i64),
    /// ‰; `None` when nothing was counted below the line.
    Rate(Option<i64>),
    /// Agreement amounts in fen (shown in 万元).
    Amount(i64),
}

/// One line of the main table: a stable id (tests and the XLSX use it),
/// its catalogue key, whether it is a sub-line, the month and the year to date.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: String,
    pub label_key: String,
    pub indent: bool,
    pub month: Figure,
    pub ytd: Figure,
}

/// One dispute type: accepted and successful, month and year to date.
#[derive(Debug, Clone)]
pub struct TypeRow {
    pub dispute_type: Option<DisputeType>,
    pub code: String,
    pub month: (i64, i64),
    pub ytd: (i64, i64),
}

#[derive(Debug, Clone)]
pub struct MonthlyReport {
    pub month: Month,
    pub rows: Vec<ReportRow>,
    pub types: Vec<TypeRow>,
    /// How the dispute types are named now.
    pub type_labels: DisputeTypes,
}

/// January of the report's year: the start of 本年累计.
pub fn year_start(month: Month) -> Month {
    month / 100 * 100 + 1
}

/// The report of `month` in the street (or the district when `None`):
/// the screening lines first, then the mediation lines.
pub fn load(conn: &mut DbConn, month: Month, street_id: Option<String>, now: i64) -> QueryResult<MonthlyReport> {
    let filter = |from| StatsFilter {
        from,
        to: month,
        street_id: street_id.clone(),
        community_id: None,
    };
    let this = dashboard::load(conn, &filter(month), now)?;
    let ytd = dashboard::load(conn, &filter(year_start(month)), now)?;
    let area = screenings::ScreeningArea {
        street_id: street_id.as_deref(),
        ..Default::default()
    };
    let screened = (
        screenings::totals(conn, area, month, month)?,
        screenings::totals(conn, area, year_start(month), month)?,
    );
    let mut lines = screening_rows(&screened.0, &screened.1);
    lines.extend(rows(&this.headline, &ytd.headline));
    Ok(MonthlyReport {
        month,
        rows: lines,
        types: types(&this, &ytd),
        type_labels: this.type_labels,
    })
}

/// The screening lines (矛盾纠纷排查) that open the statutory table:
/// rounds held, disputes found and disputes prevented, by the month the
/// round was held (`screenings.month`, the same as the dashboard's).
fn screening_rows(m: &ScreeningTotals, y: &ScreeningTotals) -> Vec<ReportRow> {
    use Figure::Count;
    vec![
        row(
            "screening_rounds",
            "stats.report.row.screening_rounds",
            false,
            Count(m.rounds),
            Count(y.rounds),
        ),
        row(
            "screening_found",
            "stats.report.row.screening_found",
            true,
            Count(m.found),
            Count(y.found),
        ),
        row(
            "screening_prevented",
            "stats.report.row.screening_prevented",
            true,
            Count(m.prevented),
            Count(y.prevented),
        ),
    ]
}

fn row(id: &str, label_key: &str, indent: bool, month: Figure, ytd: Figure) -> ReportRow {
    ReportRow {
        id: id.to_owned(),
        label_key: label_key.to_owned(),
        indent,
        month,
        ytd,
    }
}

/// The statutory lines in their order: accepted by source, outcomes,
/// amounts, performance, judicial confirmation, difficult cases, then the
/// prevention counters in cases and persons.
fn rows(m: &Headline, y: &Headline) -> Vec<ReportRow> {
    use Figure::{Amount, Count, Rate};
    let mut out = vec![row(
        "accepted",
        "stats.report.row.accepted",
        false,
        Count(m.accepted),
        Count(y.accepted),
    )];
    for ((group, n, _), (_, ny, _)) in m.by_group.iter().zip(&y.by_group) {
        let id = format!("source_{}", group.code());
        out.push(row(&id, group.label_key(), true, Count(*n), Count(*ny)));
    }
    out.extend([
        row("ended", "stats.report.row.ended", false, Count(m.ended), Count(y.ended)),
        row(
            "success",
            "stats.report.row.success",
            false,
            Count(m.success),
            Count(y.success),
        ),
        row(
            "success_rate",
            "stats.report.row.success_rate",
            false,
            Rate(m.success_rate),
            Rate(y.success_rate),
        ),
        row(
            "amount",
            "stats.report.row.amount",
            false,
            Amount(m.amount_cents),
            Amount(y.amount_cents),
        ),
        row(
            "performed",
            "stats.report.row.performed",
            false,
            Count(m.performed),
            Count(y.performed),
        ),
        row(
            "performance_rate",
            "stats.report.row.performance_rate",
            false,
            Rate(m.performance_rate),
            Rate(y.performance_rate),
        ),
        row(
            "judicial",
            "stats.report.row.judicial",
            false,
            Count(m.judicial),
            Count(y.judicial),
        ),
        row(
            "difficult",
            "stats.report.row.difficult",
            false,
            Count(m.difficult),
            Count(y.difficult),
        ),
    ]);
    for (pm, py) in m.prevention.iter().zip(&y.prevention) {
        let flag = pm.label_key.trim_start_matches("stats.prevent.");
        out.push(row(
            &format!("prevent_{flag}"),
            &format!("stats.report.row.prevent_{flag}"),
            false,
            Count(pm.cases),
            Count(py.cases),
        ));
        out.push(row(
            &format!("prevent_{flag}_persons"),
            "stats.report.row.persons",
            true,
            Count(pm.persons),
            Count(py.persons),
        ));
    }
    out
}

/// Every dispute type with a case this year, in the catalogue's order.
fn types(m: &Dashboard, y: &Dashboard) -> Vec<TypeRow> {
    let of = |d: &Dashboard, code: &str| {
        d.by_type
            .iter()
            .find(|r| r.key == code)
            .map_or((0, 0), |r| (r.accepted, r.success))
    };
    let mut codes: Vec<String> = DisputeType::ALL.iter().map(|t| t.code().to_owned()).collect();
    // A code no longer in the catalogue still counts: listed last.
    for r in &y.by_type {
        if !codes.contains(&r.key) {
            codes.push(r.key.clone());
        }
    }
    codes
        .into_iter()
        .map(|code| TypeRow {
            dispute_type: DisputeType::parse(&code),
            month: of(m, &code),
            ytd: of(y, &code),
            code,
        })
        .filter(|r| r.ytd.0 > 0 || r.month.0 > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_to_date_starts_in_january_of_the_reports_year() {
        assert_eq!(year_start(202612), 202601);
        assert_eq!(year_start(202601), 202601);
    }
}
