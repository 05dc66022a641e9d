//! The mailbox queue, the letter page, its photos and actions (`/staff/letters`).

pub mod actions;
pub mod export;
pub mod list;
pub mod page;
pub mod photos;
