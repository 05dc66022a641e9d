//! Renovation projects for coordinators (own street) and admins.

pub mod evidence;
pub mod list;
pub mod offline;
pub mod page;
