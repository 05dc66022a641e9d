//! Stopping notifications: by the link in every message (a token naming
//! the message, signed with the instance secret, so nobody can stop
//! someone else's messages by guessing), or from "我的" for an account.
//! Either way the address's keyed hash is recorded, what still waits for
//! it is cancelled, and an audit row says so.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::Outbox;
use crate::auth::tokens::hmac_hex;
use crate::db::audit::{self, AuditActor};
use crate::db::{DbConn, DbError, notification_opt_outs, notifications, now_ts, write_tx};

/// Characters of the signature kept in the link: 128 bits.
const SIGNATURE_LEN: usize = 32;

/// `<notification id>.<signature>`: what the stop link carries.
pub fn link_token(outbox: &Outbox, notification_id: &str) -> String {
    format!("{notification_id}.{}", signature(outbox, notification_id))
}

fn signature(outbox: &Outbox, id: &str) -> String {
    hmac_hex(outbox.secret(), &format!("yuanba notify stop v1:{id}"))[..SIGNATURE_LEN].to_owned()
}

/// The notification a token names, if its signature is right.
pub fn verify(outbox: &Outbox, token: &str) -> Option<String> {
    let (id, given) = token.split_once('.')?;
    let expected = signature(outbox, id);
    // Compared in constant time: the signature must not be learnt byte by byte.
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then(|| id.to_owned())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    Now,
    Already,
    /// The token is forged, or its message was purged.
    Unknown,
}

/// The stop link's POST.
pub fn stop_by_token(conn: &mut DbConn, outbox: &Outbox, token: &str, actor: &AuditActor) -> Result<Stopped, DbError> {
    let Some(id) = verify(outbox, token) else {
        return Ok(Stopped::Unknown);
    };
    let Some(row) = notifications::find(conn, &id)? else {
        return Ok(Stopped::Unknown);
    };
    record(conn, &row.address_hash, None, actor, Some(("notification", &id)))
}

/// The stop link's "resume" POST: undoes an opt-out recorded through a
/// stop link (whoever holds the message holds the phone). An opt-out an
/// account recorded on "我的" is that account's to undo. False when nothing
/// was undone; None for a forged token or a purged message.
pub fn resume_by_token(
    conn: &mut DbConn,
    outbox: &Outbox,
    token: &str,
    actor: &AuditActor,
) -> Result<Option<bool>, DbError> {
    let Some(id) = verify(outbox, token) else {
        return Ok(None);
    };
    let Some(row) = notifications::find(conn, &id)? else {
        return Ok(None);
    };
    let resumed = write_tx(conn, |conn| {
        let gone = notification_opt_outs::remove_link_opt_out(conn, &row.address_hash)?;
        if gone {
            audit::record(conn, actor, "notification.opt_in", Some(("notification", &id)), "")?;
        }
        Ok::<_, DieselError>(gone)
    })?;
    Ok(Some(resumed))
}

/// Messages to an account's phone number, as "我的" shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountSetting {
    On,
    /// Switched off on "我的" by this account: it can switch them on again.
    OffHere,
    /// Stopped by the link in a message (or by another account): only that
    /// link undoes it, so "我的" says so and offers no button.
    OffElsewhere,
}

pub fn account_setting(
    conn: &mut DbConn,
    outbox: &Outbox,
    login: &str,
    user_id: &str,
) -> Result<AccountSetting, DbError> {
    Ok(
        match notification_opt_outs::set_by(conn, &outbox.address_hash(login))? {
            None => AccountSetting::On,
            Some(Some(by)) if by == user_id => AccountSetting::OffHere,
            Some(_) => AccountSetting::OffElsewhere,
        },
    )
}

/// The setting on "我的": off records an opt-out for the account's phone
/// number, on removes it. Audited either way.
pub fn set_for_account(
    conn: &mut DbConn,
    outbox: &Outbox,
    login: &str,
    user_id: &str,
    wanted: bool,
    actor: &AuditActor,
) -> Result<(), DbError> {
    let hash = outbox.address_hash(login);
    if !wanted {
        return record(conn, &hash, Some(user_id), actor, Some(("user", user_id))).map(|_| ());
    }
    write_tx(conn, |conn| {
        if notification_opt_outs::remove(conn, &hash, user_id)? {
            audit::record(conn, actor, "notification.opt_in", Some(("user", user_id)), "")?;
        }
        Ok(())
    })
}

fn record(
    conn: &mut DbConn,
    hash: &str,
    set_by: Option<&str>,
    actor: &AuditActor,
    target: Option<(&str, &str)>,
) -> Result<Stopped, DbError> {
    let result = write_tx(conn, |conn| {
        if !notification_opt_outs::add(conn, hash, now_ts(), set_by)? {
            return Ok(Stopped::Already);
        }
        let cancelled = notifications::cancel_waiting_for(conn, hash)?;
        audit::record(
            conn,
            actor,
            "notification.opt_out",
            target,
            &format!("cancelled={cancelled}"),
        )?;
        Ok::<_, DieselError>(Stopped::Now)
    });
    match result {
        // A twin request recorded it between our check and our insert.
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(Stopped::Already),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_with_its_own_signature_and_key() {
        let outbox = Outbox::new(&[3u8; 32], None);
        let token = link_token(&outbox, "n-1");
        assert_eq!(verify(&outbox, &token).as_deref(), Some("n-1"));
        assert_eq!(verify(&outbox, &token.replace("n-1", "n-2")), None);
        assert_eq!(verify(&Outbox::new(&[4u8; 32], None), &token), None);
        assert_eq!(verify(&outbox, "n-1"), None);
        assert_eq!(verify(&outbox, "n-1."), None);
    }
}
