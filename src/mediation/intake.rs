//! Registering a case: online applications and staff registrations.

use crate::db::audit::{self, AuditActor};
use crate::db::case_events::{self, CaseEvent};
use crate::db::case_parties::{self, Party};
use crate::db::cases::{self, Case};
use crate::db::court_entrustments::{self, CourtEntrustment};
use crate::db::{self, DbConn, DbError, committees, form_tokens, screenings};
use crate::domain::court_entrustment::CourtFacts;
use crate::domain::mediation::{CaseEventKind, PartyRole};
use crate::domain::mediation_intake::CaseIntake;
use crate::domain::mediation_workflow::CaseState;
use crate::receipts::receipt_hash;

#[derive(Debug)]
pub struct Submitted {
    pub case_id: String,
    /// Only for online applications; shown once, stored as a hash.
    pub receipt_code: Option<String>,
    /// True when this was a re-post of a form already stored.
    pub repeated: bool,
}

pub struct IntakeRequest<'a> {
    pub intake: &'a CaseIntake,
    pub form_token: &'a str,
    /// The code to issue (online only).
    pub receipt_code: Option<String>,
    pub registered_by: Option<&'a str>,
    /// The resident's account, when they applied logged in.
    pub applicant_user_id: Option<&'a str>,
    pub actor: &'a AuditActor,
    /// What a court-entrusted case keeps of the court (issue 16).
    pub court: Option<&'a CourtFacts>,
    /// The screening round (排查) the case was found in (issue 13).
    pub screening_id: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The screening round named is not the case's street's, or has already
    /// linked as many cases as it reported opening: nothing was stored.
    #[error("the screening round cannot take another case")]
    ScreeningFull,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for IntakeError {
    fn from(e: diesel::result::Error) -> Self {
        IntakeError::Db(e.into())
    }
}

pub fn submit(conn: &mut DbConn, request: IntakeRequest<'_>) -> Result<Submitted, IntakeError> {
    let case_id = db::new_id();
    db::write_tx(conn, |conn| {
        if let Some(previous) = form_tokens::claim(conn, request.form_token, &case_id)? {
            return Ok(Submitted {
                case_id: previous,
                receipt_code: request.receipt_code.clone(),
                repeated: true,
            });
        }
        let committee =
            committees::for_street(conn, &request.intake.street_id)?.ok_or(diesel::result::Error::NotFound)?;
        let now = db::now_ts();
        let case = new_case(&case_id, &committee.id, request.intake, now, &request);
        cases::insert(conn, &case)?;
        if let Some(round) = request.screening_id {
            link_screening(conn, &case, round)?;
        }
        super::queue_index::count_registered(conn, &case.street_id)?;
        insert_parties(conn, &case_id, request.intake)?;
        if let Some(court) = request.court {
            let row = CourtEntrustment {
                case_id: case_id.clone(),
                court_deadline: court.deadline.map(crate::dates::day_text).unwrap_or_default(),
                court_org_id: court.court_org_id.clone(),
                version: 1,
                updated_at: now,
            };
            court_entrustments::insert(conn, &row)?;
        }
        let actor_label = &request.actor.label;
        let mut event = CaseEvent::new(
            &case_id,
            CaseEventKind::Transition,
            request.actor.user_id.as_deref(),
            actor_label,
            now,
            "",
        );
        event.to_state = Some(CaseState::Registered);
        case_events::append(conn, &event)?;
        let action = if request.registered_by.is_some() {
            "case.register"
        } else {
            "case.apply"
        };
        audit::record(
            conn,
            request.actor,
            action,
            Some(("case", &case_id)),
            request.intake.source.code(),
        )?;
        Ok(Submitted {
            case_id: case_id.clone(),
            receipt_code: request.receipt_code.clone(),
            repeated: false,
        })
    })
}

/// Names the round on the case and counts it there; refused (and the whole
/// registration rolled back) when the round cannot take it.
fn link_screening(conn: &mut DbConn, case: &Case, round: &str) -> Result<(), IntakeError> {
    use diesel::prelude::*;
    if !screenings::link_case(conn, round, &case.street_id)? {
        return Err(IntakeError::ScreeningFull);
    }
    diesel::update(crate::db::schema::cases::table.find(&case.id))
        .set(crate::db::schema::cases::screening_id.eq(round))
        .execute(conn)?;
    Ok(())
}

fn new_case(id: &str, committee_id: &str, intake: &CaseIntake, now: i64, request: &IntakeRequest<'_>) -> Case {
    Case {
        id: id.to_owned(),
        committee_id: committee_id.to_owned(),
        street_id: intake.street_id.clone(),
        community_id: intake.community_id.clone(),
        case_year: None,
        case_seq: None,
        case_number: None,
        state: CaseState::Registered,
        source: intake.source,
        external_ref: intake.external_ref.clone(),
        dispute_type: intake.dispute_type,
        local_type: intake.local_type.clone(),
        summary: intake.summary.clone(),
        requests: intake.requests.join("\n"),
        place_detail: intake.place_detail.clone(),
        risk_level: None,
        on_hold: false,
        hold_reason: String::new(),
        hold_started_at: None,
        hold_days: 0,
        extension_days: 0,
        escalation: None,
        prevent_criminal: 0,
        prevent_petition: 0,
        prevent_fight: 0,
        prevent_suicide: 0,
        police_report: String::new(),
        lead_mediator_id: None,
        mentor_id: None,
        previous_state: None,
        outcome_note: String::new(),
        archive_volume: String::new(),
        archive_retention: String::new(),
        archived_by: None,
        receipt_hash: request.receipt_code.as_deref().and_then(receipt_hash),
        registered_by: request.registered_by.map(str::to_owned),
        accepted_at: None,
        deadline_at: None,
        state_entered_at: now,
        version: 1,
        created_at: now,
        updated_at: now,
        applicant_user_id: request.applicant_user_id.map(str::to_owned),
        grid_id: intake.grid_id.clone(),
        compound_id: intake.compound_id.clone(),
    }
}

fn insert_parties(conn: &mut DbConn, case_id: &str, intake: &CaseIntake) -> diesel::QueryResult<()> {
    let mut applicant = Party::new(
        case_id,
        PartyRole::Applicant,
        &intake.applicant.name,
        &intake.applicant.phone,
        0,
    );
    applicant.address = intake.applicant_address.clone();
    case_parties::insert(conn, &applicant)?;
    for (i, respondent) in intake.respondents.iter().enumerate() {
        let party = Party::new(
            case_id,
            PartyRole::Respondent,
            &respondent.name,
            &respondent.phone,
            i as i32 + 1,
        );
        case_parties::insert(conn, &party)?;
    }
    Ok(())
}
