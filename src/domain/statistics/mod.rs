//! The statutory mediation figures (DESIGN.md §7, issue 13), defined once.
//!
//! A case's facts ([`CaseFacts`]) are read from the case data by
//! `statistics::index`; [`contributions`] turns them into the counter cells
//! the case adds to. The counters move in the transaction of each change by
//! the difference of the case's contributions before and after it
//! ([`difference`]), so a dashboard sums a few counter rows instead of
//! reading the cases. Every figure counts in the month the case was
//! **accepted** (受理): the statutory tables count cases by the period in which
//! they were accepted, and a month's row then keeps describing the same set
//! of cases as they move on.

pub mod figures;
pub mod letters;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::follow_up::Performance;
use super::mediation::CaseSource;
use super::mediation_workflow::CaseState;
use super::vocabulary::vocabulary;

vocabulary! {
    /// The three sources of the statutory report (人民调解案件来源).
    pub enum SourceGroup: "stats.source_group." {
        ExOfficio = "ex_officio", Application = "application", Referred = "referred",
    }
}

/// The statutory group of an intake source: a party's application is 申请调解;
/// what the committee took up itself, including disputes its grid screening
/// found, is 主动调解; everything handed over by another body (court,
/// police, petition office, the 12345 hotline, another committee) is
/// 接受委托移送.
pub fn source_group(source: CaseSource) -> SourceGroup {
    match source {
        CaseSource::Application => SourceGroup::Application,
        CaseSource::ExOfficio | CaseSource::GridScreening => SourceGroup::ExOfficio,
        CaseSource::CourtReferral
        | CaseSource::PoliceTransfer
        | CaseSource::PetitionOffice
        | CaseSource::Hotline
        | CaseSource::CommitteeTransfer => SourceGroup::Referred,
    }
}

vocabulary! {
    /// What a counter counts. Codes are stored in `stat_counts.metric`.
    pub enum Metric: "stats.metric." {
        Accepted = "accepted", Ended = "ended", Success = "success", Oral = "oral",
        AmountCents = "amount_cents", Performed = "performed", Judicial = "judicial",
        PreventCriminal = "prevent_criminal", PreventCriminalPersons = "prevent_criminal_persons",
        PreventPetition = "prevent_petition", PreventPetitionPersons = "prevent_petition_persons",
        PreventFight = "prevent_fight", PreventFightPersons = "prevent_fight_persons",
        PreventSuicide = "prevent_suicide", PreventSuicidePersons = "prevent_suicide_persons",
        Difficult = "difficult", Closed = "closed", ClosedDays = "closed_days",
        Satisfaction = "satisfaction", SatisfactionVisits = "satisfaction_visits",
        TraineeSuccess = "trainee_success",
        Letters = "letters", Acknowledged = "acknowledged", AckInTarget = "ack_in_target",
        Resolved = "resolved", ResolvedInTarget = "resolved_in_target",
    }
}

vocabulary! {
    /// The breakdown a counter belongs to; `value` says which row of it.
    pub enum Dim: "stats.dim." {
        All = "all", Source = "source", DisputeType = "type", Lead = "lead",
        Mentor = "mentor", Days = "days", Grid = "grid",
        LetterCategory = "letter_category", LetterCompound = "letter_compound",
        LetterAckDays = "letter_ack_days", LetterResolveDays = "letter_resolve_days",
    }
}

/// How mediation of an accepted case came out, once it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An agreement took effect (调解成功).
    Success,
    /// Ended without agreement: failed, terminated or withdrawn.
    NoAgreement,
}

/// "Mediated to an outcome" (调结): an agreement took effect, or mediation
/// ended without one (FAILED, TERMINATED, WITHDRAWN, and the closure review
/// and closure that only those endings lead to without an agreement).
/// `agreement_in_force` is the same test as the graduation criteria's
/// successes (`db::mentorship_counts`: an agreement with `effective_on`).
pub fn outcome(agreement_in_force: bool, state: CaseState) -> Option<Outcome> {
    use CaseState::*;
    if agreement_in_force {
        return Some(Outcome::Success);
    }
    matches!(
        state,
        Failed | Terminated | Withdrawn | ClosureReview | Closed | Archived
    )
    .then_some(Outcome::NoAgreement)
}

/// Performed (履行): the latest recorded finding (performance update or
/// follow-up visit) says 已履行; with none recorded, an agreement performed
/// at once (AGREEMENT_EFFECTIVE straight to FOLLOW_UP) counts as performed.
pub fn performed(performed_at_once: bool, latest_finding: Option<Performance>) -> bool {
    latest_finding.map_or(performed_at_once, |p| p == Performance::Performed)
}

