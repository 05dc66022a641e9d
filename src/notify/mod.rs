//! Notifications to residents (issue 14 item 2, DESIGN.md §4.5): an outbox
//! written in the same transaction as the change it announces, delivered
//! by a background worker through a pluggable channel (log, SMTP, SMS
//! gateway), with an opt-out link in every message.
//!
//! Layers: `domain::notification` holds the vocabularies and the back-off
//! rule; `db::notifications` the outbox rows and their leases; this module
//! decides who is told (`recipients`), what they read (`message`), how it
//! leaves (`channels`) and runs the delivery loop (`worker`).

pub mod channels;
pub mod config;
pub mod message;
pub mod opt_out;
pub mod recipients;
pub mod worker;

use diesel::QueryResult;

use crate::auth::field_crypto::FieldCipher;
use crate::auth::tokens::hmac_hex;
use crate::db::notifications::{self, Notification};
use crate::db::{DbConn, new_id, notification_opt_outs};
use crate::domain::notification::{ChannelKind, NotificationState, NotificationTemplate, ObjectKind, RecipientKind};

pub use config::NotifyConfig;

/// What the use cases need to write outbox rows: the channel new rows go
/// through (none: notifications are off) and the keys that seal and hash
/// addresses. Built once at start-up; every instance sharing the session
/// secret reads the others' rows.
pub struct Outbox {
    channel: Option<ChannelKind>,
    cipher: FieldCipher,
    secret: Vec<u8>,
}

/// One person to tell: how we reach them, and their account if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub kind: RecipientKind,
    /// A phone number or e-mail address, as stored on the record.
    pub address: String,
    pub user_id: Option<String>,
}

/// What to tell, about which record.
pub struct Announcement<'a> {
    pub template: NotificationTemplate,
    /// Codes and numbers only (a status code, a case number): no free text.
    pub params: serde_json::Value,
    pub object: (ObjectKind, &'a str),
}

impl Outbox {
    pub fn new(secret: &[u8], channel: Option<ChannelKind>) -> Self {
        Outbox {
            channel,
            cipher: FieldCipher::from_secret(secret),
            secret: secret.to_vec(),
        }
    }

    /// Writes nothing (the demo seeder, tools that replay changes).
    pub fn off() -> Self {
        Outbox::new(&[0u8; 32], None)
    }

    /// The keyed hash opt-outs are matched on. Spaces and dashes do not
    /// make another address, nor does the case of an e-mail address.
    pub fn address_hash(&self, address: &str) -> String {
        let normalised: String = address
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        hmac_hex(&self.secret, &format!("yuanba notify address v1:{normalised}"))
    }

    pub fn open_address(&self, row: &Notification) -> Option<String> {
        self.cipher.open(&row.address_sealed)
    }

    /// The key of the opt-out links (`opt_out::link_token`).
    pub(crate) fn secret(&self) -> &[u8] {
        &self.secret
    }
}

/// Writes one row per recipient who has not opted out (the same address
/// once). Must run inside the transaction of the change it announces, so a
/// change rolled back leaves no message behind, and a message is never
/// sent for a change that did not happen.
pub fn enqueue(
    conn: &mut DbConn,
    outbox: &Outbox,
    recipients: &[Recipient],
    what: &Announcement<'_>,
    now: i64,
) -> QueryResult<usize> {
    let Some(channel) = outbox.channel else {
        return Ok(0);
    };
    let mut seen = Vec::new();
    for r in recipients.iter().filter(|r| !r.address.trim().is_empty()) {
        let hash = outbox.address_hash(&r.address);
        if seen.contains(&hash) || notification_opt_outs::is_opted_out(conn, &hash)? {
            continue;
        }
        notifications::insert(conn, &row(outbox, channel, r, &hash, what, now))?;
        seen.push(hash);
    }
    Ok(seen.len())
}

fn row(
    outbox: &Outbox,
    channel: ChannelKind,
    r: &Recipient,
    hash: &str,
    what: &Announcement<'_>,
    now: i64,
) -> Notification {
    Notification {
        id: new_id(),
        recipient_kind: r.kind,
        recipient_user_id: r.user_id.clone(),
        address_sealed: outbox.cipher.seal(r.address.trim()),
        address_hash: hash.to_owned(),
        channel,
        template: what.template,
        params: what.params.to_string(),
        object_kind: what.object.0,
        object_id: what.object.1.to_owned(),
        state: NotificationState::Pending,
        attempts: 0,
        next_attempt_at: now,
        last_error: String::new(),
        lease_owner: None,
        leased_until: None,
        sent_at: None,
        created_at: now,
    }
}
