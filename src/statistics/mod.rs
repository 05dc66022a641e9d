//! Statistics (DESIGN.md §7, issue 13): the counters kept with the cases
//! (`index`) and with the letters (`letter_index`), and the read models
//! every page, export and API reads (`dashboard`, `grids`, `mailbox`,
//! `renovation`), so they cannot disagree.

pub mod dashboard;
pub mod grids;
pub mod index;
pub mod letter_index;
pub mod mailbox;
pub mod monthly_report;
pub mod people;
pub mod renovation;
