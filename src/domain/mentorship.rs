//! 老马带小马 (DESIGN.md §6): the pure rules of pairings, the training
//! ledger and graduation (出师). No I/O: the use cases in `crate::mentorship`
//! load the facts and call these.

use super::role::{MediatorLevel, Role};
use super::vocabulary::vocabulary;

vocabulary! {
    /// A 老马工作室 (a senior mediator's studio) or a 小马工作站 (a trainee
    /// station, one in every community).
    pub enum StudioKind: "mentoring.studio_kind." { LaomaStudio = "laoma_studio", XiaomaStation = "xiaoma_station" }
}

vocabulary! {
    /// The training ledger's categories: 岗前培训, 专题培训, 年度培训.
    pub enum TrainingCategory: "mentoring.training." {
        Induction = "induction", Specialised = "specialised", Annual = "annual",
    }
}

/// The longest public introduction a mediator may write (characters).
pub const INTRODUCTION_MAX: usize = 300;
/// The longest plan item, program name, topic or note.
pub const TEXT_MAX: usize = 200;
/// The most hours one ledger entry may hold: one day's training.
pub const ENTRY_MAX_TENTHS: i64 = 240;

/// What the pairing rules need to know about an account.
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub role: Role,
    pub level: Option<MediatorLevel>,
    pub disabled: bool,
}

impl Account {
    fn is_active_mediator_at(self, level: MediatorLevel) -> bool {
        self.role == Role::Mediator && self.level == Some(level) && !self.disabled
    }
}

/// Why a pairing is refused; each names the field it is shown next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairingRefusal {
    MentorNotSenior,
    MenteeNotTrainee,
    MenteeAlreadyPaired,
    MentorFull,
}

impl PairingRefusal {
    pub fn field(self) -> &'static str {
        match self {
            PairingRefusal::MentorNotSenior | PairingRefusal::MentorFull => "mentor",
            PairingRefusal::MenteeNotTrainee | PairingRefusal::MenteeAlreadyPaired => "mentee",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            PairingRefusal::MentorNotSenior => "mentoring.error.mentor_not_senior",
            PairingRefusal::MenteeNotTrainee => "mentoring.error.mentee_not_trainee",
            PairingRefusal::MenteeAlreadyPaired => "mentoring.error.mentee_paired",
            PairingRefusal::MentorFull => "mentoring.error.mentor_full",
        }
    }
}

/// Whether `mentor` may take `mentee`, in order: only an active 老马
/// mentors and only an active 小马 is mentored (§6: the 老马 brings the
/// 小马 up until they can work alone); a mentee has exactly one mentor at
/// a time; a mentor takes at most `cap` mentees, so each gets real
/// guidance (the district's rule, default 3).
pub fn check_pairing(
    mentor: Account,
    mentee: Account,
    mentee_has_active: bool,
    mentor_active_count: i64,
    cap: i64,
) -> Result<(), PairingRefusal> {
    if !mentor.is_active_mediator_at(MediatorLevel::Senior) {
        return Err(PairingRefusal::MentorNotSenior);
    }
    if !mentee.is_active_mediator_at(MediatorLevel::Trainee) {
        return Err(PairingRefusal::MenteeNotTrainee);
    }
    if mentee_has_active {
        return Err(PairingRefusal::MenteeAlreadyPaired);
    }
    if mentor_active_count >= cap {
        return Err(PairingRefusal::MentorFull);
    }
    Ok(())
}

/// Tenths of an hour from hours as typed ("2", "2.5", "2.5 "; the
/// full-width "２.５" is not accepted): at most one decimal, within
/// `0..=max` tenths. Integer arithmetic only.
fn tenths_within(raw: &str, max: i64) -> Option<i64> {
    let raw = raw.trim();
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, "0"));
    let digits = |s: &str, most: usize| !s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole, 4) || !digits(frac, 1) {
        return None;
    }
    let tenths = whole.parse::<i64>().ok()? * 10 + frac.parse::<i64>().ok()?;
    (0..=max).contains(&tenths).then_some(tenths)
}

/// The hours of one training entry, in tenths: more than zero (an entry
/// must have hours) and at most one day.
pub fn parse_tenths(raw: &str) -> Option<i64> {
    tenths_within(raw, ENTRY_MAX_TENTHS).filter(|t| *t >= 1)
}

