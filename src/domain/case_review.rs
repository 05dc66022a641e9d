//! 老马带小马 on the case (the reviews and debriefs of a case) (DESIGN.md §6 "Case team", "Learning records"):
//! what a reviewer's decision is recorded as, which oral agreements the
//! mentor reviews after the fact, and what a debrief must hold. Pure rules.

use super::mediation_workflow::{ActorContext, ActorRole, CaseState};
use super::vocabulary::vocabulary;

vocabulary! {
    /// Where a reviewer's decision was taken: the two sign-offs of §5.2 and
    /// the after-the-fact review (事后审查) of a 小马's oral agreement.
    pub enum ReviewStage: "review.stage." {
        AgreementReview = "agreement_review", ClosureReview = "closure_review", OralAgreement = "oral_agreement",
    }
}

vocabulary! {
    /// What the reviewer decided. "Concerns" only after the fact: an oral
    /// agreement already in force cannot be sent back, only commented on.
    pub enum ReviewDecision: "review.decision." {
        Approved = "approved", Returned = "returned", Concerns = "concerns",
    }
}

/// The longest comment or debrief field kept.
pub const MAX_COMMENT: usize = 2000;

/// The review a step out of a review state records: its stage and the
/// decision. Every step out of AGREEMENT_REVIEW or CLOSURE_REVIEW is the
/// reviewer's decision (§5.2: only the reviewer may leave them), so each is
/// kept in the lead's training record (§6).
pub fn review_of(from: CaseState, to: CaseState) -> Option<(ReviewStage, ReviewDecision)> {
    let stage = match from {
        CaseState::AgreementReview => ReviewStage::AgreementReview,
        CaseState::ClosureReview => ReviewStage::ClosureReview,
        _ => return None,
    };
    let decision = match to {
        CaseState::AgreementEffective | CaseState::Closed => ReviewDecision::Approved,
        _ => ReviewDecision::Returned,
    };
    Some((stage, decision))
}

/// The comment stored for a review: the reason for a return (required by
/// the workflow's guard) followed by the note, or the note alone.
pub fn review_comment(reason: Option<&str>, note: &str) -> String {
    [reason.unwrap_or("").trim(), note.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An oral agreement takes effect when the parties agree (人民调解法
/// Art. 30) and cannot wait for a sign-off; a 小马's one is reviewed by
/// their mentor afterwards. Only the step MEDIATING → AGREEMENT_EFFECTIVE
/// is an oral agreement taking effect (a written one passes the review).
pub fn needs_oral_review(from: CaseState, to: CaseState, lead_is_trainee: bool, has_mentor: bool) -> bool {
    from == CaseState::Mediating && to == CaseState::AgreementEffective && lead_is_trainee && has_mentor
}

/// Checks an after-the-fact review: approve or raise concerns; concerns
/// must say what they are, or the 小马 learns nothing from them.
pub fn check_oral_review(decision: &str, comment: &str) -> Result<(ReviewDecision, String), &'static str> {
    let decision = match ReviewDecision::parse(decision) {
        Some(d @ (ReviewDecision::Approved | ReviewDecision::Concerns)) => d,
        _ => return Err("review.error.decision"),
    };
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err("review.error.too_long");
    }
    if decision == ReviewDecision::Concerns && comment.is_empty() {
        return Err("review.error.comment_required");
    }
    Ok((decision, comment.to_owned()))
}

/// Whole days since an item entered a queue (its age, shown to the mentor).
pub fn age_days(entered_at: i64, now: i64) -> i64 {
    (now - entered_at).max(0) / 86_400
}

/// A debrief as typed: what went well, what was missing, what next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DebriefInput {
    pub went_well: String,
    pub missing: String,
    pub next_steps: String,
}

