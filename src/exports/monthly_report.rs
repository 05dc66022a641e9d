//! The monthly statutory mediation report as XLSX (issue 13): the same
//! rows as the printed page, numbers as numbers (rates as percentages,
//! amounts in 万元 with two decimals), the table header frozen and the
//! columns sized. The report is one small table, so it is written in memory.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::spreadsheet_text::neutralise;
use crate::i18n::{Lang, t};
use crate::statistics::monthly_report::{Figure, MonthlyReport};

/// What the sheet's header says: the unit, the month and the filing day.
pub struct ReportHeading {
    pub title: String,
    pub unit: String,
    pub month: String,
    pub filed_on: String,
}

struct Formats {
    bold: Format,
    rate: Format,
    amount: Format,
}

fn figure(sheet: &mut Worksheet, row: u32, col: u16, value: Figure, f: &Formats) -> Result<(), XlsxError> {
    match value {
        Figure::Count(n) => sheet.write_number(row, col, n as f64)?,
        Figure::Rate(Some(permille)) => sheet.write_number_with_format(row, col, permille as f64 / 1000.0, &f.rate)?,
        // 0/0 has no rate: the cell stays empty rather than showing 0%.
        Figure::Rate(None) => sheet,
        Figure::Amount(cents) => {
            // The same rounding as the page (half up to the hundredth of 万元).
            let hundredths = (cents.max(0) + 5_000) / 10_000;
            sheet.write_number_with_format(row, col, hundredths as f64 / 100.0, &f.amount)?
        }
    };
    Ok(())
}

fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str, format: Option<&Format>) -> Result<(), XlsxError> {
    let value = neutralise(value);
    match format {
        Some(f) => sheet.write_string_with_format(row, col, value.as_ref(), f)?,
        None => sheet.write_string(row, col, value.as_ref())?,
    };
    Ok(())
}

/// The workbook's bytes.
pub fn write(report: &MonthlyReport, heading: &ReportHeading, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        bold: Format::new().set_bold(),
        rate: Format::new().set_num_format("0.0%"),
        amount: Format::new().set_num_format("0.00"),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_column_width(0, 30)?;
    for col in 1..=4 {
        sheet.set_column_width(col, 14)?;
    }
    text(sheet, 0, 0, &heading.title, Some(&f.bold))?;
    let meta = [
        ("stats.report.unit", &heading.unit),
        ("stats.report.month", &heading.month),
        ("stats.report.filed_on", &heading.filed_on),
    ];
    for (i, (key, value)) in meta.iter().enumerate() {
        let row = 1 + i as u32;
        text(sheet, row, 0, &t(lang, key), Some(&f.bold))?;
        text(sheet, row, 1, value, None)?;
    }
    // The table starts on row 5; its header stays in view.
    let header = 4;
    for (col, key) in ["stats.report.item", "stats.report.this_month", "stats.report.ytd"]
        .iter()
        .enumerate()
    {
        text(sheet, header, col as u16, &t(lang, key), Some(&f.bold))?;
    }
    sheet.set_freeze_panes(header + 1, 1)?;
    let mut row = header + 1;
    for line in &report.rows {
        let label = t(lang, &line.label_key);
        let label = if line.indent { format!("  {label}") } else { label };
        text(sheet, row, 0, &label, None)?;
        figure(sheet, row, 1, line.month, &f)?;
        figure(sheet, row, 2, line.ytd, &f)?;
        row += 1;
    }
    row += 1;
    let type_header = [
        "stats.col.type",
        "stats.report.month_accepted",
        "stats.report.month_success",
        "stats.report.ytd_accepted",
        "stats.report.ytd_success",
    ];
    for (col, key) in type_header.iter().enumerate() {
        text(sheet, row, col as u16, &t(lang, key), Some(&f.bold))?;
    }
    for line in &report.types {
        row += 1;
        let name = report.type_labels.label_of_code(lang, &line.code);
        text(sheet, row, 0, &name, None)?;
        let values = [line.month.0, line.month.1, line.ytd.0, line.ytd.1];
        for (i, n) in values.iter().enumerate() {
            figure(sheet, row, 1 + i as u16, Figure::Count(*n), &f)?;
        }
    }
    workbook.save_to_buffer()
}
