//! The demo agreement: one written version with a term binding the
//! respondent, signed by everyone and sealed, through the real use cases.

use super::Driver;
use crate::db::agreement_terms::AgreementTerm;
use crate::db::agreements::Agreement;
use crate::db::{self, case_parties};
use crate::domain::agreement::AgreementKind;
use crate::domain::agreement::SignMethod;
use crate::domain::mediation::PartyRole;
use crate::mediation::access::Viewer;
use crate::mediation::actions;
use crate::mediation::agreements::{self, SignatureInput, Signer};

impl Driver<'_> {
    pub(super) fn agreement(&mut self, who: &Viewer, kind: AgreementKind, deadline: &str) -> Result<(), String> {
        let agreement = Agreement {
            id: db::new_id(),
            case_id: String::new(),
            version: 0,
            kind,
            facts: "双方就纠纷事实无异议，经调解员主持协商，自愿达成如下协议。".into(),
            responsibilities: "被申请人对损害后果承担主要责任。".into(),
            terms: "双方今后互谅互让，不再因此事发生争执。".into(),
            amount_cents: 0,
            performance_deadline: String::new(),
            signed_by_all: false,
            sealed: false,
            effective_on: String::new(),
            created_by: who.id.clone(),
            created_at: 0,
            // An oral agreement takes effect on the day the parties agree.
            agreed_on: match kind {
                AgreementKind::Oral => crate::dates::date(db::now_ts()),
                AgreementKind::Written => String::new(),
            },
        };
        self.change(who, |c, ctx| actions::add_agreement(c, ctx, agreement))?;
        let respondent = case_parties::for_case(self.conn, &self.case_id)
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|p| p.party_role == PartyRole::Respondent)
            .ok_or("no respondent")?;
        let term = AgreementTerm {
            id: db::new_id(),
            agreement_id: String::new(),
            sort_order: 0,
            obligor_party_id: respondent.id,
            content: "一次性支付申请人赔偿款".into(),
            amount_cents: 300_000,
            manner: "一次性转账".into(),
            place: "五里店街道人民调解委员会".into(),
            deadline: deadline.into(),
            created_by: who.id.clone(),
            created_at: 0,
        };
        self.change(who, |c, ctx| agreements::add_term(c, ctx, term))
    }

    /// Every party signs, the lead signs, the committee seals: all today.
    pub(super) fn sign_all(&mut self, lead: &Viewer) -> Result<(), String> {
        let today = crate::dates::date(db::now_ts());
        let parties = case_parties::for_case(self.conn, &self.case_id).map_err(|e| e.to_string())?;
        let mut signers: Vec<(Signer, SignMethod)> = parties
            .into_iter()
            .map(|p| {
                let method = if p.kind == "organisation" {
                    SignMethod::Seal
                } else {
                    SignMethod::Sign
                };
                (Signer::Party(p.id), method)
            })
            .collect();
        signers.push((Signer::Mediator(lead.id.clone()), SignMethod::Sign));
        signers.push((Signer::Committee, SignMethod::Seal));
        for (signer, method) in signers {
            let input = SignatureInput {
                signer,
                method,
                signed_on: today.clone(),
                recorded_by: lead.id.clone(),
            };
            self.change(lead, |c, ctx| agreements::record_signature(c, ctx, input))?;
        }
        Ok(())
    }
}