/// Each of the three parts is required and bounded; the errors by field.
pub fn check_debrief(input: &DebriefInput) -> Result<DebriefInput, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let fields = [
        ("went_well", &input.went_well),
        ("missing", &input.missing),
        ("next_steps", &input.next_steps),
    ];
    for (name, value) in fields {
        let value = value.trim();
        if value.is_empty() {
            errors.push((name, "debrief.error.required"));
        } else if value.chars().count() > MAX_COMMENT {
            errors.push((name, "review.error.too_long"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DebriefInput {
        went_well: input.went_well.trim().to_owned(),
        missing: input.missing.trim().to_owned(),
        next_steps: input.next_steps.trim().to_owned(),
    })
}

/// The debrief is the 小马's own reflection on their session: only the
/// lead writes it, and only on a case where they are the trainee (§6).
pub fn may_write_debrief(actor: &ActorContext) -> bool {
    actor.lead_is_trainee && actor.has(ActorRole::LeadMediator)
}

/// Only the case's mentor comments a debrief: the comment is teaching,
/// not supervision, so a committee head or co-mediator does not.
pub fn may_comment_debrief(actor: &ActorContext) -> bool {
    actor.lead_is_trainee && actor.has(ActorRole::Mentor) && !actor.has(ActorRole::LeadMediator)
}

/// Only the case's mentor reviews the oral agreement after the fact.
pub fn may_review_oral(actor: &ActorContext) -> bool {
    actor.has(ActorRole::Mentor) && !actor.has(ActorRole::LeadMediator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    #[test]
    fn every_step_out_of_a_review_is_a_decision() {
        use ReviewDecision::*;
        assert_eq!(
            review_of(AgreementReview, AgreementEffective),
            Some((ReviewStage::AgreementReview, Approved))
        );
        assert_eq!(
            review_of(AgreementReview, Mediating),
            Some((ReviewStage::AgreementReview, Returned))
        );
        assert_eq!(
            review_of(ClosureReview, Closed),
            Some((ReviewStage::ClosureReview, Approved))
        );
        for back in [FollowUp, Failed, Terminated, Withdrawn] {
            assert_eq!(
                review_of(ClosureReview, back),
                Some((ReviewStage::ClosureReview, Returned))
            );
        }
        assert_eq!(review_of(Mediating, AgreementReview), None);
        assert_eq!(review_of(Mediating, AgreementEffective), None);
    }

    #[test]
    fn the_comment_keeps_the_reason_and_the_note() {
        assert_eq!(review_comment(Some(" 补充证据 "), ""), "补充证据");
        assert_eq!(review_comment(Some("补充证据"), "再谈一次"), "补充证据\n再谈一次");
        assert_eq!(review_comment(None, "同意"), "同意");
        assert_eq!(review_comment(None, "  "), "");
    }

    #[test]
    fn only_a_trainees_oral_agreement_taking_effect_is_reviewed_after() {
        assert!(needs_oral_review(Mediating, AgreementEffective, true, true));
        assert!(
            !needs_oral_review(Mediating, AgreementEffective, false, true),
            "senior lead"
        );
        assert!(
            !needs_oral_review(Mediating, AgreementEffective, true, false),
            "no mentor"
        );
        assert!(
            !needs_oral_review(AgreementReview, AgreementEffective, true, true),
            "written: signed off before"
        );
        assert!(!needs_oral_review(Mediating, AgreementReview, true, true));
    }

    #[test]
    fn concerns_need_words_and_approval_may_be_silent() {
        assert_eq!(
            check_oral_review("approved", ""),
            Ok((ReviewDecision::Approved, String::new()))
        );
        assert_eq!(
            check_oral_review("concerns", "  "),
            Err("review.error.comment_required")
        );
        assert_eq!(
            check_oral_review("concerns", " 履行期限太长 "),
            Ok((ReviewDecision::Concerns, "履行期限太长".into()))
        );
        assert_eq!(check_oral_review("returned", "x"), Err("review.error.decision"));
        assert_eq!(check_oral_review("", "x"), Err("review.error.decision"));
        let at_limit = "字".repeat(MAX_COMMENT);
        assert!(check_oral_review("approved", &at_limit).is_ok());
        let over = "字".repeat(MAX_COMMENT + 1);
        assert_eq!(check_oral_review("approved", &over), Err("review.error.too_long"));
    }

    #[test]
    fn age_counts_whole_days() {
        assert_eq!(age_days(0, 86_399), 0);
        assert_eq!(age_days(0, 86_400), 1);
        assert_eq!(age_days(0, 3 * 86_400 + 5), 3);
        assert_eq!(age_days(100, 0), 0, "a clock step back is not a negative age");
    }

    #[test]
    fn a_debrief_needs_all_three_parts() {
        let full = DebriefInput {
            went_well: " 耐心倾听 ".into(),
            missing: "没有核实证据".into(),
            next_steps: "先背靠背沟通".into(),
        };
        assert_eq!(check_debrief(&full).unwrap().went_well, "耐心倾听");
        let empty = DebriefInput::default();
        let errors = check_debrief(&empty).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["went_well", "missing", "next_steps"]);
        let long = DebriefInput {
            missing: "字".repeat(MAX_COMMENT + 1),
            ..full.clone()
        };
        assert_eq!(
            check_debrief(&long).unwrap_err(),
            [("missing", "review.error.too_long")]
        );
        let at_limit = DebriefInput {
            missing: "字".repeat(MAX_COMMENT),
            ..full
        };
        assert!(check_debrief(&at_limit).is_ok());
    }

    #[test]
    fn the_lead_writes_and_the_mentor_comments() {
        let lead = ActorContext::new(&[ActorRole::LeadMediator], true);
        let mentor = ActorContext::new(&[ActorRole::Mentor], true);
        let co = ActorContext::new(&[ActorRole::CoMediator], true);
        let head = ActorContext::new(&[ActorRole::CommitteeHead], true);
        assert!(may_write_debrief(&lead));
        assert!(!may_write_debrief(&mentor));
        assert!(!may_write_debrief(&co));
        assert!(
            !may_write_debrief(&ActorContext::new(&[ActorRole::LeadMediator], false)),
            "a 老马 lead writes no debrief"
        );
        assert!(may_comment_debrief(&mentor));
        assert!(!may_comment_debrief(&lead));
        assert!(!may_comment_debrief(&head));
        assert!(!may_comment_debrief(&co));
        assert!(may_review_oral(&mentor));
        assert!(!may_review_oral(&lead));
        assert!(!may_review_oral(&ActorContext::new(
            &[ActorRole::LeadMediator, ActorRole::Mentor],
            true
        )));
    }
}
