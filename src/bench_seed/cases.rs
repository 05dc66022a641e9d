//! Generated cases with their parties, team and full timeline, written in
//! chunks of one write transaction each.

use std::collections::HashMap;

use super::cast::{Cast, Mediator, Person, StreetCast};
use super::names;
use super::plan::{self, DAY, Plan};
use super::rng::Rng;
use super::sql::{Batch, V, opt_int, opt_text};
use crate::dates;
use crate::db::{self, DbConn, DbError};
use crate::domain::legal_period::{self, HolidayCalendar};
use crate::domain::mediation::case_number;
use crate::domain::mediation_workflow::{Authority, CaseState, authority};

const CHUNK: u64 = 20_000;
/// Cases in review that `bench-xiaoma` leads and `bench-laoma` signs off,
/// at every size: the 老马's 待我审核 page then lists the same rows in the
/// 10k and the 1M database, so the benchmark compares like with like.
const LAOMA_REVIEWS: u32 = 6;
const CASE_COLUMNS: &str = "id, committee_id, street_id, community_id, case_year, case_seq, case_number, state, source, \
     dispute_type, summary, requests, place_detail, risk_level, on_hold, hold_reason, hold_started_at, \
     lead_mediator_id, mentor_id, previous_state, outcome_note, archive_volume, archive_retention, archived_by, \
     receipt_hash, registered_by, accepted_at, deadline_at, state_entered_at, version, created_at, updated_at";
const PARTY_COLUMNS: &str =
    "id, case_id, party_role, kind, name, phone, address, rights_notice_served, consent, sort_order, created_at";
const EVENT_COLUMNS: &str =
    "id, case_id, kind, from_state, to_state, actor_id, actor_label, at, note, seconds_in_previous";

#[derive(Default, Debug, Clone)]
pub struct CaseCounts {
    pub cases: u64,
    pub parties: u64,
    pub events: u64,
    pub co_mediators: u64,
    pub open: u64,
    pub overdue: u64,
}

struct Writer {
    cases: Batch,
    parties: Batch,
    events: Batch,
    co: Batch,
    /// Last number given per (street index, year).
    counters: HashMap<(usize, i32), i32>,
    counts: CaseCounts,
    /// Review cases still to give to the login pair (see [`LAOMA_REVIEWS`]).
    laoma_reviews: u32,
}

impl Writer {
    fn flush(&mut self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        self.cases.flush(conn)?;
        self.parties.flush(conn)?;
        self.events.flush(conn)?;
        self.co.flush(conn)
    }
}

/// The open cases a history of `total` cases leaves: a few hundred to a few
/// thousand, whatever the total (the roster is sized from it).
pub fn open_backlog(total: u64) -> u64 {
    (total / 300).clamp((total / 4).min(200), 3_000)
}

/// The open share that leaves [`open_backlog`] cases open.
fn open_probability(total: u64) -> f64 {
    let target = open_backlog(total) as f64;
    let recent = (total as f64 * 90.0 / 1095.0).max(1.0);
    (target / recent).min(0.9)
}

pub fn write(conn: &mut DbConn, cast: &Cast, rng: &mut Rng, total: u64, now: i64) -> Result<CaseCounts, DbError> {
    let mut w = Writer {
        cases: Batch::new("cases", CASE_COLUMNS),
        parties: Batch::new("case_parties", PARTY_COLUMNS),
        events: Batch::new("case_events", EVENT_COLUMNS),
        co: Batch::new("case_co_mediators", "case_id, user_id"),
        counters: HashMap::new(),
        counts: CaseCounts::default(),
        laoma_reviews: LAOMA_REVIEWS,
    };
    let end = now - 3_600;
    let span = 3 * 365 * DAY;
    let p_open = open_probability(total);
    let mut i = 0;
    while i < total {
        let upto = (i + CHUNK).min(total);
        db::write_tx(conn, |conn| {
            for k in i..upto {
                let created_at = end - span + (k as i128 * span as i128 / total.max(1) as i128) as i64;
                let created_at = created_at + rng.below((span as u64 / total.max(1)).max(1)) as i64;
                one_case(conn, &mut w, cast, rng, created_at.min(end), now, p_open)?;
            }
            w.flush(conn)
        })?;
        i = upto;
    }
    write_counters(conn, cast, &w.counters)?;
    Ok(w.counts)
}

fn write_counters(conn: &mut DbConn, cast: &Cast, counters: &HashMap<(usize, i32), i32>) -> Result<(), DbError> {
    let mut batch = Batch::new("case_number_counters", "committee_id, year, last_n");
    db::write_tx(conn, |conn| {
        for ((s, year), last) in counters {
            let committee = &cast.streets[*s].committee_id;
            batch.row(&[V::T(committee), V::I(i64::from(*year)), V::I(i64::from(*last))])?;
            if batch.is_full() {
                batch.flush(conn)?;
            }
        }
        batch.flush(conn)
    })?;
    Ok(())
}

