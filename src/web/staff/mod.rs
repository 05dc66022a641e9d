//! Pages for coordinators and mediators.

pub mod area;
pub mod ballots;
pub mod cases;
pub mod code_slips;
pub mod codes;
pub mod dashboard;
pub mod exports;
pub mod letters;
pub mod library;
pub mod places;
pub mod places_import;
pub mod projects;
pub mod screenings;
pub mod stats;
pub mod waiting;
