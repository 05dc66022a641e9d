//! The case file as staff read it: the case page, the party edit form and
//! the printed documents all load this one view, so what they show cannot
//! drift apart. Personal data is masked here, once, as the [`Reveal`] says,
//! and an unmasked load writes its audit row here, in the transaction that
//! reads the data.

use super::MediationError;
use super::access::{CaseAccess, Viewer, access};
use super::agreement_view::{self, AgreementView};
use super::details::{self, CaseDetails};
use super::transitions::{TransitionInput, archive_items_on_file};
use crate::auth::field_crypto::FieldCipher;
use crate::db::case_ending_notices::{self, EndingNotice};
use crate::db::case_events::{self, CaseEvent};
use crate::db::case_parties::{self, Party};
use crate::db::case_records::{self, CaseRecord};
use crate::db::cases::{self, Case};
use crate::db::judicial::{self, JudicialConfirmation};
use crate::db::mentorship_records::{self as records, Debrief, ReviewComment};
use crate::db::method_tags::{self, MethodTag};
use crate::db::{DbConn, places, users};
use crate::domain::archive_items::{self, CoverLine, Ending, as_needed_on_file};
use crate::domain::id_number::mask_id_number;
use crate::domain::mediation_workflow::{self as workflow, CaseState};
use crate::reveal::Reveal;

/// Why the file is read in full: each reader leaves its own audit row.
#[derive(Debug, Clone, Copy)]
pub enum Purpose<'a> {
    /// The case page's unmasked view.
    Page,
    /// The party edit form, which shows the details it edits.
    PartyEdit,
    /// A printed document (`registration`, `agreement`, `report`).
    Print(&'a str),
}

impl Purpose<'_> {
    /// The audit action and detail of an unmasked read.
    fn audit(&self) -> (&'static str, &str) {
        match self {
            Purpose::Page => ("case.unmask", "parties"),
            Purpose::PartyEdit => ("case.unmask", "party-edit"),
            Purpose::Print(doc) => ("case.print", doc),
        }
    }
}

/// A case the viewer may see, before anything personal is read: callers
/// check what else they require (may edit, document printable) here, so a
/// refusal writes no audit row.
pub struct Opened {
    pub case: Case,
    pub access: CaseAccess,
}

/// The case, or NotFound; Forbidden unless the viewer may see it.
pub fn open(conn: &mut DbConn, viewer: &Viewer, case_id: &str) -> Result<Opened, MediationError> {
    let case = cases::find(conn, case_id)?.ok_or(MediationError::NotFound)?;
    let access = access(conn, viewer, &case)?;
    if !access.can_view {
        return Err(MediationError::Forbidden);
    }
    Ok(Opened { case, access })
}

pub struct CaseFile {
    pub case: Case,
    pub access: CaseAccess,
    pub unmasked: bool,
    /// Names, phones and agents as revealed; the address only in full.
    pub parties: Vec<Party>,
    /// (party id, identity number) as revealed, for parties that gave one.
    pub id_numbers: Vec<(String, String)>,
    pub lead: String,
    pub mentor: String,
    /// Where the dispute happened, from the street down to the finest place known.
    pub location: String,
    /// (user id, name) of the lead, co-mediators and mentor.
    pub team: Vec<(String, String)>,
    pub records: Vec<CaseRecord>,
    pub agreements: Vec<AgreementView>,
    pub judicial: Vec<JudicialConfirmation>,
    /// Follow-up visits, performance status and proofs.
    pub details: CaseDetails,
    pub events: Vec<CaseEvent>,
    /// At the closure review: required archive items still missing, and the
    /// as-needed ones on file. Empty in every other state.
    pub missing_archive: Vec<String>,
    pub as_needed_archive: Vec<String>,
    /// The cover list (卷宗目录) from the closure review on; else empty.
    pub cover: Vec<CoverLine>,
    /// The notices of other remedies given when mediation ended without
    /// agreement, oldest first.
    pub endings: Vec<EndingNotice>,
    /// The reviewers' decisions with their comments, debriefs, and the
    /// oral agreement waiting for the mentor's review (§6).
    pub mentoring: Mentoring,
    /// A court-entrusted case's court facts (issue 16); `None` otherwise.
    pub court: Option<super::court::CourtView>,
}

