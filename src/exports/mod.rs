//! Exports of the staff lists as CSV and XLSX (DESIGN.md §7 Exports, §10).
//!
//! A list is exported through a [`RowSource`]: it reads the rows in
//! keyset-paged chunks, each with a fresh pooled connection, and turns them
//! into typed [`Cell`]s. The writers (`csv_out`, `xlsx_out`) run on a
//! blocking thread and hand the file to the response through a bounded
//! channel (`stream`), so a million rows are never held in memory and a
//! slow client holds no database connection while it reads.
//!
//! Personal data is masked by the sources unless the export was asked for
//! unmasked (an audited admin action); every text cell is neutralised
//! against formula injection by the writers.

pub mod cases;
mod csv_out;
pub mod letters;
pub mod monthly_report;
pub mod referrals;
pub mod stream;
pub mod tables;
mod xlsx_out;

use crate::db::DbConn;
use crate::i18n::Lang;

/// How many rows one chunk reads: small enough to keep memory flat, large
/// enough that the per-query cost does not dominate.
pub const CHUNK: i64 = 500;

/// The file formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// What kind of value a column holds, so XLSX can type its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Date,
}

/// A column: the catalogue key of its header, its kind and its width in
/// XLSX (in characters).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub label_key: &'static str,
    pub kind: Kind,
    pub width: u16,
}

pub const fn column(label_key: &'static str, kind: Kind, width: u16) -> Column {
    Column { label_key, kind, width }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    /// A China calendar day; `None` leaves the cell empty.
    Date(Option<time::Date>),
}

impl Cell {
    /// The day of a timestamp, in China.
    pub fn day(ts: Option<i64>) -> Cell {
        Cell::Date(ts.and_then(crate::dates::china_date))
    }
}

pub type Row = Vec<Cell>;

/// The rows of one export, read a chunk at a time.
pub trait RowSource: Send + 'static {
    fn columns(&self) -> &'static [Column];

    /// The next rows; an empty chunk ends the export.
    fn next_chunk(&mut self, conn: &mut DbConn, lang: Lang) -> diesel::QueryResult<Vec<Row>>;
}

/// The header cells in the user's language.
pub fn headers(columns: &[Column], lang: Lang) -> Vec<String> {
    columns.iter().map(|c| crate::i18n::t(lang, c.label_key)).collect()
}

/// The name a download is saved under: `cases-2026-12-01.csv`.
pub fn file_name(stem: &str, format: Format, now: i64) -> String {
    format!("{stem}-{}.{}", crate::dates::date(now), format.extension())
}
