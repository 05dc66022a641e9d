//! Pages anyone may open: the portal, login, preferences, health.

pub mod board;
pub mod follow_up;
pub mod health;
pub mod home;
pub mod kept_photos;
pub mod letters;
pub mod login;
pub mod mediation;
pub mod notify_stop;
pub mod place_picker;
pub mod prefs;
pub mod projects;
pub mod register;
pub mod respond;
pub mod track;
pub mod vote_notice;
