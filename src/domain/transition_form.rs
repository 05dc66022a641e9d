//! What the form for one step of the workflow asks for (DESIGN.md §5.2).
//!
//! `mediation_workflow::check` decides whether a step may fire with the
//! facts given; this module decides which of those facts the form asks the
//! mediator to give, so the page never offers a form the guard would refuse
//! for a field it did not show.

use super::mediation_workflow::CaseState::{self, *};

/// The group of extra fields a step's form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    /// Nothing beyond the confirmation.
    Plain,
    /// Why the case is not accepted, and how the applicant was told.
    NotAccepted,
    /// Where the case is sent.
    Referred,
    /// The lead mediator and (for a 小马) the mentor.
    Assign,
    /// The reviewer signs the agreement off: a reminder of what they confirm.
    SignOff,
    /// Performance confirmed before the follow-up.
    PerformedCheck,
    /// Mediation reopened: the agreement is disputed and both parties agree.
    Reopen,
    /// Ending without agreement: the other remedies the parties were told
    /// of, how and when (人民调解法 Art. 26).
    Ending,
    /// The archive checklist of the closed file.
    Close,
    /// Volume number and retention period of the filed case.
    Archive,
}

/// The form for the step `from` → `to`.
pub fn step_form(from: CaseState, to: CaseState) -> StepForm {
    match (from, to) {
        (_, NotAccepted) => StepForm::NotAccepted,
        (_, Referred) => StepForm::Referred,
        (_, Assigned) => StepForm::Assign,
        (AgreementReview, AgreementEffective) => StepForm::SignOff,
        (AgreementEffective, FollowUp) => StepForm::PerformedCheck,
        (FollowUp, Mediating) => StepForm::Reopen,
        (from, Failed | Terminated | Withdrawn) if from != ClosureReview => StepForm::Ending,
        (_, Closed) => StepForm::Close,
        (_, Archived) => StepForm::Archive,
        _ => StepForm::Plain,
    }
}

/// The step's button and heading as a verb ("受理", "退回补充", "批准协议"):
/// people choose what to do, not which state comes next.
pub fn verb_key(from: CaseState, to: CaseState) -> &'static str {
    if is_return(from, to) {
        return "step.verb.return";
    }
    match (from, to) {
        (_, Accepted) => "step.verb.accept",
        (_, NotAccepted) => "step.verb.not_accept",
        (_, Referred) => "step.verb.refer",
        (_, Assigned) => "step.verb.assign",
        (_, Investigating) => "step.verb.investigate",
        (FollowUp, Mediating) => "step.verb.reopen",
        (_, Mediating) => "step.verb.mediate",
        (_, AgreementReview) => "step.verb.submit_agreement",
        (Mediating, AgreementEffective) => "step.verb.oral_agreement",
        (_, AgreementEffective) => "step.verb.approve_agreement",
        (_, Performing) => "step.verb.perform",
        (AgreementEffective, FollowUp) => "step.verb.performed_at_once",
        (_, FollowUp) => "step.verb.follow_up",
        (_, Failed) => "step.verb.fail",
        (_, Terminated) => "step.verb.terminate",
        (_, Withdrawn) => "step.verb.withdraw",
        (_, ClosureReview) => "step.verb.submit_closure",
        (_, Closed) => "step.verb.close",
        (_, Archived) => "step.verb.archive",
        (_, Registered) => "step.verb.register",
    }
}

/// A step that sends the work back to whoever did it must say why: a
/// reviewer returning a draft agreement, or the closure review returning
/// the case to the stage it came from.
pub fn is_return(from: CaseState, to: CaseState) -> bool {
    matches!((from, to), (AgreementReview, Mediating)) || (from == ClosureReview && to != Closed)
}

/// The closure report (结案报告) describes a finished case, so it is
/// printed from the closure review on.
pub fn report_printable(state: CaseState) -> bool {
    matches!(state, ClosureReview | Closed | Archived)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mediation_workflow::allowed_targets;

    #[test]
    fn each_step_of_the_table_gets_its_form() {
        assert_eq!(step_form(Registered, NotAccepted), StepForm::NotAccepted);
        assert_eq!(step_form(Registered, Referred), StepForm::Referred);
        assert_eq!(step_form(Registered, Accepted), StepForm::Plain);
        assert_eq!(step_form(Accepted, Assigned), StepForm::Assign);
        assert_eq!(step_form(AgreementReview, AgreementEffective), StepForm::SignOff);
        assert_eq!(
            step_form(Mediating, AgreementEffective),
            StepForm::Plain,
            "oral agreement"
        );
        assert_eq!(step_form(AgreementEffective, FollowUp), StepForm::PerformedCheck);
        assert_eq!(step_form(Performing, FollowUp), StepForm::Plain);
        assert_eq!(step_form(FollowUp, Mediating), StepForm::Reopen);
        assert_eq!(step_form(ClosureReview, Closed), StepForm::Close);
        for from in [Assigned, Investigating, Mediating] {
            assert_eq!(step_form(from, Withdrawn), StepForm::Ending, "{from}");
            assert_eq!(step_form(from, Terminated), StepForm::Ending, "{from}");
        }
        assert_eq!(step_form(Mediating, Failed), StepForm::Ending);
        assert_eq!(
            step_form(ClosureReview, Failed),
            StepForm::Plain,
            "a return asks only why"
        );
        assert_eq!(step_form(Closed, Archived), StepForm::Archive);
    }

    #[test]
    fn returns_are_exactly_the_steps_back_from_a_review() {
        let returns: Vec<_> = CaseState::all()
            .flat_map(|from| allowed_targets(from).iter().map(move |to| (from, *to)))
            .filter(|(from, to)| is_return(*from, *to))
            .collect();
        assert_eq!(
            returns,
            [
                (AgreementReview, Mediating),
                (ClosureReview, FollowUp),
                (ClosureReview, Failed),
                (ClosureReview, Terminated),
                (ClosureReview, Withdrawn),
            ]
        );
    }

    #[test]
    fn every_step_has_a_verb_and_reviews_say_approve_or_return() {
        for from in CaseState::all() {
            for to in allowed_targets(from) {
                assert_ne!(verb_key(from, *to), "step.verb.register", "{from} -> {to}");
            }
        }
        assert_eq!(verb_key(Registered, Accepted), "step.verb.accept");
        assert_eq!(
            verb_key(AgreementReview, AgreementEffective),
            "step.verb.approve_agreement"
        );
        assert_eq!(verb_key(AgreementReview, Mediating), "step.verb.return");
        assert_eq!(verb_key(ClosureReview, Failed), "step.verb.return");
        assert_eq!(verb_key(ClosureReview, Closed), "step.verb.close");
        assert_eq!(verb_key(Mediating, AgreementEffective), "step.verb.oral_agreement");
        assert_eq!(verb_key(FollowUp, Mediating), "step.verb.reopen");
    }

    #[test]
    fn the_report_prints_from_the_closure_review_on() {
        let printable: Vec<_> = CaseState::all().filter(|s| report_printable(*s)).collect();
        assert_eq!(printable, [ClosureReview, Closed, Archived]);
    }
}
