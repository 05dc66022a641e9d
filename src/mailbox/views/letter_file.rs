//! The staff letter file: the letter, its photos, its whole timeline
//! (internal notes included) and what its action forms offer. The contact
//! details are masked unless the file is loaded with [`Reveal::Unmasked`],
//! which writes the audit row in the same transaction as the load.

use crate::domain::place::PlaceKind;
use serde::Serialize;

use super::{CategoryName, ProjectLink};
use crate::dates::{date, datetime};
use crate::db::letter_events::LetterEvent;
use crate::db::letters::Letter;
use crate::db::{self, DbConn, letter_categories, letter_events, letter_photos, letters, places, projects, users};
use crate::domain::letters::{LetterEventKind, LetterStatus, excerpt};
use crate::domain::public_text::mask_personal_numbers;
use crate::mailbox::actions::load_for;
use crate::mailbox::{MailboxError, Viewer};
use crate::reveal::Reveal;

/// How many other letters the duplicate picker offers.
const DUPLICATE_CHOICES: i64 = 50;
/// How much of another letter the duplicate picker shows.
const DUPLICATE_EXCERPT: usize = 24;

#[derive(Debug, Clone, Serialize)]
pub struct LetterFile {
    pub id: String,
    pub version: i32,
    pub status: LetterStatus,
    pub category: CategoryName,
    /// "street · community · compound · building".
    pub place: String,
    pub place_detail: String,
    pub body: String,
    pub contact: Contact,
    pub created: String,
    pub ack_due: String,
    pub resolve_due: String,
    pub overdue: bool,
    pub support_count: i32,
    /// Positions of the letter's photos.
    pub photos: Vec<i32>,
    pub duplicate_of: String,
    /// The linked project of an adopted letter.
    pub project: Option<ProjectLink>,
    /// Free text from before adoptions linked projects.
    pub project_ref: String,
    /// The approved public text, or (none yet) a draft for staff to edit:
    /// the letter's text with phone and identity numbers masked.
    pub public_draft: String,
    pub published: bool,
    pub assigned_to: Option<String>,
    pub events: Vec<FileEvent>,
    /// Coordinators of the letter's street: whom it may be assigned to.
    pub coordinators: Vec<StaffName>,
    /// Recent other letters of the street: what it may duplicate.
    pub others: Vec<LetterRef>,
    /// Projects of the street an adoption may link, the letter's compound's first.
    pub projects: Vec<ProjectLink>,
}

/// The resident's contact details, as the viewer may see them.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    /// Whether the resident left any contact at all.
    pub given: bool,
    /// Whether `name` and `phone` are shown in full (and audited).
    pub revealed: bool,
}

