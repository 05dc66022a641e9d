//! Notifications to residents (issue 14 item 2): written in the same
//! transaction as the change, delivered by the worker through a local SMS
//! gateway or SMTP relay started by the test, retried with back-off and
//! then shown to an admin, stopped by the resident, and never sent twice
//! by two app instances on one database.

mod delivery;
mod leases;
mod opt_out;
mod outbox_rows;

use std::time::Duration;

use crate::helpers::sinks::HttpSink;
use crate::helpers::*;
use yuanba::db::notifications::{self, Notification};
use yuanba::domain::notification::{ChannelKind, ObjectKind, Retry};
use yuanba::notify::config::{DEFAULT_SMS_TEMPLATE, SmsConfig};

/// The phone number `send_letter` and `apply_online` leave.
pub const PHONE: &str = "13812345678";

/// An app whose worker delivers through the HTTP sink, quickly, giving up
/// after `max_attempts` (back-off of a millisecond, rounded up to the
/// table's second).
pub async fn app_with_gateway(sink: &HttpSink, max_attempts: i32) -> TestApp {
    let url = sink.url.clone();
    spawn_app_with(move |c| {
        c.notify.channel = Some(ChannelKind::Sms);
        c.notify.sms = Some(SmsConfig {
            url,
            body_template: DEFAULT_SMS_TEMPLATE.to_owned(),
        });
        c.notify.worker = true;
        c.notify.poll = Duration::from_millis(50);
        c.notify.retry = Retry {
            max_attempts,
            base_ms: 1,
            cap_ms: 1,
        };
    })
    .await
}

pub fn rows_for_letter(app: &TestApp, letter_id: &str) -> Vec<Notification> {
    notifications::for_object(&mut app.conn(), ObjectKind::Letter, letter_id).unwrap()
}

pub fn rows_for_case(app: &TestApp, case_id: &str) -> Vec<Notification> {
    notifications::for_object(&mut app.conn(), ObjectKind::Case, case_id).unwrap()
}

/// The token of the stop link in an SMS text.
pub fn stop_token(text: &str) -> String {
    let (_, rest) = text
        .split_once("/notifications/stop/")
        .expect("the message has a stop link");
    rest.split_whitespace().next().unwrap().to_owned()
}
