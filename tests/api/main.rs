//! Every black-box HTTP test in one binary: one link after each change in
//! `src/` instead of one per file, and helpers shared as modules rather than
//! copied in by `#[path]`. Each module is named after the part of the app it
//! drives; run one with `cargo test --test api <module>::`.
//! The browser journeys stay apart in `tests/browser/` (feature `browser-tests`).

mod helpers;

mod access;
mod admin_places;
mod admin_users;
mod audit_words;
mod case_records;
mod catalogues;
mod committees;
mod csrf_and_headers;
mod database;
mod demo;
mod exports;
mod follow_up;
mod language_and_display;
mod login;
mod mailbox;
mod mediation;
mod mediation_agreements;
mod mentoring;
mod monthly_report;
mod notifications;
mod operations;
mod page_walk;
mod phones;
mod place_contacts;
mod portal;
mod referrals;
mod renovation;
mod resident_account;
mod routes;
mod screenings;
mod seed_bench;
mod staff_ux;
mod statistics;
mod statistics_figures;
mod statistics_people;
mod timeline_words;
