//! The agreement's terms and signatures (DESIGN.md §5.3). Like every other
//! change to a case, each runs through `actions::apply`: version check,
//! permission (case team members who record), timeline event, audit row.

use super::access::{Viewer, access};
use super::actions::{ChangeContext, apply, may_record};
use super::{ChangeOutcome, MediationError};
use crate::dates::{china_day, date, parse_day};
use crate::db::agreement_signatures::{self, AgreementSignature};
use crate::db::agreement_terms::{self, AgreementTerm};
use crate::db::agreements::{self, Agreement};
use crate::db::cases::{self, Case, CaseChanges};
use crate::db::{DbConn, case_parties, new_id};
use crate::domain::agreement::AgreementKind;
use crate::domain::agreement::{SignMethod, check_signature_day, format_amount, totals};
use crate::domain::mediation::CaseEventKind;
use crate::domain::mediation_workflow::CaseState;

/// The case's party ids, for validating a term form before it is saved.
/// Refuses (403) anyone who may not record on this case, so outsiders learn
/// nothing from validation messages.
pub fn party_ids_for_recorder(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
) -> Result<Vec<String>, MediationError> {
    let case = cases::find(conn, case_id)?.ok_or(MediationError::NotFound)?;
    let access = access(conn, viewer, &case)?;
    if !access.can_view || !may_record(&access.actor) {
        return Err(MediationError::Forbidden);
    }
    Ok(case_parties::for_case(conn, case_id)?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// Whether `agreement` (the case's latest version) is still a draft: drafted
/// in this round of mediation, or the one under review, and not in force.
pub fn is_open_draft(case: &Case, agreement: &Agreement) -> bool {
    let this_round = match case.state() {
        CaseState::AgreementReview => true,
        CaseState::Mediating => agreement.created_at >= case.state_entered_at,
        _ => false,
    };
    this_round && agreement.effective_on.is_empty()
}

/// The version terms and signatures go to: the latest, if still a draft.
fn draft(conn: &mut DbConn, case: &Case) -> Result<Result<Agreement, &'static str>, MediationError> {
    if !matches!(case.state(), CaseState::Mediating | CaseState::AgreementReview) {
        return Ok(Err("agreement.error.state"));
    }
    match agreements::latest(conn, &case.id)? {
        Some(agreement) if is_open_draft(case, &agreement) => Ok(Ok(agreement)),
        _ => Ok(Err("agreement.error.no_draft")),
    }
}

/// Adds a term to the draft and keeps the agreement's totals in step.
/// Once anyone has signed, the text is fixed: changing it would change what
/// they signed.
pub fn add_term(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    term: AgreementTerm,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::AgreementTerm,
        may_record,
        Box::new(move |conn, case, now| {
            let agreement = match draft(conn, case)? {
                Ok(a) => a,
                Err(key) => return Ok(Err(key)),
            };
            if agreement_signatures::any_for(conn, &agreement.id)? {
                return Ok(Err("agreement.error.signing_started"));
            }
            let parties = case_parties::for_case(conn, &case.id)?;
            if !parties.iter().any(|p| p.id == term.obligor_party_id) {
                return Ok(Err("agreement.error.obligor"));
            }
            let mut terms = agreement_terms::for_agreement(conn, &agreement.id)?;
            let mut term = term;
            term.agreement_id = agreement.id.clone();
            term.sort_order = terms.len() as i32 + 1;
            term.created_at = now;
            agreement_terms::insert(conn, &term)?;
            let note = format!(
                "v{} #{} ¥{}",
                agreement.version,
                term.sort_order,
                format_amount(term.amount_cents)
            );
            terms.push(term);
            let (amount, deadline) = totals(
                &terms
                    .iter()
                    .map(|t| (t.amount_cents, parse_day(&t.deadline)))
                    .collect::<Vec<_>>(),
            );
            // Back to `YYYY-MM-DD`: d * 86400 (UTC) is 08:00 of China day d.
            let deadline = deadline.map(|d| date(d * 86_400)).unwrap_or_default();
            agreements::set_totals(conn, &agreement.id, amount, &deadline)?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

/// Who puts their name to the agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signer {
    Party(String),
    Mediator(String),
    Committee,
}

impl Signer {
    fn key(&self) -> String {
        match self {
            Signer::Party(id) | Signer::Mediator(id) => id.clone(),
            Signer::Committee => "committee".to_owned(),
        }
    }
}

pub struct SignatureInput {
    pub signer: Signer,
    pub method: SignMethod,
    /// As typed: `YYYY-MM-DD`.
    pub signed_on: String,
    pub recorded_by: String,
}

/// Records one signature on the written draft under review.
pub fn record_signature(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    input: SignatureInput,
) -> Result<ChangeOutcome<()>, MediationError> {
    apply(
        conn,
        ctx,
        CaseEventKind::AgreementSigned,
        may_record,
        Box::new(move |conn, case, now| {
            let agreement = match draft(conn, case)? {
                Ok(a) if case.state() == CaseState::AgreementReview && a.kind == AgreementKind::Written => a,
                Ok(_) => return Ok(Err("agreement.error.sign_state")),
                Err(key) => return Ok(Err(key)),
            };
            if agreement_terms::for_agreement(conn, &agreement.id)?.is_empty() {
                return Ok(Err("agreement.error.no_terms"));
            }
            let signer_label = match signer_label(conn, case, &input.signer)? {
                Some(label) => label,
                None => return Ok(Err("agreement.error.signer")),
            };
            let drafted = china_day(agreement.created_at);
            if let Err(key) = check_signature_day(parse_day(&input.signed_on), drafted, china_day(now)) {
                return Ok(Err(key));
            }
            let key = input.signer.key();
            if agreement_signatures::exists(conn, &agreement.id, &key)? {
                return Ok(Err("agreement.error.already_signed"));
            }
            let (signer, party_id, mediator_id) = match &input.signer {
                Signer::Party(id) => ("party", Some(id.clone()), None),
                Signer::Mediator(id) => ("mediator", None, Some(id.clone())),
                Signer::Committee => ("committee", None, None),
            };
            let signed_on = input.signed_on.trim().to_owned();
            let note = format!(
                "v{} {signer_label} {} {signed_on}",
                agreement.version,
                input.method.code()
            );
            agreement_signatures::insert(
                conn,
                &AgreementSignature {
                    id: new_id(),
                    agreement_id: agreement.id.clone(),
                    signer: signer.to_owned(),
                    party_id,
                    mediator_id,
                    signer_key: key,
                    method: input.method,
                    signed_on,
                    created_by: input.recorded_by.clone(),
                    created_at: now,
                },
            )?;
            Ok(Ok((CaseChanges::default(), note)))
        }),
    )
}

/// A code for the timeline note (no names: notes are not masked), or None
/// when the signer does not belong to this case: a party of the case, or a
/// mediator on its team (lead, co-mediator or mentor).
fn signer_label(conn: &mut DbConn, case: &Case, signer: &Signer) -> Result<Option<String>, MediationError> {
    Ok(match signer {
        Signer::Party(id) => case_parties::for_case(conn, &case.id)?
            .into_iter()
            .find(|p| &p.id == id)
            .map(|p| p.party_role.code().to_owned()),
        Signer::Mediator(id) => {
            let on_team = case.lead_mediator_id.as_ref() == Some(id)
                || case.mentor_id.as_ref() == Some(id)
                || cases::co_mediators(conn, &case.id)?.contains(id);
            on_team.then(|| "mediator".to_owned())
        }
        Signer::Committee => Some("committee".to_owned()),
    })
}