/// The training side of the case file, with people's names resolved.
#[derive(Default)]
pub struct Mentoring {
    /// (review, reviewer's name), oldest first.
    pub reviews: Vec<(ReviewComment, String)>,
    /// (debrief, the mentor's name when commented), oldest first.
    pub debriefs: Vec<(Debrief, String)>,
    /// Days since the oral agreement entered the mentor's queue, while pending.
    pub oral_pending_days: Option<i64>,
    /// Every working method (offered and retired), the case's tag ids, and
    /// (debrief id, tag id) of its debriefs.
    pub all_tags: Vec<MethodTag>,
    pub case_tags: Vec<String>,
    pub debrief_tags: Vec<(String, String)>,
}

fn mentoring(conn: &mut DbConn, case_id: &str) -> Result<Mentoring, MediationError> {
    let mut reviews = Vec::new();
    for r in records::reviews_for_case(conn, case_id)? {
        let name = name_of(conn, Some(&r.reviewer_id))?;
        reviews.push((r, name));
    }
    let mut debriefs = Vec::new();
    for d in records::debriefs_for_case(conn, case_id)? {
        let name = name_of(conn, d.commented_by.as_deref())?;
        debriefs.push((d, name));
    }
    let now = crate::db::now_ts();
    let oral_pending_days =
        records::pending_oral_for_case(conn, case_id)?.map(|p| crate::domain::case_review::age_days(p.entered_at, now));
    let debrief_ids: Vec<String> = debriefs.iter().map(|(d, _): &(Debrief, String)| d.id.clone()).collect();
    Ok(Mentoring {
        reviews,
        debriefs,
        oral_pending_days,
        all_tags: method_tags::all(conn)?,
        case_tags: method_tags::of_case(conn, case_id)?,
        debrief_tags: method_tags::of_debriefs(conn, &debrief_ids)?,
    })
}

impl CaseFile {
    /// The last event's id: the conflict check of the next change.
    pub fn last_event(&self) -> String {
        self.events.last().map(|e| e.id.clone()).unwrap_or_default()
    }
}

impl Opened {
    /// Reads the whole file, masked or (audited) in full.
    pub fn load(
        self,
        conn: &mut DbConn,
        reveal: Reveal<'_>,
        purpose: Purpose<'_>,
        cipher: &FieldCipher,
    ) -> Result<CaseFile, MediationError> {
        let Opened { case, access } = self;
        let (action, detail) = purpose.audit();
        reveal.audit(conn, action, ("case", &case.id), detail)?;
        let stored = case_parties::for_case(conn, &case.id)?;
        let (missing_archive, as_needed_archive, cover) = archive(conn, &case, &stored)?;
        let id_numbers = stored
            .iter()
            .filter(|p| !p.id_number_enc.is_empty())
            .map(|p| {
                let number = cipher.open(&p.id_number_enc).unwrap_or_default();
                let shown = if reveal.is_unmasked() {
                    number
                } else {
                    mask_id_number(&number)
                };
                (p.id.clone(), shown)
            })
            .collect();
        let mut team = Vec::new();
        let co = cases::co_mediators(conn, &case.id)?;
        for id in case
            .lead_mediator_id
            .iter()
            .chain(co.iter())
            .chain(case.mentor_id.iter())
        {
            team.push((id.clone(), name_of(conn, Some(id))?));
        }
        let parties: Vec<Party> = stored.iter().map(|p| revealed(p, &reveal)).collect();
        let finest = [&case.compound_id, &case.grid_id, &case.community_id]
            .into_iter()
            .find_map(Option::as_deref)
            .unwrap_or(&case.street_id);
        Ok(CaseFile {
            court: super::court::view(conn, &case)?,
            location: places::path_from_street(conn, finest)?,
            lead: name_of(conn, case.lead_mediator_id.as_deref())?,
            mentor: name_of(conn, case.mentor_id.as_deref())?,
            records: case_records::for_case(conn, &case.id)?,
            agreements: agreement_view::load(conn, &case, &stored, &reveal)?,
            judicial: judicial::for_case(conn, &case.id)?,
            details: details::case_details(conn, &case.id)?,
            events: case_events::for_case(conn, &case.id)?,
            unmasked: reveal.is_unmasked(),
            team,
            id_numbers,
            parties,
            missing_archive,
            as_needed_archive,
            cover,
            endings: case_ending_notices::for_case(conn, &case.id)?,
            mentoring: mentoring(conn, &case.id)?,
            case,
            access,
        })
    }
}

