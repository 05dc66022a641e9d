//! XLSX through rust_xlsxwriter in its constant-memory mode: each row goes
//! to a temporary file as it is written, so the workbook's memory does not
//! grow with the rows. Numbers are numbers, days are dates in `yyyy-mm-dd`,
//! the header row is bold and frozen, and each column has a set width.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::{Cell, Column, Row};
use crate::domain::spreadsheet_text::neutralise;

/// The last row an XLSX sheet can hold (1,048,576 rows, 0-based).
const MAX_ROW: u32 = 1_048_575;

pub struct XlsxFile {
    workbook: Workbook,
    next_row: u32,
    date: Format,
}

impl XlsxFile {
    /// A workbook with one sheet and its header; temporary files go to `tmp`.
    pub fn new(columns: &[Column], headers: &[String], tmp: &Path) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(tmp)?;
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_freeze_panes(1, 0)?;
        for (i, column) in columns.iter().enumerate() {
            sheet.set_column_width(i as u16, column.width)?;
        }
        for (i, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, i as u16, neutralise(header).as_ref(), &bold)?;
        }
        Ok(XlsxFile {
            workbook,
            next_row: 1,
            date: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    /// Writes `rows` below the ones already written. Rows past the last
    /// one a sheet can hold are left out; false says so.
    pub fn append(&mut self, rows: &[Row]) -> Result<bool, XlsxError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        for row in rows {
            if self.next_row > MAX_ROW {
                return Ok(false);
            }
            for (i, cell) in row.iter().enumerate() {
                let col = i as u16;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(self.next_row, col, neutralise(t).as_ref())?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(self.next_row, col, *n as f64)?;
                    }
                    Cell::Date(Some(d)) => {
                        let day = ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.month()), d.day())?;
                        sheet.write_datetime_with_format(self.next_row, col, &day, &self.date)?;
                    }
                    Cell::Date(None) => {}
                }
            }
            self.next_row += 1;
        }
        Ok(true)
    }

    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        self.workbook.save(path)
    }
}
