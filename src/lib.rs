//! 院坝 Yuanba: renovation consultation and people's mediation for
//! Jiangbei District, Chongqing. See DESIGN.md for the specification.

rust_i18n::i18n!("locales");

pub mod accounts;
pub mod auth;
pub mod backup;
pub mod bench_seed;
pub mod cli;
pub mod config;
pub mod dates;
pub mod db;
pub mod demo;
pub mod domain;
pub mod exports;
pub mod i18n;
pub mod mailbox;
pub mod mediation;
pub mod mentorship;
pub mod notify;
pub mod places;
pub mod receipts;
pub mod reference;
pub mod renovation;
pub mod resolution;
pub mod retention;
pub mod reveal;
pub mod settings;
pub mod startup;
pub mod statistics;
pub mod telemetry;
pub mod uploads;
pub mod web;
