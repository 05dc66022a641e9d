//! A resident's letter: stored with its photos and a receipt code in one
//! transaction guarded by the form's one-time token.

use crate::db::audit::{self, AuditActor};
use crate::db::letter_events::{self, LetterEvent};
use crate::db::letter_pending_photos;
use crate::db::letter_photos::{self, LetterPhoto};
use crate::db::letters::{self, Letter};
use crate::db::{self, DbConn, DbError, form_tokens, letter_categories};
use crate::domain::letters::{LetterEventKind, LetterInput, LetterStatus, clocks};
use crate::receipts::receipt_hash;
use crate::uploads::StoredFile;

pub struct Submission<'a> {
    pub input: &'a LetterInput,
    /// Written to disk already, waiting for their rows (see `uploads`):
    /// copies of the form's kept photos first, then those of this post.
    pub photos: &'a [StoredFile],
    /// The kept photos (`letter_pending_photos`) the copies were made of;
    /// their rows go in this transaction.
    pub pending_ids: &'a [String],
    pub form_token: &'a str,
    pub receipt_code: &'a str,
    pub submitted_by: Option<&'a str>,
    pub actor: &'a AuditActor,
}

#[derive(Debug)]
pub struct Submitted {
    pub letter_id: String,
    /// True when the form had been sent before: nothing new was stored, and
    /// the caller must discard the files it wrote for this attempt.
    pub repeated: bool,
}

pub fn submit(conn: &mut DbConn, sub: Submission<'_>) -> Result<Submitted, DbError> {
    let letter_id = db::new_id();
    db::write_tx(conn, |conn| {
        if let Some(previous) = form_tokens::claim(conn, sub.form_token, &letter_id)? {
            return Ok(Submitted {
                letter_id: previous,
                repeated: true,
            });
        }
        // A kept photo removed or sent by a concurrent post: store nothing
        // rather than a letter with a photo the resident no longer meant.
        if !letter_pending_photos::take(conn, sub.form_token, sub.pending_ids)? {
            return Err(diesel::result::Error::RollbackTransaction.into());
        }
        let category = letter_categories::find(conn, &sub.input.category)?.ok_or(diesel::result::Error::NotFound)?;
        let now = db::now_ts();
        let letter = new_letter(
            &letter_id,
            &sub,
            clocks(now, category.ack_days, category.resolve_days),
            now,
        );
        letters::insert(conn, &letter)?;
        for (i, photo) in sub.photos.iter().enumerate() {
            letter_photos::insert(conn, &photo_row(&letter_id, i, photo, now))?;
        }
        let mut event = LetterEvent::new(
            &letter_id,
            LetterEventKind::Status,
            true,
            (sub.submitted_by, "resident"),
            now,
        );
        event.to_status = Some(LetterStatus::Received);
        letter_events::append(conn, &event)?;
        crate::statistics::letter_index::record_change(conn, &letter_id, None)?;
        audit::record(
            conn,
            sub.actor,
            "letter.submit",
            Some(("letter", &letter_id)),
            &letter.category,
        )?;
        Ok(Submitted {
            letter_id: letter_id.clone(),
            repeated: false,
        })
    })
}

fn new_letter(id: &str, sub: &Submission<'_>, clocks: crate::domain::letters::Clocks, now: i64) -> Letter {
    let input = sub.input;
    Letter {
        id: id.to_owned(),
        street_id: input.place.street_id.clone(),
        community_id: input.place.community_id.clone(),
        place_detail: input.place_detail.clone(),
        category: input.category.clone(),
        body: input.body.clone(),
        contact_name: input.contact_name.clone(),
        contact_phone: input.contact_phone.clone(),
        consent: input.consent,
        status: LetterStatus::Received,
        receipt_hash: receipt_hash(sub.receipt_code).unwrap_or_default(),
        form_token: sub.form_token.to_owned(),
        submitted_by: sub.submitted_by.map(str::to_owned),
        assigned_to: None,
        duplicate_of: None,
        project_ref: String::new(),
        ack_due_at: clocks.ack_due_at,
        resolve_due_at: clocks.resolve_due_at,
        acknowledged_at: None,
        resolved_at: None,
        support_count: 0,
        version: 1,
        created_at: now,
        updated_at: now,
        place_id: Some(input.place.place_id.clone()),
        compound_id: input.place.compound_id.clone(),
        project_id: None,
        public_body: None,
    }
}

fn photo_row(letter_id: &str, index: usize, photo: &StoredFile, now: i64) -> LetterPhoto {
    LetterPhoto {
        id: db::new_id(),
        letter_id: letter_id.to_owned(),
        position: index as i32 + 1,
        stored_name: photo.stored_name.clone(),
        mime: photo.mime.clone(),
        size_bytes: photo.size_bytes,
        created_at: now,
    }
}