/// The most training hours the graduation criteria may ask for, in tenths.
pub const CRITERION_MAX_TENTHS: i64 = 10_000;

/// The training hours the graduation criteria ask for, in tenths: zero (a
/// district may drop the criterion) up to [`CRITERION_MAX_TENTHS`]. Not the
/// one-day limit of a single entry: a 小马 collects 44.5 hours over many.
pub fn parse_required_tenths(raw: &str) -> Option<i64> {
    tenths_within(raw, CRITERION_MAX_TENTHS)
}

/// Tenths of an hour as text: 25 → "2.5", 440 → "44".
pub fn tenths_text(tenths: i64) -> String {
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        f => format!("{}.{}", tenths / 10, f.abs()),
    }
}

/// The graduation criteria (DESIGN.md §6), all configurable by admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criteria {
    /// At least this many cases led to closure.
    pub min_cases: i64,
    /// Success rate at least this percentage of the closed cases.
    pub min_success_pct: i64,
    /// Oral agreements at most this percentage of the agreements.
    pub max_oral_pct: i64,
    /// At least this many training hours, in tenths.
    pub min_training_tenths: i64,
}

impl Default for Criteria {
    fn default() -> Self {
        Criteria {
            min_cases: 20,
            min_success_pct: 85,
            max_oral_pct: 30,
            min_training_tenths: 440,
        }
    }
}

/// The facts about one mediator the criteria read, all counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    /// Cases they led that are CLOSED or ARCHIVED.
    pub cases_closed: i64,
    /// Of those, the ones where an agreement took effect.
    pub successes: i64,
    /// Of the successes, the ones whose agreement was oral.
    pub oral_agreements: i64,
    pub training_tenths: i64,
    /// Cases escalated to a criminal matter through poor handling.
    pub criminal_incidents: i64,
    /// The mentor has recommended them (proposed graduation).
    pub recommended: bool,
}

vocabulary! {
    /// One graduation criterion, in the order the progress page lists them.
    pub enum Criterion: "mentoring.criterion." {
        CasesClosed = "cases_closed", SuccessRate = "success_rate", OralShare = "oral_share",
        TrainingHours = "training_hours", NoCriminalEscalation = "no_criminal_escalation",
        MentorRecommendation = "mentor_recommendation",
    }
}

/// Each criterion and whether it is met.
pub fn evaluate(criteria: &Criteria, r: &Record) -> Vec<(Criterion, bool)> {
    vec![
        (Criterion::CasesClosed, r.cases_closed >= criteria.min_cases),
        // successes / closed ≥ pct / 100, cross-multiplied so that exactly
        // 85 % passes and 84.9 % does not; no case yet is no success rate.
        (
            Criterion::SuccessRate,
            r.cases_closed > 0 && r.successes * 100 >= criteria.min_success_pct * r.cases_closed,
        ),
        // oral / agreements ≤ pct / 100: an oral agreement cannot be enforced
        // as easily as a written one, so a mediator must show they write most
        // agreements down. No agreement yet has no oral share to exceed.
        (
            Criterion::OralShare,
            r.oral_agreements * 100 <= criteria.max_oral_pct * r.successes,
        ),
        (
            Criterion::TrainingHours,
            r.training_tenths >= criteria.min_training_tenths,
        ),
        (Criterion::NoCriminalEscalation, r.criminal_incidents == 0),
        (Criterion::MentorRecommendation, r.recommended),
    ]
}

/// The criteria not met; empty when the mediator may graduate.
pub fn unmet(criteria: &Criteria, r: &Record) -> Vec<Criterion> {
    evaluate(criteria, r)
        .into_iter()
        .filter(|(_, met)| !met)
        .map(|(c, _)| c)
        .collect()
}

/// Admin-entered criteria within sensible bounds: percentages 0–100,
/// counts and hours non-negative and not absurd.
pub fn check_criteria(c: &Criteria) -> bool {
    (0..=1000).contains(&c.min_cases)
        && (0..=100).contains(&c.min_success_pct)
        && (0..=100).contains(&c.max_oral_pct)
        && (0..=CRITERION_MAX_TENTHS).contains(&c.min_training_tenths)
}

#[cfg(test)]
#[path = "mentorship_tests.rs"]
mod tests;