impl Contact {
    pub fn new(name: &str, phone: &str, reveal: Reveal<'_>) -> Self {
        Contact {
            name: reveal.name(name),
            phone: reveal.phone(phone),
            given: !name.is_empty() || !phone.is_empty(),
            revealed: reveal.is_unmasked(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEvent {
    pub at: String,
    /// The staff member's name, or the label recorded with the event.
    pub actor: String,
    pub kind: LetterEventKind,
    pub to_status: Option<LetterStatus>,
    /// For an assignment, the assignee's name.
    pub body: String,
    pub internal: bool,
}

impl FileEvent {
    pub fn label_key(&self) -> &'static str {
        self.kind.timeline_key(self.to_status)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffName {
    pub id: String,
    pub name: String,
}

/// Another letter, as the duplicate picker lists it.
#[derive(Debug, Clone, Serialize)]
pub struct LetterRef {
    pub id: String,
    pub created_on: String,
    pub excerpt: String,
}

/// The file of a letter the viewer may handle. Unmasked, the load and its
/// audit row commit together, or neither does.
pub fn load(conn: &mut DbConn, viewer: &Viewer, id: &str, reveal: Reveal<'_>) -> Result<LetterFile, MailboxError> {
    if !reveal.is_unmasked() {
        return read(conn, viewer, id, reveal);
    }
    db::write_tx(conn, |conn| {
        let file = read(conn, viewer, id, reveal)?;
        reveal.audit(conn, "letter.contact_view", ("letter", &file.id), "")?;
        Ok(file)
    })
}

fn read(conn: &mut DbConn, viewer: &Viewer, id: &str, reveal: Reveal<'_>) -> Result<LetterFile, MailboxError> {
    let letter = load_for(conn, viewer, id)?;
    let category = CategoryName::find(&letter_categories::all(conn)?, &letter.category);
    let place = place_label(conn, &letter)?;
    let mut street_projects = projects::list(conn, Some(&letter.street_id))?;
    // The letter's own compound's projects come first.
    street_projects.sort_by_key(|p| Some(&p.compound_id) != letter.compound_id.as_ref());
    let coordinators: Vec<StaffName> = users::coordinators_of(conn, &letter.street_id)?
        .into_iter()
        .map(|u| StaffName {
            id: u.id,
            name: u.display_name,
        })
        .collect();
    let events = letter_events::for_letter(conn, &letter.id)?
        .iter()
        .map(|e| file_event(e, &coordinators))
        .collect();
    let others = letters::recent_in_street(conn, &letter.street_id, &letter.id, DUPLICATE_CHOICES)?
        .iter()
        .map(|o| LetterRef {
            id: o.id.clone(),
            created_on: date(o.created_at),
            excerpt: excerpt(&o.body, DUPLICATE_EXCERPT),
        })
        .collect();
    let photos = letter_photos::for_letter(conn, &letter.id)?
        .into_iter()
        .map(|p| p.position)
        .collect();
    let project = letter
        .project_id
        .as_ref()
        .and_then(|id| street_projects.iter().find(|p| p.id == *id))
        .map(ProjectLink::of);
    Ok(LetterFile {
        id: letter.id.clone(),
        version: letter.version,
        status: letter.status(),
        category,
        place,
        place_detail: letter.place_detail.clone(),
        body: letter.body.clone(),
        contact: Contact::new(&letter.contact_name, &letter.contact_phone, reveal),
        created: datetime(letter.created_at),
        ack_due: datetime(letter.ack_due_at),
        resolve_due: datetime(letter.resolve_due_at),
        overdue: letter.is_overdue(db::now_ts()),
        support_count: letter.support_count,
        photos,
        duplicate_of: letter.duplicate_of.clone().unwrap_or_default(),
        project,
        project_ref: letter.project_ref.clone(),
        public_draft: public_draft(&letter),
        published: letter.public_body.is_some(),
        assigned_to: letter.assigned_to.clone(),
        events,
        coordinators,
        others,
        projects: street_projects.iter().map(ProjectLink::of).collect(),
    })
}

/// What the publish form starts from: the approved text, else the letter
/// with personal numbers masked, so nothing is published unmasked by haste.
fn public_draft(letter: &Letter) -> String {
    letter
        .public_body
        .clone()
        .unwrap_or_else(|| mask_personal_numbers(&letter.body))
}

/// An event with names instead of ids: the actor's, and for an assignment
/// the assignee's (a coordinator no longer of the street shows no name).
fn file_event(e: &LetterEvent, coordinators: &[StaffName]) -> FileEvent {
    let name_of = |id: &str| coordinators.iter().find(|c| c.id == id).map(|c| c.name.clone());
    FileEvent {
        at: datetime(e.at),
        actor: e
            .actor_id
            .as_deref()
            .and_then(name_of)
            .unwrap_or_else(|| e.actor_label.clone()),
        kind: e.kind,
        to_status: e.to_status,
        body: if e.kind == LetterEventKind::Assign {
            name_of(&e.body).unwrap_or_default()
        } else {
            e.body.clone()
        },
        internal: !e.public,
    }
}

/// "street · community · compound · building" from the letter's place; a
/// letter from before compounds shows its street and community.
fn place_label(conn: &mut DbConn, letter: &Letter) -> diesel::QueryResult<String> {
    let start = letter
        .place_id
        .clone()
        .or_else(|| letter.community_id.clone())
        .unwrap_or_else(|| letter.street_id.clone());
    let names: Vec<String> = places::lineage(conn, &start)?
        .into_iter()
        .rev()
        .filter(|p| !matches!(p.kind, PlaceKind::District | PlaceKind::Grid))
        .map(|p| p.name)
        .collect();
    Ok(names.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::audit::AuditActor;
    use crate::domain::masking::{mask_name, mask_phone};

    #[test]
    fn contact_is_masked_unless_revealed() {
        let masked = Contact::new("张三丰", "13800001234", Reveal::Masked);
        assert_eq!(masked.name, mask_name("张三丰"));
        assert_eq!(masked.phone, mask_phone("13800001234"));
        assert!(masked.given && !masked.revealed);
        let actor = AuditActor::default();
        let full = Contact::new("张三丰", "13800001234", Reveal::Unmasked { actor: &actor });
        assert_eq!((full.name.as_str(), full.phone.as_str()), ("张三丰", "13800001234"));
        assert!(full.revealed);
        assert!(!Contact::new("", "", Reveal::Masked).given);
    }

    #[test]
    fn events_name_staff_and_assignees() {
        let staff = [StaffName {
            id: "u1".into(),
            name: "李协调".into(),
        }];
        let mut assign = LetterEvent::new("l1", LetterEventKind::Assign, false, (Some("u1"), "li"), 0);
        assign.body = "u1".into();
        let e = file_event(&assign, &staff);
        assert_eq!((e.actor.as_str(), e.body.as_str()), ("李协调", "李协调"));
        assert!(e.internal);
        let mut gone = LetterEvent::new("l1", LetterEventKind::Assign, false, (Some("u9"), "old"), 0);
        gone.body = "u9".into();
        let e = file_event(&gone, &staff);
        assert_eq!((e.actor.as_str(), e.body.as_str()), ("old", ""));
    }
}
