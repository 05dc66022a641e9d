//! Who is told about a change: the resident who left a phone number on the
//! record, and the account that sent it (a resident's login is their phone
//! number). Staff-registered cases without an online application have no
//! one to tell here: the committee informs those parties in person.

use diesel::QueryResult;
use serde_json::json;

use super::{Announcement, Outbox, Recipient, enqueue};
use crate::db::cases::Case;
use crate::db::letters::Letter;
use crate::db::{DbConn, case_parties, cases, users};
use crate::domain::letters::LetterStatus;
use crate::domain::mediation::PartyRole;
use crate::domain::notification::{NotificationTemplate, ObjectKind, RecipientKind};
use crate::domain::role::Role;

/// A resident account still in use, as a recipient.
fn account(conn: &mut DbConn, user_id: Option<&str>) -> QueryResult<Option<Recipient>> {
    let Some(id) = user_id else { return Ok(None) };
    Ok(users::find(conn, id)?
        .filter(|u| u.role() == Role::Resident && !u.disabled)
        .map(|u| Recipient {
            kind: RecipientKind::Account,
            address: u.username,
            user_id: Some(id.to_owned()),
        }))
}

/// A number left on the record, when it can take a text message: a
/// landline (`023-67781234转801`) cannot, and would only fail every attempt.
fn phone(number: &str) -> Option<Recipient> {
    let mobile = crate::domain::phone::normalise_mobile(number).ok()?;
    Some(Recipient {
        kind: RecipientKind::Phone,
        address: mobile,
        user_id: None,
    })
}

pub fn for_letter(conn: &mut DbConn, letter: &Letter) -> QueryResult<Vec<Recipient>> {
    let mut out: Vec<Recipient> = account(conn, letter.submitted_by.as_deref())?.into_iter().collect();
    out.extend(phone(&letter.contact_phone));
    Ok(out)
}

/// The applicant of an online application (it has a receipt code, or an
/// account applied): their account and the applicant party's phone.
pub fn for_case(conn: &mut DbConn, case: &Case) -> QueryResult<Vec<Recipient>> {
    if case.receipt_hash.is_none() && case.applicant_user_id.is_none() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Recipient> = account(conn, case.applicant_user_id.as_deref())?.into_iter().collect();
    let parties = case_parties::for_case(conn, &case.id)?;
    if let Some(applicant) = parties.iter().find(|p| p.party_role == PartyRole::Applicant) {
        out.extend(phone(&applicant.phone));
    }
    Ok(out)
}

/// A letter's new status, inside the change's transaction.
pub fn letter_status(
    conn: &mut DbConn,
    outbox: &Outbox,
    letter: &Letter,
    to: LetterStatus,
    now: i64,
) -> QueryResult<()> {
    let Some(template) = crate::domain::notification::letter_status_template(to) else {
        return Ok(());
    };
    let who = for_letter(conn, letter)?;
    let what = Announcement {
        template,
        params: json!({ "status": to.code() }),
        object: (ObjectKind::Letter, &letter.id),
    };
    enqueue(conn, outbox, &who, &what, now).map(|_| ())
}

/// A public reply to a letter, inside the reply's transaction. The reply's
/// text stays on the tracking page; the message only says there is one.
pub fn letter_reply(conn: &mut DbConn, outbox: &Outbox, letter: &Letter, now: i64) -> QueryResult<()> {
    let who = for_letter(conn, letter)?;
    let what = Announcement {
        template: NotificationTemplate::LetterReply,
        params: json!({}),
        object: (ObjectKind::Letter, &letter.id),
    };
    enqueue(conn, outbox, &who, &what, now).map(|_| ())
}

/// A case's public step, inside the transition's transaction, after the
/// case row was updated (an acceptance has its number by then).
pub fn case_step(
    conn: &mut DbConn,
    outbox: &Outbox,
    case_id: &str,
    template: NotificationTemplate,
    now: i64,
) -> QueryResult<()> {
    let Some(case) = cases::find(conn, case_id)? else {
        return Ok(());
    };
    let who = for_case(conn, &case)?;
    let what = Announcement {
        template,
        params: json!({ "case_number": case.case_number.clone().unwrap_or_default() }),
        object: (ObjectKind::Case, case_id),
    };
    enqueue(conn, outbox, &who, &what, now).map(|_| ())
}
