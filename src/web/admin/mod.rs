//! District administration: users, audit log, settings (committees, letter
//! categories, the renovation menu, the holiday calendar).

pub mod audit;
mod audit_lines;
pub mod catalogue;
pub mod committees;
pub mod dispute_types;
pub mod holidays;
pub mod home;
pub mod letter_categories;
pub mod mentoring_settings;
pub mod menu;
pub mod method_tags;
pub mod notifications;
pub mod orgs;
pub mod place_contact;
pub mod place_edit;
pub mod place_import;
pub mod places;
pub mod profiles;
pub mod stats;
pub mod studios;
pub mod triage;
pub mod user_actions;
pub mod user_form;
pub mod users;
