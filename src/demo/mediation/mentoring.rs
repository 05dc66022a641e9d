//! 老马带小马 on the demo cases (issue 12): the 小马's debrief of the first
//! session with the 老马's comment, the case's working methods, and one
//! draft returned with a comment before the next is approved, so the
//! training record is full on the first run.

use super::driver::Driver;
use crate::db::{case_records, mentorship_records};
use crate::domain::agreement::AgreementKind;
use crate::domain::case_review::DebriefInput;
use crate::domain::mediation::RecordKind;
use crate::mediation::access::Viewer;
use crate::mediation::mentorship;

impl Driver<'_> {
    /// The lead debriefs the first session (tagged), the mentor comments,
    /// and the case is tagged with the methods used.
    pub(super) fn debrief(&mut self, lead: &Viewer, mentor: &Viewer) -> Result<(), String> {
        let records = case_records::for_case(self.conn, &self.case_id).map_err(|e| e.to_string())?;
        let Some(session) = records.into_iter().find(|r| r.kind == RecordKind::Session) else {
            return Ok(());
        };
        let input = DebriefInput {
            went_well: "先让双方把情绪说出来，气氛缓和后再谈赔偿。".into(),
            missing: "没有提前核实维修费用的票据，谈到金额时底气不足。".into(),
            next_steps: "下次先分别与双方背对背沟通，再约面对面协商。".into(),
        };
        let tags = vec!["separate-talks".to_owned(), "cool-down".to_owned()];
        let record_id = session.id.clone();
        self.change(lead, move |c, ctx| {
            mentorship::write_debrief(c, ctx, &record_id, input, tags)
        })?;
        let tags = vec!["separate-talks".to_owned(), "law-and-feeling".to_owned()];
        self.change(lead, move |c, ctx| mentorship::tag_case(c, ctx, tags))?;
        let debrief = mentorship_records::debrief_of_record(self.conn, &session.id)
            .map_err(|e| e.to_string())?
            .ok_or("debrief")?;
        let outcome = mentorship::comment_debrief(
            self.conn,
            &self.case_id,
            &debrief.id,
            mentor,
            "情绪疏导做得好。金额要有依据：请物业或维修方出具报价单再谈。",
            &super::actor(mentor),
        )
        .map_err(|e| e.to_string())?;
        super::driver::done(outcome, "debrief comment")
    }

    /// The mentor returns the first draft with a comment; the lead drafts
    /// again and sends it for review.
    pub(super) fn return_once(&mut self, lead: &Viewer, mentor: &Viewer, deadline: &str) -> Result<(), String> {
        self.fire(mentor, "MEDIATING", |i| {
            i.return_reason = Some("协议未写明履行方式和期限，请补充后再报。".into());
        })?;
        self.agreement(lead, AgreementKind::Written, deadline)?;
        self.fire(lead, "AGREEMENT_REVIEW", |_| {})
    }
}

/// The approval's comment on the demo cases.
pub(super) const APPROVAL_NOTE: &str = "条款明确，履行方式清楚，同意。";

/// Whether the demo case shows a returned draft before its approval.
pub(super) fn shows_a_return(target: &str) -> bool {
    matches!(target, "AGREEMENT_EFFECTIVE" | "CLOSED")
}
