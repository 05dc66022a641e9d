//! Staff actions on a letter: assign, reply, note, change status. Each one
//! checks access, is written only against the version the user saw, leaves
//! a timeline event, and (where sensitive) an audit row.

use super::{MailboxError, Viewer, may_handle};
use crate::db::audit::{self, AuditActor};
use crate::db::letter_events::{self, LetterEvent};
use crate::db::letters::{self, Letter, LetterUpdate};
use crate::db::{self, DbConn, projects, users};
use crate::domain::letters::{
    ChangeError, LetterEventKind, LetterStatus, MAX_BODY, MAX_REPLY, StatusChange, check_change,
};
use crate::domain::role::Role;
use crate::notify::{Outbox, recipients as notify};

/// Who acts, on what, having seen which version.
pub struct ActionCtx<'a> {
    pub letter_id: &'a str,
    pub viewer: &'a Viewer,
    pub seen_version: i32,
    pub actor: &'a AuditActor,
    /// Where the resident's notification is written, in the same transaction.
    pub outbox: &'a Outbox,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Someone else changed the letter first.
    Conflict,
    /// The change breaks a rule: (form field, catalogue key).
    Refused(&'static str, &'static str),
}

/// Loads the letter the viewer may handle, or says why not.
pub fn load_for(conn: &mut DbConn, viewer: &Viewer, id: &str) -> Result<Letter, MailboxError> {
    let letter = letters::find(conn, id)?.ok_or(MailboxError::NotFound)?;
    if may_handle(viewer, &letter) {
        Ok(letter)
    } else {
        Err(MailboxError::Forbidden)
    }
}

/// Runs `change` on the letter in one transaction; `change` edits the
/// update and returns the event to append, or a refusal. Anything but
/// `Done` rolls the whole transaction back (see `db::change_tx`), so a
/// refused or lost change leaves no row behind.
fn apply(
    conn: &mut DbConn,
    ctx: &ActionCtx<'_>,
    change: impl FnOnce(&mut DbConn, &Letter, &mut LetterUpdate) -> Result<Result<LetterEvent, Outcome>, MailboxError>,
) -> Result<Outcome, MailboxError> {
    db::change_tx(conn, |conn| {
        let letter = load_for(conn, ctx.viewer, ctx.letter_id)?;
        if letter.version != ctx.seen_version {
            return Ok(Outcome::Conflict);
        }
        let now = db::now_ts();
        let mut update = LetterUpdate::of(&letter, now);
        let event = match change(conn, &letter, &mut update)? {
            Ok(event) => event,
            Err(refused) => return Ok(refused),
        };
        if !letters::update_versioned(conn, &letter.id, ctx.seen_version, &update)? {
            return Ok(Outcome::Conflict);
        }
        letter_events::append(conn, &event)?;
        // The row was written against the version read above, so `letter`
        // is exactly what this change moved the counters from.
        let before = crate::statistics::letter_index::facts(&letter);
        crate::statistics::letter_index::record_change(conn, &letter.id, Some(&before))?;
        Ok(Outcome::Done)
    })
}

impl db::TxVerdict for Outcome {
    fn commits(&self) -> bool {
        *self == Outcome::Done
    }
}

fn event(ctx: &ActionCtx<'_>, kind: LetterEventKind, public: bool, body: &str) -> LetterEvent {
    let mut e = LetterEvent::new(
        ctx.letter_id,
        kind,
        public,
        (Some(ctx.viewer.id.as_str()), ctx.actor.label.as_str()),
        db::now_ts(),
    );
    e.body = body.to_owned();
    e
}

fn text(raw: &str) -> Result<String, Outcome> {
    let value = raw.trim();
    if value.is_empty() {
        Err(Outcome::Refused("body", "form.error.required"))
    } else if value.chars().count() > MAX_REPLY {
        Err(Outcome::Refused("body", "form.error.too_long"))
    } else {
        Ok(value.to_owned())
    }
}

/// A public reply: the resident reads it on the tracking page. Replying
/// also acknowledges the letter.
pub fn reply(conn: &mut DbConn, ctx: &ActionCtx<'_>, body: &str) -> Result<Outcome, MailboxError> {
    apply(conn, ctx, |conn, letter, update| {
        let body = match text(body) {
            Ok(b) => b,
            Err(refused) => return Ok(Err(refused)),
        };
        update.acknowledged_at = letter.acknowledged_at.or(Some(update.updated_at));
        audit::record(conn, ctx.actor, "letter.reply", Some(("letter", &letter.id)), "")?;
        notify::letter_reply(conn, ctx.outbox, letter, update.updated_at)?;
        Ok(Ok(event(ctx, LetterEventKind::Reply, true, &body)))
    })
}

/// An internal note: staff only, never public.
pub fn note(conn: &mut DbConn, ctx: &ActionCtx<'_>, body: &str) -> Result<Outcome, MailboxError> {
    apply(conn, ctx, |_, _, _| {
        Ok(text(body).map(|b| event(ctx, LetterEventKind::Note, false, &b)))
    })
}