/// Whole China days from acceptance to closure (never negative).
pub fn days_to_close(accepted_day: i64, closed_day: i64) -> i64 {
    (closed_day - accepted_day).max(0)
}

/// The last day bucket of the closure histogram: "a year or more".
pub const DAYS_CAP: i64 = 366;

/// Persons protected, per prevention flag (cases.prevent_*): 防止民转刑,
/// 防止群体性上访, 防止群体性械斗, 防止自杀.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prevention {
    pub criminal: i64,
    pub petition: i64,
    pub fight: i64,
    pub suicide: i64,
}

/// Everything the figures read from one accepted case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// `yyyymm` of acceptance, in China.
    pub month: i32,
    pub street_id: String,
    /// "" when the case has no community.
    pub community_id: String,
    /// The grid (网格) within the community, when the case names one.
    pub grid_id: Option<String>,
    pub dispute_type: String,
    pub source: CaseSource,
    pub lead_id: Option<String>,
    /// The 老马 who guided a 小马's case (the mentor credit).
    pub mentor_id: Option<String>,
    pub outcome: Option<Outcome>,
    /// The agreement in force is oral (口头协议).
    pub oral: bool,
    /// The amount of the agreement in force, in fen.
    pub amount_cents: i64,
    pub performed: bool,
    /// A court confirmed the agreement (司法确认, result "confirmed").
    pub judicial: bool,
    pub prevention: Prevention,
    /// 疑难复杂: a case the committee could not settle alone and raised to
    /// its head or the centre (`cases.escalation` set, DESIGN.md §5.2).
    pub difficult: bool,
    /// Days from acceptance to closure, once CLOSED or ARCHIVED.
    pub closed_days: Option<i64>,
    /// The latest follow-up visit's satisfaction (1–5).
    pub satisfaction: Option<i64>,
}

/// One counter cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CounterKey {
    pub month: i32,
    pub street_id: String,
    pub community_id: String,
    pub dim: Dim,
    pub value: String,
    pub metric: Metric,
}

/// The street or community of a roll-up cell: "any".
pub const ANY: &str = "*";

/// Each cell is also counted in its street's roll-up (community `*`) and
/// the district's (street and community `*`), so a district or street view
/// sums a few rows per month instead of one per community: the dashboard
/// costs the same whatever the number of communities and cases. Grid cells
/// are the exception: a grid lies in one community and its table is only
/// read there, so roll-ups would repeat the same numbers.
pub(crate) fn with_rollups(cells: Vec<(CounterKey, i64)>) -> Vec<(CounterKey, i64)> {
    let mut out = Vec::with_capacity(cells.len() * 3);
    for (key, n) in cells {
        if key.dim == Dim::Grid {
            out.push((key, n));
            continue;
        }
        let street = CounterKey {
            community_id: ANY.to_owned(),
            ..key.clone()
        };
        let district = CounterKey {
            street_id: ANY.to_owned(),
            ..street.clone()
        };
        out.extend([(key, n), (street, n), (district, n)]);
    }
    out
}

/// The counter cells one case adds to, with how much (never 0): its
/// community's cells and their street and district roll-ups.
pub fn contributions(facts: &CaseFacts) -> Vec<(CounterKey, i64)> {
    with_rollups(community_cells(facts))
}