/// Who worked the case: lead, mentor (always for a 小马) and sometimes a co-mediator.
struct Team<'a> {
    lead: &'a Mediator,
    mentor: Option<&'a Mediator>,
    co: Option<&'a Mediator>,
}

fn team<'a>(rng: &mut Rng, st: &'a StreetCast) -> Team<'a> {
    let trainee = rng.chance(0.45);
    let lead = match st.pick(rng, Some(trainee), &[]) {
        Some(m) => m,
        None => st.pick(rng, None, &[]).expect("every street has mediators"),
    };
    let mentor = if lead.trainee || rng.chance(0.1) {
        st.pick(rng, Some(false), &[&lead.person.id])
    } else {
        None
    };
    let co = if rng.chance(0.25) {
        let mut not = vec![lead.person.id.as_str()];
        not.extend(mentor.map(|m| m.person.id.as_str()));
        st.pick(rng, None, &not)
    } else {
        None
    };
    Team { lead, mentor, co }
}

/// `bench-xiaoma` leading under `bench-laoma`, both of street 0.
fn login_team(st: &StreetCast) -> Team<'_> {
    let find = |login: &str| {
        st.mediators
            .iter()
            .find(|m| m.person.label == login)
            .expect("street 0 has the login mediators")
    };
    Team {
        lead: find("bench-xiaoma"),
        mentor: Some(find("bench-laoma")),
        co: None,
    }
}

