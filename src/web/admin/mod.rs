//! District administration: users, audit log.

pub mod audit;
pub mod committees;
pub mod home;
pub mod letter_categories;
pub mod menu;
pub mod stats;
pub mod user_actions;
pub mod user_form;
pub mod users;