fn community_cells(facts: &CaseFacts) -> Vec<(CounterKey, i64)> {
    let mut out = Vec::new();
    let mut add = |dim: Dim, value: &str, metric: Metric, n: i64| {
        if n != 0 {
            let key = CounterKey {
                month: facts.month,
                street_id: facts.street_id.clone(),
                community_id: facts.community_id.clone(),
                dim,
                value: value.to_owned(),
                metric,
            };
            out.push((key, n));
        }
    };
    let success = facts.outcome == Some(Outcome::Success);
    let ended = i64::from(facts.outcome.is_some());
    let won = i64::from(success);
    let kind = facts.dispute_type.as_str();
    add(Dim::All, "", Metric::Accepted, 1);
    add(Dim::Source, facts.source.code(), Metric::Accepted, 1);
    add(Dim::DisputeType, kind, Metric::Accepted, 1);
    add(Dim::DisputeType, kind, Metric::Ended, ended);
    add(Dim::DisputeType, kind, Metric::Success, won);
    if let Some(grid) = facts.grid_id.as_deref().filter(|g| !g.is_empty()) {
        add(Dim::Grid, grid, Metric::Accepted, 1);
        add(Dim::Grid, grid, Metric::Ended, ended);
        add(Dim::Grid, grid, Metric::Success, won);
    }
    add(Dim::All, "", Metric::Ended, ended);
    add(Dim::All, "", Metric::Success, won);
    // Amounts, oral share and performance only mean something for an agreement in force.
    let amount = if success { facts.amount_cents } else { 0 };
    add(Dim::All, "", Metric::AmountCents, amount);
    add(Dim::DisputeType, kind, Metric::AmountCents, amount);
    if let Some(grid) = facts.grid_id.as_deref().filter(|g| !g.is_empty()) {
        add(Dim::Grid, grid, Metric::AmountCents, amount);
    }
    let oral = i64::from(success && facts.oral);
    add(Dim::All, "", Metric::Oral, oral);
    add(Dim::All, "", Metric::Performed, i64::from(success && facts.performed));
    add(Dim::All, "", Metric::Judicial, i64::from(success && facts.judicial));
    add(
        Dim::All,
        "",
        Metric::TraineeSuccess,
        i64::from(success && facts.mentor_id.is_some()),
    );
    let p = facts.prevention;
    for (cases, persons, n) in [
        (Metric::PreventCriminal, Metric::PreventCriminalPersons, p.criminal),
        (Metric::PreventPetition, Metric::PreventPetitionPersons, p.petition),
        (Metric::PreventFight, Metric::PreventFightPersons, p.fight),
        (Metric::PreventSuicide, Metric::PreventSuicidePersons, p.suicide),
    ] {
        add(Dim::All, "", cases, i64::from(n > 0));
        add(Dim::All, "", persons, n.max(0));
    }
    add(Dim::All, "", Metric::Difficult, i64::from(facts.difficult));
    let closed = i64::from(facts.closed_days.is_some());
    let days = facts.closed_days.unwrap_or(0);
    add(Dim::All, "", Metric::Closed, closed);
    add(Dim::All, "", Metric::ClosedDays, days);
    if facts.closed_days.is_some() {
        add(Dim::Days, &days.min(DAYS_CAP).to_string(), Metric::Closed, 1);
    }
    let (score, visits) = facts.satisfaction.map_or((0, 0), |s| (s, 1));
    add(Dim::All, "", Metric::Satisfaction, score);
    add(Dim::All, "", Metric::SatisfactionVisits, visits);
    if let Some(lead) = &facts.lead_id {
        for (metric, n) in [
            (Metric::Accepted, 1),
            (Metric::Ended, ended),
            (Metric::Success, won),
            (Metric::Oral, oral),
            (Metric::Closed, closed),
            (Metric::ClosedDays, days),
            (Metric::Satisfaction, score),
            (Metric::SatisfactionVisits, visits),
        ] {
            add(Dim::Lead, lead, metric, n);
        }
    }
    if let Some(mentor) = &facts.mentor_id {
        add(Dim::Mentor, mentor, Metric::Accepted, 1);
        add(Dim::Mentor, mentor, Metric::Success, won);
    }
    out
}

/// What a change does to the counters: the cells whose total moves, by how
/// much (`None` stands for a case that counts nowhere, e.g. not accepted).
pub fn difference(before: Option<&CaseFacts>, after: Option<&CaseFacts>) -> Vec<(CounterKey, i64)> {
    moved(
        before.map(contributions).unwrap_or_default(),
        after.map(contributions).unwrap_or_default(),
    )
}

/// The cells whose total moves from one set of contributions to another
/// (a case's or a letter's before and after a change), never 0.
pub fn moved(before: Vec<(CounterKey, i64)>, after: Vec<(CounterKey, i64)>) -> Vec<(CounterKey, i64)> {
    let mut cells = BTreeMap::<CounterKey, i64>::new();
    for (key, n) in before {
        *cells.entry(key).or_default() -= n;
    }
    for (key, n) in after {
        *cells.entry(key).or_default() += n;
    }
    cells.into_iter().filter(|(_, n)| *n != 0).collect()
}

/// The counters a set of cases should have (the recount).
pub fn totals<'a>(all: impl IntoIterator<Item = &'a CaseFacts>) -> BTreeMap<CounterKey, i64> {
    let mut cells = BTreeMap::new();
    for facts in all {
        for (key, n) in contributions(facts) {
            *cells.entry(key).or_default() += n;
        }
    }
    cells
}
