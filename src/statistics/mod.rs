//! Statistics (DESIGN.md §7, issue 13): the counters kept with the cases
//! (`index`) and the read model every page, export and API reads
//! (`dashboard`), so they cannot disagree.

pub mod dashboard;
pub mod index;
pub mod monthly_report;
pub mod people;
pub mod renovation;
