//! The district's settings an admin edits: committees, letter categories,
//! the renovation menu, the holiday calendar. Each change is one transaction with its audit row,
//! so a setting never changes without a record of who changed it.

pub mod committees;
pub mod holidays;
pub mod letter_categories;
pub mod menu;
