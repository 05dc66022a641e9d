//! Pages for coordinators and mediators.

pub mod area;
pub mod cases;
pub mod dashboard;
pub mod letters;
