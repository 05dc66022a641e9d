//! Agreement versions as the case file shows them (the case page and the
//! printed 调解协议书 alike): the terms table and one signature line per
//! party, mediator and seal, with party names as the reveal allows.

use crate::db::agreement_signatures::{self, AgreementSignature};
use crate::db::agreement_terms::{self, AgreementTerm};
use crate::db::agreements::{self, Agreement};
use crate::db::case_parties::Party;
use crate::db::cases::Case;
use crate::db::{DbConn, users};
use crate::domain::agreement::AgreementKind;
use crate::domain::agreement::format_amount;
use crate::domain::mediation_workflow::CaseState;
use crate::mediation::agreements::is_open_draft;
use crate::reveal::Reveal;

pub struct TermRow {
    pub n: i32,
    pub obligor_role_key: String,
    pub obligor: String,
    pub content: String,
    /// "3000.00", or "" for a term without money.
    pub amount: String,
    pub manner: String,
    pub place: String,
    pub deadline: String,
}

/// One line of the signature block: signed (method and day) or still open.
pub struct SignRow {
    /// The party id for a party's line; "" otherwise.
    pub party_id: String,
    /// `party.role.*` for a party; "" for a mediator.
    pub role_key: String,
    pub name: String,
    /// `agreement.method.*`, or "" while unsigned.
    pub method_key: String,
    pub signed_on: String,
}

impl SignRow {
    pub fn signed(&self) -> bool {
        !self.signed_on.is_empty()
    }
}

pub struct AgreementView {
    pub a: Agreement,
    pub terms: Vec<TermRow>,
    pub parties: Vec<SignRow>,
    pub mediators: Vec<SignRow>,
    /// The day the committee sealed it, or "".
    pub sealed_on: String,
    /// The case's latest version (errors of the sign forms are shown there).
    pub latest: bool,
    /// The latest version, still a draft terms may be added to.
    pub open_for_terms: bool,
    /// The written draft under review: signatures may be recorded.
    pub open_for_signing: bool,
}

impl AgreementView {
    pub fn amount(&self) -> String {
        format_amount(self.a.amount_cents)
    }

    /// Every term but the last: the printed document keeps the last one on
    /// the same page as the signatures, so it is set apart.
    pub fn leading_terms(&self) -> &[TermRow] {
        self.terms.split_last().map_or(&[], |(_, rest)| rest)
    }

    pub fn last_term(&self) -> Option<&TermRow> {
        self.terms.last()
    }
}

/// Every version of the case, oldest first. Party names as `reveal` allows:
/// in full on the printed document (a legal paper), masked on the case page
/// like its party list.
pub fn load(
    conn: &mut DbConn,
    case: &Case,
    parties: &[Party],
    reveal: &Reveal<'_>,
) -> diesel::QueryResult<Vec<AgreementView>> {
    let versions = agreements::all(conn, &case.id)?;
    let ids: Vec<String> = versions.iter().map(|a| a.id.clone()).collect();
    let terms = agreement_terms::for_agreements(conn, &ids)?;
    let signatures = agreement_signatures::for_agreements(conn, &ids)?;
    let mut mediator_names = Vec::new();
    for id in signatures.iter().filter_map(|s| s.mediator_id.clone()) {
        if !mediator_names.iter().any(|(m, _)| *m == id) {
            let name = users::find(conn, &id)?.map(|u| u.display_name).unwrap_or_default();
            mediator_names.push((id, name));
        }
    }
    let name = |p: &Party| reveal.name(&p.name);
    let last = versions.len().saturating_sub(1);
    Ok(versions
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let terms: Vec<&AgreementTerm> = terms.iter().filter(|t| t.agreement_id == a.id).collect();
            let sigs: Vec<&AgreementSignature> = signatures.iter().filter(|s| s.agreement_id == a.id).collect();
            let open = i == last && is_open_draft(case, &a);
            AgreementView {
                terms: terms.iter().map(|t| term_row(t, parties, &name)).collect(),
                parties: parties.iter().map(|p| party_row(p, &sigs, &name)).collect(),
                mediators: mediator_rows(&sigs, &mediator_names),
                sealed_on: sigs
                    .iter()
                    .find(|s| s.signer == "committee")
                    .map(|s| s.signed_on.clone())
                    .unwrap_or_default(),
                latest: i == last,
                open_for_terms: open && sigs.is_empty(),
                open_for_signing: open
                    && a.kind == AgreementKind::Written
                    && !terms.is_empty()
                    && case.state() == CaseState::AgreementReview,
                a,
            }
        })
        .collect())
}

fn term_row(t: &AgreementTerm, parties: &[Party], name: &impl Fn(&Party) -> String) -> TermRow {
    let obligor = parties.iter().find(|p| p.id == t.obligor_party_id);
    TermRow {
        n: t.sort_order,
        obligor_role_key: obligor
            .map(|p| format!("party.role.{}", p.party_role))
            .unwrap_or_default(),
        obligor: obligor.map(name).unwrap_or_default(),
        content: t.content.clone(),
        amount: if t.amount_cents > 0 {
            format_amount(t.amount_cents)
        } else {
            String::new()
        },
        manner: t.manner.clone(),
        place: t.place.clone(),
        deadline: t.deadline.clone(),
    }
}

fn party_row(p: &Party, sigs: &[&AgreementSignature], name: &impl Fn(&Party) -> String) -> SignRow {
    let sig = sigs.iter().find(|s| s.party_id.as_deref() == Some(p.id.as_str()));
    SignRow {
        party_id: p.id.clone(),
        role_key: format!("party.role.{}", p.party_role),
        name: name(p),
        method_key: sig.map(|s| s.method.label_key().to_owned()).unwrap_or_default(),
        signed_on: sig.map(|s| s.signed_on.clone()).unwrap_or_default(),
    }
}

fn mediator_rows(sigs: &[&AgreementSignature], names: &[(String, String)]) -> Vec<SignRow> {
    sigs.iter()
        .filter(|s| s.signer == "mediator")
        .map(|s| SignRow {
            party_id: String::new(),
            role_key: String::new(),
            name: names
                .iter()
                .find(|(id, _)| s.mediator_id.as_deref() == Some(id.as_str()))
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            method_key: s.method.label_key().to_owned(),
            signed_on: s.signed_on.clone(),
        })
        .collect()
}
