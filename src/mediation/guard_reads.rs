//! What the workflow guard reads from a case file, and the facts it
//! derives from those reads. Reading is kept apart from deriving so that
//! one case (a step, the case page) and a page of cases (the 老马's review
//! queue) reach the facts the same way: the page reads its rows' files in
//! a fixed number of queries, however many rows it shows, and still asks
//! the workflow's own guard.

use std::collections::{HashMap, HashSet};

use super::MediationError;
use super::mentorship::Team;
use super::transitions::TransitionInput;
use crate::dates;
use crate::db::agreement_signatures::AgreementSignature;
use crate::db::agreements::Agreement;
use crate::db::case_parties::Party;
use crate::db::cases::Case;
use crate::db::{
    DbConn, agreement_signatures, agreement_terms, agreements, case_follow_ups, case_parties, case_records,
};
use crate::domain::agreement::{self as rules, AgreementKind};
use crate::domain::mediation::Consent;
use crate::domain::mediation_workflow::{CaseState, GuardFacts};
use crate::domain::viewer::Viewer;

/// The records of one case file that the guard looks at.
#[derive(Default)]
pub struct FileReads {
    pub parties: Vec<Party>,
    /// The latest agreement version.
    pub agreement: Option<Agreement>,
    pub agreement_has_terms: bool,
    pub signatures: rules::Signatures,
    /// When the latest follow-up visit was recorded (the structured form
    /// or a generic record made before it existed).
    pub last_follow_up: Option<i64>,
}

impl FileReads {
    pub fn load(conn: &mut DbConn, case: &Case) -> Result<FileReads, MediationError> {
        let parties = case_parties::for_case(conn, &case.id)?;
        let agreement = agreements::latest(conn, &case.id)?;
        let (agreement_has_terms, signatures) = match &agreement {
            Some(a) => (
                !agreement_terms::for_agreement(conn, &a.id)?.is_empty(),
                signatures_of(conn, &a.id)?,
            ),
            None => (false, rules::Signatures::default()),
        };
        let ids = [case.id.clone()];
        let visits = case_follow_ups::latest_of(conn, &ids)?;
        let records = case_records::latest_of_kind(conn, &ids, "follow_up")?;
        let last_follow_up = visits.into_iter().chain(records).filter_map(|(_, at)| at).max();
        Ok(FileReads {
            parties,
            agreement,
            agreement_has_terms,
            signatures,
            last_follow_up,
        })
    }

    /// The reads of every case in `cases`, keyed by case id: seven queries
    /// for the whole page.
    pub fn load_page(conn: &mut DbConn, cases: &[Case]) -> Result<HashMap<String, FileReads>, MediationError> {
        let ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
        let mut out: HashMap<String, FileReads> = ids.iter().map(|id| (id.clone(), FileReads::default())).collect();
        for party in case_parties::for_cases(conn, &ids)? {
            if let Some(reads) = out.get_mut(&party.case_id) {
                reads.parties.push(party);
            }
        }
        // Versions come in ascending order, so the last one kept is the latest.
        for agreement in agreements::for_cases(conn, &ids)? {
            if let Some(reads) = out.get_mut(&agreement.case_id) {
                reads.agreement = Some(agreement);
            }
        }
        let latest: Vec<String> = out
            .values()
            .filter_map(|r| r.agreement.as_ref().map(|a| a.id.clone()))
            .collect();
        let with_terms: HashSet<String> = agreement_terms::for_agreements(conn, &latest)?
            .into_iter()
            .map(|t| t.agreement_id)
            .collect();
        let mut signatures: HashMap<String, rules::Signatures> = HashMap::new();
        for row in agreement_signatures::for_agreements(conn, &latest)? {
            add_signature(signatures.entry(row.agreement_id.clone()).or_default(), row);
        }
        let visits = case_follow_ups::latest_of(conn, &ids)?;
        let records = case_records::latest_of_kind(conn, &ids, "follow_up")?;
        for (case_id, at) in visits.into_iter().chain(records) {
            if let Some(reads) = out.get_mut(&case_id) {
                reads.last_follow_up = reads.last_follow_up.max(at);
            }
        }
        for reads in out.values_mut() {
            if let Some(a) = &reads.agreement {
                reads.agreement_has_terms = with_terms.contains(&a.id);
                reads.signatures = signatures.remove(&a.id).unwrap_or_default();
            }
        }
        Ok(out)
    }
}

