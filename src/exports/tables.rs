//! One table of the statistics dashboard as CSV or XLSX (issue 13). A
//! dashboard table is small (dozens of rows, bounded by the catalogues and
//! places), so it is written in memory. Counts are numbers; rates stay as
//! the page writes them ("66.7%", "—" for no rate), so the file says what
//! the page says. Text is neutralised against formula injection.

use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use super::{Cell, Row, csv_out};
use crate::domain::spreadsheet_text::neutralise;

/// The CSV: a byte-order mark (Excel reads the Chinese right), the header
/// and the rows.
pub fn csv(headers: &[String], rows: &[Row]) -> csv::Result<Vec<u8>> {
    let mut out = csv_out::header(headers)?;
    out.extend(csv_out::rows(rows)?);
    Ok(out)
}

/// A column wide enough for its longest text (CJK characters count
/// double), within bounds.
fn width(headers: &[String], rows: &[Row], col: usize) -> f64 {
    let len = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let widest = rows
        .iter()
        .filter_map(|r| match r.get(col) {
            Some(Cell::Text(t)) => Some(len(t)),
            Some(Cell::Number(n)) => Some(n.to_string().len()),
            _ => None,
        })
        .chain(headers.get(col).map(|h| len(h)))
        .max()
        .unwrap_or(8);
    (widest + 2).clamp(8, 48) as f64
}

/// The workbook's bytes: one sheet, bold frozen header, sized columns.
pub fn xlsx(headers: &[String], rows: &[Row]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = CellFormat::new().set_bold();
    sheet.set_freeze_panes(1, 0)?;
    for (col, header) in headers.iter().enumerate() {
        let c = col as u16;
        sheet.set_column_width(c, width(headers, rows, col))?;
        sheet.write_string_with_format(0, c, neutralise(header).as_ref(), &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, c, neutralise(t).as_ref())?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Cell::Date(Some(d)) => {
                    sheet.write_string(r, c, d.to_string())?;
                }
                Cell::Date(None) => {}
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_text_within_bounds() {
        let headers = vec!["类别".to_owned(), "n".to_owned()];
        let rows = vec![vec![Cell::Text("环境卫生".into()), Cell::Number(12345)]];
        assert_eq!(width(&headers, &rows, 0), 10.0);
        assert_eq!(width(&headers, &rows, 1), 8.0, "at least 8");
        let long = vec![vec![Cell::Text("x".repeat(100)), Cell::Number(1)]];
        assert_eq!(width(&headers, &long, 0), 48.0, "at most 48");
    }

    #[test]
    fn a_csv_table_is_neutralised_and_starts_with_a_bom() {
        let out = csv(&["a".into()], &[vec![Cell::Text("=SUM(A1)".into())]]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("'=SUM(A1)"), "{text}");
    }
}
