//! The details of a case's file beyond the generic records: a party's
//! personal details and agent, follow-up visits, the performance status and
//! its proofs. Each change goes through `actions::apply`: version check,
//! permission, timeline event and audit row in one transaction.

use super::access::{CaseAccess, Viewer, access};
use super::actions::{ChangeContext, apply, may_edit, may_record};
use super::{ChangeOutcome, MediationError};
use crate::db::case_extensions::{self, ExtensionWithConsents};
use crate::db::case_follow_ups::{self, FollowUp};
use crate::db::case_performance::{self, PerformanceUpdate};
use crate::db::case_proofs::{self, Proof};
use crate::db::cases::{self, Case, CaseChanges};
use crate::db::{DbConn, case_events, case_parties, new_id};
use crate::domain::follow_up::Performance;
use crate::domain::follow_up::{FollowUpVisit, MAX_PROOFS};
use crate::domain::mediation::CaseEventKind;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::party_details::PartyDetails;

/// A case as a form page needs it: the case, the user's capacities and the
/// last event (for the conflict check). Forbidden for outsiders.
pub struct FormView {
    pub case: Case,
    pub access: CaseAccess,
    pub last_event: String,
}

pub fn form_view(conn: &mut DbConn, viewer: &Viewer, case_id: &str) -> Result<FormView, MediationError> {
    let case = cases::find(conn, case_id)?.ok_or(MediationError::NotFound)?;
    let access = access(conn, viewer, &case)?;
    if !access.can_view {
        return Err(MediationError::Forbidden);
    }
    let last_event = case_events::for_case(conn, case_id)?
        .pop()
        .map(|e| e.id)
        .unwrap_or_default();
    Ok(FormView {
        case,
        access,
        last_event,
    })
}

/// Performance is recorded, and proofs filed, while the agreement is being
/// carried out and at the follow-up visit.
pub fn performance_open(state: CaseState) -> bool {
    matches!(state, CaseState::Performing | CaseState::FollowUp)
}

/// Everything of this module that the case page and the report show.
#[derive(Debug, Default)]
pub struct CaseDetails {
    pub follow_ups: Vec<FollowUp>,
    pub performance: Vec<PerformanceUpdate>,
    pub proofs: Vec<Proof>,
    /// Extensions of the mediation period, each with every party's consent.
    pub extensions: Vec<ExtensionWithConsents>,
}

impl CaseDetails {
    /// The latest recorded performance status, if any.
    pub fn performance_status(&self) -> Option<Performance> {
        self.performance.last().map(|p| p.status)
    }
}

pub fn case_details(conn: &mut DbConn, case_id: &str) -> diesel::QueryResult<CaseDetails> {
    Ok(CaseDetails {
        follow_ups: case_follow_ups::for_case(conn, case_id)?,
        performance: case_performance::for_case(conn, case_id)?,
        proofs: case_proofs::for_case(conn, case_id)?,
        extensions: case_extensions::for_case(conn, case_id)?,
    })
}

pub fn update_party(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    party_id: &str,
    details: PartyDetails,
) -> Result<ChangeOutcome<()>, MediationError> {
    let party_id = party_id.to_owned();
    apply(
        conn,
        ctx,
        CaseEventKind::PartyUpdated,
        may_edit,
        Box::new(move |conn, case, _| {
            let Some(party) = case_parties::find(conn, &case.id, &party_id)? else {
                return Err(MediationError::NotFound);
            };
            case_parties::update_details(conn, &case.id, &party_id, &details)?;
            // The timeline names the party's role only: it is shown widely.
            Ok(Ok((CaseChanges::default(), party.party_role.code().to_owned())))
        }),
    )
}

pub fn add_follow_up(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    visit: FollowUpVisit,
) -> Result<ChangeOutcome<()>, MediationError> {
    let created_by = ctx.viewer.id.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::RecordFollowUp,
        may_record,
        Box::new(move |conn, case, now| {
            if case.state() != CaseState::FollowUp {
                return Ok(Err("case.error.record_state"));
            }
            if let Err(key) = super::actions::record_date(&visit.visited_on, case, now) {
                return Ok(Err(key));
            }
            let note = format!("{} {}", visit.visited_on, visit.method);
            case_follow_ups::insert(
                conn,
                &FollowUp {
                    id: new_id(),
                    case_id: case.id.clone(),
                    visited_on: visit.visited_on,
                    visitor: visit.visitor,
                    method: visit.method,
                    performance: visit.performance,
                    satisfaction: visit.satisfaction,
                    remaining_risk: visit.remaining_risk,
                    measures: visit.measures,
                    created_by,
                    created_at: now,
                },
            )?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

pub fn record_performance(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    status: Performance,
    note: String,
) -> Result<ChangeOutcome<()>, MediationError> {
    let recorded_by = ctx.viewer.id.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::Performance,
        may_record,
        Box::new(move |conn, case, now| {
            if !performance_open(case.state()) {
                return Ok(Err("case.error.record_state"));
            }
            let row = PerformanceUpdate {
                id: new_id(),
                case_id: case.id.clone(),
                status,
                note,
                recorded_by,
                recorded_at: now,
            };
            case_performance::insert(conn, &row)?;
            Ok(Ok((CaseChanges::default(), status.code().to_owned())))
        }),
    )
}

/// An image already cleaned and written under `uploads/proofs/`.
pub struct StoredProof {
    pub description: String,
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
}

/// Files the proof as the next number. Refused when the case holds
/// `MAX_PROOFS` already; the caller then removes the file.
pub fn add_proof(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    proof: StoredProof,
) -> Result<ChangeOutcome<()>, MediationError> {
    let uploaded_by = ctx.viewer.id.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::ProofUploaded,
        may_record,
        Box::new(move |conn, case, now| {
            if !performance_open(case.state()) {
                return Ok(Err("case.error.record_state"));
            }
            let count = case_proofs::for_case(conn, &case.id)?.len();
            if count >= MAX_PROOFS {
                return Ok(Err("record.error.proof_limit"));
            }
            let position = count as i32 + 1;
            case_proofs::insert(
                conn,
                &Proof {
                    id: new_id(),
                    case_id: case.id.clone(),
                    position,
                    description: proof.description,
                    stored_name: proof.stored_name,
                    mime: proof.mime,
                    size_bytes: proof.size_bytes,
                    uploaded_by,
                    created_at: now,
                },
            )?;
            Ok(Ok((CaseChanges::default(), format!("#{position}"))))
        }),
    )
}

/// The proof, for a user who may see the case; Forbidden otherwise.
pub fn proof_for(conn: &mut DbConn, viewer: &Viewer, case_id: &str, position: i32) -> Result<Proof, MediationError> {
    let case = cases::find(conn, case_id)?.ok_or(MediationError::NotFound)?;
    if !access(conn, viewer, &case)?.can_view {
        return Err(MediationError::Forbidden);
    }
    case_proofs::find(conn, &case.id, position)?.ok_or(MediationError::NotFound)
}