/// Assigns the letter to a coordinator of its street (or nobody).
pub fn assign(conn: &mut DbConn, ctx: &ActionCtx<'_>, assignee: &str) -> Result<Outcome, MailboxError> {
    apply(conn, ctx, |conn, letter, update| {
        let assignee = assignee.trim();
        if assignee.is_empty() {
            update.assigned_to = None;
        } else {
            let ok = users::find(conn, assignee)?.is_some_and(|u| {
                u.role() == Role::Coordinator && !u.disabled && u.area_id.as_deref() == Some(letter.street_id.as_str())
            });
            if !ok {
                return Ok(Err(Outcome::Refused("assignee", "form.error.choose")));
            }
            update.assigned_to = Some(assignee.to_owned());
        }
        audit::record(conn, ctx.actor, "letter.assign", Some(("letter", &letter.id)), assignee)?;
        Ok(Ok(event(ctx, LetterEventKind::Assign, false, assignee)))
    })
}

/// A status change with its reason; the reason is public, since the
/// resident is owed an explanation (a refusal above all).
pub fn change_status(conn: &mut DbConn, ctx: &ActionCtx<'_>, change: &StatusChange) -> Result<Outcome, MailboxError> {
    apply(conn, ctx, |conn, letter, update| {
        let from = letter.status();
        if let Err(e) = check_change(from, change) {
            return Ok(Err(Outcome::Refused(status_field(e), e.key())));
        }
        // The link and the project belong to their own statuses only, and
        // later changes (adopted → done, say) keep them.
        if let Some(other) = change
            .duplicate_of
            .as_ref()
            .filter(|_| change.to == LetterStatus::Duplicate)
        {
            if !valid_duplicate_target(conn, letter, other)? {
                return Ok(Err(Outcome::Refused("duplicate_of", "letter.error.duplicate_required")));
            }
            update.duplicate_of = Some(other.clone());
        }
        if change.to == LetterStatus::Adopted {
            let project = change.project_id.as_deref().unwrap_or("").trim();
            if !valid_project(conn, ctx.viewer, letter, project)? {
                return Ok(Err(Outcome::Refused("project_id", "letter.error.project")));
            }
            update.project_id = Some(project.to_owned());
        }
        let now = update.updated_at;
        update.status = change.to;
        if change.to.acknowledges() {
            update.acknowledged_at = letter.acknowledged_at.or(Some(now));
        }
        update.resolved_at = if change.to.resolves() {
            letter.resolved_at.or(Some(now))
        } else {
            None
        };
        let detail = format!("{}->{}", from.code(), change.to.code());
        audit::record(conn, ctx.actor, "letter.status", Some(("letter", &letter.id)), &detail)?;
        notify::letter_status(conn, ctx.outbox, letter, change.to, now)?;
        let mut e = event(ctx, LetterEventKind::Status, true, change.reason.trim());
        e.from_status = Some(from);
        e.to_status = Some(change.to);
        Ok(Ok(e))
    })
}

fn status_field(e: ChangeError) -> &'static str {
    match e {
        ChangeError::DuplicateRequired => "duplicate_of",
        ChangeError::ProjectRequired => "project_id",
        ChangeError::NotAllowed => "to",
        _ => "reason",
    }
}

/// An adoption links a project of the letter's street (a suggestion may
/// feed a neighbouring compound's works), and a coordinator only one of
/// their own area: checked here, not trusted from the form's choices.
fn valid_project(conn: &mut DbConn, viewer: &Viewer, letter: &Letter, id: &str) -> diesel::QueryResult<bool> {
    let Some(project) = projects::find(conn, id)? else {
        return Ok(false);
    };
    let own_area = viewer.role == Role::Admin || viewer.area_id.as_deref() == Some(project.street_id.as_str());
    Ok(own_area && project.street_id == letter.street_id)
}

/// A duplicate points at another existing letter of the same street.
fn valid_duplicate_target(conn: &mut DbConn, letter: &Letter, other: &str) -> diesel::QueryResult<bool> {
    if other == letter.id {
        return Ok(false);
    }
    Ok(letters::find(conn, other)?.is_some_and(|o| o.street_id == letter.street_id))
}

/// Approves the text the public board shows for this letter, as staff
/// edited or redacted it (`Some`), or withdraws it (`None`). Audited and
/// versioned like every action; the timeline keeps the approved text for
/// staff (an internal event).
pub fn publish(conn: &mut DbConn, ctx: &ActionCtx<'_>, text: Option<&str>) -> Result<Outcome, MailboxError> {
    apply(conn, ctx, |conn, letter, update| {
        let text = match text.map(public_text) {
            Some(Ok(t)) => Some(t),
            Some(Err(refused)) => return Ok(Err(refused)),
            None => None,
        };
        let action = if text.is_some() {
            "letter.publish"
        } else {
            "letter.unpublish"
        };
        audit::record(conn, ctx.actor, action, Some(("letter", &letter.id)), "")?;
        let body = text.clone().unwrap_or_default();
        update.public_body = text;
        let kind = if update.public_body.is_some() {
            LetterEventKind::Publish
        } else {
            LetterEventKind::Unpublish
        };
        Ok(Ok(event(ctx, kind, false, &body)))
    })
}

fn public_text(raw: &str) -> Result<String, Outcome> {
    let value = raw.trim();
    if value.is_empty() {
        Err(Outcome::Refused("body", "form.error.required"))
    } else if value.chars().count() > MAX_BODY {
        Err(Outcome::Refused("body", "letter.error.body_long"))
    } else {
        Ok(value.to_owned())
    }
}
