//! CSV, written a chunk at a time: the header first, then each chunk of
//! rows as its own piece of the response body.

use super::{Cell, Row};
use crate::domain::spreadsheet_text::neutralise;

/// Excel opens a UTF-8 CSV as the local code page unless it starts with a
/// byte-order mark; with it, Chinese text reads right.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The byte-order mark and the header line.
pub fn header(headers: &[String]) -> csv::Result<Vec<u8>> {
    let mut out = BOM.to_vec();
    out.extend(lines(std::iter::once(
        headers.iter().map(|h| neutralise(h).into_owned()).collect(),
    ))?);
    Ok(out)
}

/// The lines of `rows`, text neutralised, dates as `2026-12-01`.
pub fn rows(rows: &[Row]) -> csv::Result<Vec<u8>> {
    lines(rows.iter().map(|row| row.iter().map(text).collect()))
}

fn lines(records: impl Iterator<Item = Vec<String>>) -> csv::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.write_record(&record)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => neutralise(t).into_owned(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(Some(d)) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        Cell::Date(None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_written_neutralised_and_typed_as_text() {
        let day = time::Date::from_calendar_date(2026, time::Month::December, 1).unwrap();
        let out = rows(&[vec![
            Cell::Text("=1+1".into()),
            Cell::Number(42),
            Cell::Date(Some(day)),
            Cell::Date(None),
            Cell::Text("a,\"b\"".into()),
        ]])
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "'=1+1,42,2026-12-01,,\"a,\"\"b\"\"\"\n"
        );
    }

    #[test]
    fn the_header_starts_with_a_byte_order_mark() {
        let out = header(&["案号".into(), "日期".into()]).unwrap();
        assert!(out.starts_with(BOM));
        assert_eq!(std::str::from_utf8(&out[BOM.len()..]).unwrap(), "案号,日期\n");
    }
}