/// The guard's facts for `input` on `case`, from its file's reads. The
/// archive list is not among them: it is read only where a closure is
/// reviewed or filed (`transitions::archive_items_on_file`).
pub fn facts_from(
    case: &Case,
    reads: &FileReads,
    input: &TransitionInput,
    team: &Team,
    viewer: &Viewer,
    now: i64,
) -> GuardFacts {
    let parties = &reads.parties;
    let agreement = reads.agreement.as_ref();
    let agreement_this_round = agreement.filter(|a| a.created_at >= case.state_entered_at);
    let mut facts = GuardFacts::new(dates::china_day(now));
    facts.case_number_allocated = true;
    facts.reason_code = input.reason_code.clone();
    facts.notification_method = input.notification_method.clone();
    facts.destination = input.destination.clone();
    facts.lead_mediator_set = team.lead.is_some();
    facts.mentor_on_team = !team.lead_is_trainee || team.mentor.is_some();
    facts.rights_notice_served_all = !parties.is_empty() && parties.iter().all(|p| p.rights_notice_served);
    facts.consent_recorded_all = !parties.is_empty() && parties.iter().all(|p| p.consent != Consent::Pending);
    facts.party_refused = parties.iter().any(|p| p.consent == Consent::Refused);
    facts.agreement_recorded = match input.to {
        Some(CaseState::AgreementReview) => agreement_this_round.is_some_and(|a| a.kind == AgreementKind::Written),
        Some(CaseState::AgreementEffective) if case.state() == CaseState::Mediating => {
            agreement_this_round.is_some_and(|a| a.kind == AgreementKind::Oral)
        }
        _ => agreement_this_round.is_some(),
    };
    if agreement.is_some() {
        let party_ids: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
        let status = rules::signing_status(&party_ids, &reads.signatures);
        facts.agreement_has_terms = reads.agreement_has_terms;
        facts.signed_by_all = status.all_parties_signed;
        facts.mediator_signed = status.mediator_signed;
        facts.sealed = status.sealed;
    }
    facts.performance_deadline = agreement.and_then(|a| dates::parse_day(&a.performance_deadline));
    facts.performed = input.performed;
    facts.remedies_told = input.ending_notice.is_some();
    facts.follow_up_recorded = reads.last_follow_up.is_some_and(|at| at >= case.state_entered_at);
    facts.agreement_disputed = input.agreement_disputed;
    facts.both_parties_consent = input.both_parties_consent;
    facts.return_reason = input.return_reason.clone();
    facts.previous_state = case.previous_state;
    facts.volume_number = input.volume_number.clone();
    facts.retention_period = input.retention_period.clone();
    facts.filed_by = Some(viewer.id.clone());
    facts
}

/// The signature rows of one version, as day numbers per signer.
pub fn signatures_of(conn: &mut DbConn, agreement_id: &str) -> Result<rules::Signatures, MediationError> {
    let mut out = rules::Signatures::default();
    for row in agreement_signatures::for_agreement(conn, agreement_id)? {
        add_signature(&mut out, row);
    }
    Ok(out)
}

fn add_signature(out: &mut rules::Signatures, row: AgreementSignature) {
    let Some(day) = dates::parse_day(&row.signed_on) else {
        return;
    };
    match (row.signer.as_str(), row.party_id) {
        ("party", Some(party)) => out.parties.push((party, day)),
        ("mediator", _) => out.mediators.push(day),
        ("committee", _) => out.seal = Some(day),
        _ => {}
    }
}