fn one_case(
    conn: &mut DbConn,
    w: &mut Writer,
    cast: &Cast,
    rng: &mut Rng,
    created_at: i64,
    now: i64,
    p_open: f64,
) -> diesel::QueryResult<()> {
    let plan = plan::plan(rng, created_at, now, p_open);
    let login_pair = matches!(plan.last().0, CaseState::AgreementReview | CaseState::ClosureReview)
        && w.laoma_reviews > 0
        && !plan.on_hold;
    // The login pair works in the busiest street, the first one.
    let s = if login_pair { 0 } else { cast.pick_street(rng) };
    let st = &cast.streets[s];
    let id = rng.uuid_at(created_at);
    let team = match plan.entered(CaseState::Assigned) {
        Some(_) if login_pair => {
            w.laoma_reviews -= 1;
            Some(login_team(st))
        }
        Some(_) => Some(team(rng, st)),
        None => None,
    };
    let source = names::source(rng);
    let online = source == "application";
    let numbered = plan.entered(CaseState::Accepted).map(|at| {
        let year = dates::china_year(at);
        let seq = w.counters.entry((s, year)).or_insert(0);
        *seq += 1;
        (year, *seq, case_number(year, &st.short_name, i64::from(*seq)))
    });
    write_case_row(w, rng, st, &plan, &id, source, team.as_ref(), numbered, now)?;
    let assigned = team.is_some();
    write_parties(w, rng, &id, created_at, assigned, plan.last().0)?;
    write_events(w, rng, st, &plan, &id, online, team.as_ref())?;
    if let Some(co) = team.as_ref().and_then(|t| t.co) {
        w.co.row(&[V::T(&id), V::T(&co.person.id)])?;
        w.counts.co_mediators += 1;
    }
    w.counts.cases += 1;
    if w.cases.is_full() || w.parties.is_full() || w.events.is_full() {
        w.flush(conn)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_case_row(
    w: &mut Writer,
    rng: &mut Rng,
    st: &StreetCast,
    plan: &Plan,
    id: &str,
    source: &str,
    team: Option<&Team<'_>>,
    numbered: Option<(i32, i32, String)>,
    now: i64,
) -> diesel::QueryResult<()> {
    let (state, entered) = plan.last();
    let accepted_at = plan.entered(CaseState::Accepted);
    // The bench data has no holidays: weekends only, as a fresh install.
    let deadline_at = accepted_at.map(|t| {
        let last = legal_period::mediation_last_day(crate::dates::china_day(t), &HolidayCalendar::weekends_only());
        legal_period::end_instant(last)
    });
    let open = !matches!(
        state,
        CaseState::Closed | CaseState::Archived | CaseState::NotAccepted | CaseState::Referred
    );
    w.counts.open += u64::from(open);
    let overdue =
        state.deadline_applies() && !plan.on_hold && deadline_at.is_some_and(|end| legal_period::has_ended(end, now));
    w.counts.overdue += u64::from(overdue);
    let (dispute, summary, requests) = names::dispute(rng);
    let community = rng.pick(&st.compounds).community_id.clone();
    let risk = match rng.below(1000) {
        0..3 => Some("red"),
        3..13 => Some("orange"),
        13..60 => Some("yellow"),
        _ => None,
    };
    let previous = plan
        .steps
        .iter()
        .position(|s| s.0 == CaseState::ClosureReview)
        .map(|k| plan.steps[k - 1].0.code());
    let outcome = match state {
        CaseState::NotAccepted => format!(
            "{}|phone",
            rng.pick(&["in_court", "not_civil_dispute", "party_refuses"])
        ),
        CaseState::Referred => rng
            .pick(&["江北区人民法院", "区信访办公室", "区市场监管局"])
            .to_string(),
        _ => String::new(),
    };
    let archived = state == CaseState::Archived;
    let volume = match (&numbered, archived) {
        (Some((year, seq, _)), true) => format!("{year}-{:03}", seq / 50 + 1),
        _ => String::new(),
    };
    let receipt = (source == "application").then(|| rng.hex64());
    let (year, seq, number) = match &numbered {
        Some((y, s, n)) => (Some(i64::from(*y)), Some(i64::from(*s)), Some(n.as_str())),
        None => (None, None, None),
    };
    let hold_reason = if plan.on_hold { "当事人住院治疗" } else { "" };
    w.cases.row(&[
        V::T(id),
        V::T(&st.committee_id),
        V::T(&st.street_id),
        V::T(&community),
        opt_int(year),
        opt_int(seq),
        opt_text(number),
        V::T(state.code()),
        V::T(source),
        V::T(dispute),
        V::T(summary),
        V::T(requests),
        V::T(""),
        opt_text(risk),
        V::B(plan.on_hold),
        V::T(hold_reason),
        opt_int(plan.on_hold.then_some(entered)),
        opt_text(team.map(|t| t.lead.person.id.as_str())),
        opt_text(team.and_then(|t| t.mentor).map(|m| m.person.id.as_str())),
        opt_text(previous),
        V::T(&outcome),
        V::T(&volume),
        V::T(if archived { "long_term" } else { "" }),
        opt_text(archived.then_some(st.coordinator.id.as_str())),
        opt_text(receipt.as_deref()),
        opt_text((source != "application").then_some(st.coordinator.id.as_str())),
        opt_int(accepted_at),
        opt_int(deadline_at),
        V::I(entered),
        V::I(plan.steps.len() as i64),
        V::I(plan.steps[0].1),
        V::I(entered),
    ])
}

/// An applicant and up to two respondents or third parties. Parties of an
/// assigned case were told their rights and consented (the ASSIGNED guard).
fn write_parties(
    w: &mut Writer,
    rng: &mut Rng,
    case_id: &str,
    created_at: i64,
    assigned: bool,
    state: CaseState,
) -> diesel::QueryResult<()> {
    let n = 1 + rng.weighted(&[5, 75, 20]);
    for k in 0..n {
        let organisation = k == 1 && rng.chance(0.2);
        let name = if organisation {
            names::organisation(rng)
        } else {
            names::person(rng)
        };
        let role = match k {
            0 => "applicant",
            2 if rng.chance(0.3) => "third_party",
            _ => "respondent",
        };
        let consent = match (assigned, state) {
            (true, _) => "given",
            (false, CaseState::NotAccepted) if k == 1 && rng.chance(0.3) => "refused",
            _ => "pending",
        };
        let phone = if k == 0 || rng.chance(0.5) {
            names::phone(rng)
        } else {
            String::new()
        };
        let address = if k == 0 {
            format!("{}号{}单元", rng.between(1, 200), rng.between(1, 6))
        } else {
            String::new()
        };
        w.parties.row(&[
            V::T(&rng.uuid_at(created_at)),
            V::T(case_id),
            V::T(role),
            V::T(if organisation { "organisation" } else { "person" }),
            V::T(&name),
            V::T(&phone),
            V::T(&address),
            V::B(assigned),
            V::T(consent),
            V::I(k as i64),
            V::I(created_at),
        ])?;
        w.counts.parties += 1;
    }
    Ok(())
}

/// One `transition` event per step, by whoever may fire it (§5.2): the
/// office for intake and filing, the lead for the work, the mentor or the
/// committee head for the reviews.
#[allow(clippy::too_many_arguments)]
fn write_events(
    w: &mut Writer,
    rng: &mut Rng,
    st: &StreetCast,
    plan: &Plan,
    case_id: &str,
    online: bool,
    team: Option<&Team<'_>>,
) -> diesel::QueryResult<()> {
    let anonymous = Person {
        id: String::new(),
        label: "anonymous".into(),
    };
    let mut previous: Option<(CaseState, i64)> = None;
    for &(state, at) in &plan.steps {
        let actor = match previous.and_then(|p| authority(p.0)) {
            None if online => &anonymous,
            None | Some(Authority::Office) => &st.coordinator,
            Some(Authority::Team) => team.map_or(&st.coordinator, |t| &t.lead.person),
            Some(Authority::Review) => match team {
                Some(t) if t.lead.trainee => t.mentor.map_or(&st.head, |m| &m.person),
                _ => &st.head,
            },
        };
        let actor_id = Some(actor.id.as_str()).filter(|id| !id.is_empty());
        w.events.row(&[
            V::T(&rng.uuid_at(at)),
            V::T(case_id),
            V::T("transition"),
            opt_text(previous.map(|p| p.0.code())),
            V::T(state.code()),
            opt_text(actor_id),
            V::T(&actor.label),
            V::I(at),
            V::T(""),
            opt_int(previous.map(|p| at - p.1)),
        ])?;
        w.counts.events += 1;
        previous = Some((state, at));
    }
    Ok(())
}