/// A party as the reveal allows: the one place its personal data is masked.
fn revealed(p: &Party, reveal: &Reveal<'_>) -> Party {
    Party {
        name: reveal.name(&p.name),
        phone: reveal.phone(&p.phone),
        agent: reveal.name(&p.agent),
        agent_phone: reveal.phone(&p.agent_phone),
        address: if reveal.is_unmasked() {
            p.address.clone()
        } else {
            String::new()
        },
        ..p.clone()
    }
}

fn name_of(conn: &mut DbConn, id: Option<&str>) -> Result<String, MediationError> {
    Ok(match id {
        Some(id) => users::find(conn, id)?.map(|u| u.display_name).unwrap_or_default(),
        None => String::new(),
    })
}

type ArchiveLists = (Vec<String>, Vec<String>, Vec<CoverLine>);

/// The archive check of the closure review (DESIGN.md §5.3) and the cover
/// list (卷宗目录), which a closed or filed case keeps showing.
fn archive(conn: &mut DbConn, case: &Case, parties: &[Party]) -> Result<ArchiveLists, MediationError> {
    let state = case.state();
    if !matches!(
        state,
        CaseState::ClosureReview | CaseState::Closed | CaseState::Archived
    ) {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    }
    let on_file = archive_items_on_file(conn, case, &TransitionInput::default(), parties)?;
    let mut cover = archive_items::cover_list(Ending::from_previous(case.previous_state), &on_file);
    if state != CaseState::ClosureReview {
        // Closing checked every required item, the hand-filed ones included.
        for line in cover.iter_mut().filter(|l| l.required) {
            line.on_file = true;
        }
        return Ok((Vec::new(), Vec::new(), cover));
    }
    Ok((
        workflow::missing_archive_items(&on_file, case.previous_state),
        as_needed_on_file(&on_file),
        cover,
    ))
}

/// Mediators who may be assigned to a case: the lead and mentor pickers.
/// The mediators the assignment step lists, read only for a case waiting
/// for assignment (ACCEPTED is the one state with that step): every other
/// case page would otherwise read every mediator of the district for a
/// list it never shows, and the old "first 2,000 users" read missed
/// mediators once residents' accounts outnumbered them.
pub fn assignable_mediators(conn: &mut DbConn, state: CaseState) -> Result<Vec<users::User>, MediationError> {
    if state != CaseState::Accepted {
        return Ok(Vec::new());
    }
    Ok(users::active_mediators(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::audit::AuditActor;
    use crate::domain::masking::{mask_name, mask_phone};
    use crate::domain::mediation::PartyRole;

    fn party() -> Party {
        let mut p = Party::new("c1", PartyRole::Applicant, "张三丰", "13800001234", 0);
        p.address = "幸福路 8 号".into();
        p.agent = "李四".into();
        p.agent_phone = "13900005678".into();
        p
    }

    #[test]
    fn masked_party_hides_names_phones_and_the_address() {
        let p = revealed(&party(), &Reveal::Masked);
        assert_eq!(p.name, mask_name("张三丰"));
        assert_eq!(p.phone, mask_phone("13800001234"));
        assert_eq!(p.agent, mask_name("李四"));
        assert_eq!(p.agent_phone, mask_phone("13900005678"));
        assert_eq!(p.address, "");
    }

    #[test]
    fn revealed_party_is_the_stored_one() {
        let actor = AuditActor {
            user_id: None,
            label: "test".into(),
            ip: None,
            request_id: None,
        };
        let stored = party();
        let p = revealed(&stored, &Reveal::Unmasked { actor: &actor });
        assert_eq!(
            (p.name, p.phone, p.agent, p.agent_phone, p.address),
            (
                stored.name,
                stored.phone,
                stored.agent,
                stored.agent_phone,
                stored.address
            )
        );
    }

    #[test]
    fn each_reader_leaves_its_own_audit_row() {
        assert_eq!(Purpose::Page.audit(), ("case.unmask", "parties"));
        assert_eq!(Purpose::PartyEdit.audit(), ("case.unmask", "party-edit"));
        assert_eq!(Purpose::Print("report").audit(), ("case.print", "report"));
    }
}
