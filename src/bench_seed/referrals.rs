//! Referrals for the centre's board at scale (issue 16). Every REFERRED case
//! of the history went to an organisation that takes its type, was accepted
//! when the case became REFERRED, and most reported an outcome and were
//! closed; about a third of the open intake waits at an organisation, some
//! past the deadline to accept. The board's counters are then recounted
//! from these rows, as `check-stats --rebuild` does.

use diesel::prelude::*;

use super::rng::Rng;
use super::sql::{Batch, V, opt_int, opt_text};
use crate::db::resolution_orgs::{self, ResolutionOrg};
use crate::db::schema::cases;
use crate::db::{DbConn, DbError};
use crate::domain::mediation::DisputeType;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::resolution::ChannelType;

const DAY: i64 = 86_400;
const REFERRAL_COLUMNS: &str = "id, case_id, org_id, state, version, reason, amount, sent_by, sent_at, accept_by, \
     report_days, accepted_at, report_by, returned_reason, outcome, outcome_at, closed_at, escalations, \
     last_escalated_at, updated_at";
/// Days an organisation has to report an outcome once it accepts.
const REPORT_DAYS: i64 = 30;

#[derive(Default, Debug, Clone)]
pub struct ReferralCounts {
    pub referrals: u64,
    /// Sent or accepted: still in an organisation's hands.
    pub open: u64,
    pub overdue: u64,
}

/// One referral's dates and state, before it becomes a row.
struct Drawn {
    state: &'static str,
    sent_at: i64,
    accepted_at: Option<i64>,
    outcome: Option<&'static str>,
    outcome_at: Option<i64>,
    closed_at: Option<i64>,
}

/// An organisation that takes `t`, people's mediation committees of the
/// street aside (a REFERRED case left people's mediation).
fn org_for<'a>(orgs: &'a [ResolutionOrg], t: DisputeType, rng: &mut Rng) -> &'a ResolutionOrg {
    let takers: Vec<&ResolutionOrg> = orgs
        .iter()
        .filter(|o| o.channel != ChannelType::StreetCommittee && o.takes_type(t))
        .collect();
    takers[rng.below(takers.len() as u64) as usize]
}

/// A finished referral: accepted when the case became REFERRED, then an
/// outcome within the report period (unless that is still ahead).
fn finished(rng: &mut Rng, accepted: i64, now: i64) -> Drawn {
    let sent_at = accepted - rng.between(DAY / 2, 3 * DAY);
    let outcome_at = accepted + rng.between(3 * DAY, (REPORT_DAYS + 10) * DAY);
    if outcome_at > now {
        return Drawn {
            state: "accepted",
            sent_at,
            accepted_at: Some(accepted),
            outcome: None,
            outcome_at: None,
            closed_at: None,
        };
    }
    let outcome = *rng.pick(&[
        "agreement",
        "agreement",
        "agreement",
        "judgment",
        "award",
        "withdrawn",
        "not_resolved",
    ]);
    let closed_at = Some(outcome_at + 2 * DAY).filter(|at| *at <= now && rng.chance(0.85));
    Drawn {
        state: if closed_at.is_some() {
            "closed"
        } else {
            "outcome_reported"
        },
        sent_at,
        accepted_at: Some(accepted),
        outcome: Some(outcome),
        outcome_at: Some(outcome_at),
        closed_at,
    }
}

pub fn write(conn: &mut DbConn, rng: &mut Rng, now: i64) -> Result<ReferralCounts, DbError> {
    crate::demo::resolution::seed(conn)?;
    let orgs = resolution_orgs::active(conn)?;
    let referred: Vec<(String, DisputeType, i64)> = cases::table
        .filter(cases::state.eq(CaseState::Referred))
        .select((cases::id, cases::dispute_type, cases::state_entered_at))
        .load(conn)?;
    let intake: Vec<(String, DisputeType, i64)> = cases::table
        .filter(cases::state.eq(CaseState::Registered))
        .select((cases::id, cases::dispute_type, cases::created_at))
        .load(conn)?;
    let mut batch = Batch::new("referrals", REFERRAL_COLUMNS);
    let mut counts = ReferralCounts::default();
    crate::db::write_tx(conn, |conn| -> Result<(), DbError> {
        for (case_id, t, accepted) in &referred {
            let drawn = finished(rng, *accepted, now);
            let org = org_for(&orgs, *t, rng);
            row(&mut batch, &mut counts, rng, org, case_id, &drawn, now)?;
            if batch.is_full() {
                batch.flush(conn)?;
            }
        }
        for (case_id, t, created) in &intake {
            if !rng.chance(0.33) {
                continue;
            }
            let sent_at = (*created + rng.between(DAY / 4, 2 * DAY)).min(now);
            let drawn = Drawn {
                state: "sent",
                sent_at,
                accepted_at: None,
                outcome: None,
                outcome_at: None,
                closed_at: None,
            };
            let org = org_for(&orgs, *t, rng);
            row(&mut batch, &mut counts, rng, org, case_id, &drawn, now)?;
            if batch.is_full() {
                batch.flush(conn)?;
            }
        }
        Ok(batch.flush(conn)?)
    })?;
    crate::resolution::counts::rebuild(conn)?;
    Ok(counts)
}

fn row(
    batch: &mut Batch,
    counts: &mut ReferralCounts,
    rng: &mut Rng,
    org: &ResolutionOrg,
    case_id: &str,
    d: &Drawn,
    now: i64,
) -> diesel::QueryResult<()> {
    // Three working days to accept, about three calendar days and a half.
    let accept_by = d.sent_at + 3 * DAY + DAY / 2;
    let report_by = d.accepted_at.map(|at| at + REPORT_DAYS * DAY);
    let open = matches!(d.state, "sent" | "accepted");
    let overdue = match d.state {
        "sent" => accept_by <= now,
        "accepted" => report_by.is_some_and(|by| by <= now),
        _ => false,
    };
    counts.referrals += 1;
    counts.open += u64::from(open);
    counts.overdue += u64::from(overdue);
    let updated = d.closed_at.or(d.outcome_at).or(d.accepted_at).unwrap_or(d.sent_at);
    let version =
        1 + i64::from(d.accepted_at.is_some()) + i64::from(d.outcome.is_some()) + i64::from(d.closed_at.is_some());
    let id = rng.uuid_at(d.sent_at);
    batch.row(&[
        V::T(&id),
        V::T(case_id),
        V::T(&org.id),
        V::T(d.state),
        V::I(version),
        V::T("按分流建议转办"),
        opt_int(rng.chance(0.4).then(|| rng.between(2_000, 200_000))),
        V::Null,
        V::I(d.sent_at),
        V::I(accept_by),
        V::I(REPORT_DAYS),
        opt_int(d.accepted_at),
        opt_int(report_by),
        V::T(""),
        opt_text(d.outcome),
        opt_int(d.outcome_at),
        opt_int(d.closed_at),
        V::I(0),
        V::Null,
        V::I(updated),
    ])
}
