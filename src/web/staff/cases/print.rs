//! Print-ready documents of a case: 受理登记表, 调解协议书, 结案报告, and for
//! a court-entrusted case the 调解结果告知函 to the court (issue 16).
//! They show full names (they are the legal papers), so printing is audited.

use crate::db::dispute_types::DisputeTypes;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::change::CaseRequest;
use super::view::{EndingRow, ending_rows};
use crate::dates::{date, datetime};
use crate::db::agreements::{self, Agreement};
use crate::db::case_ending_notices::EndingNotice;
use crate::db::case_parties::Party;
use crate::db::case_records::CaseRecord;
use crate::db::cases::Case;
use crate::db::committees::{self, Committee};
use crate::domain::mediation::{CaseSource, RecordKind};
use crate::domain::mediation_workflow::CaseState;
use crate::domain::transition_form;
use crate::mediation::MediationError;
use crate::mediation::agreement_view::AgreementView;
use crate::mediation::case_file_view::{self, Purpose};
use crate::mediation::details::CaseDetails;
use crate::reveal::Reveal;
use crate::web::auth::{Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;

pub struct PrintData {
    pub case: Case,
    pub committee: Committee,
    pub parties: Vec<Party>,
    pub agreement: Option<Agreement>,
    /// The latest version with its terms and signatures (调解协议书 only).
    pub view: Option<AgreementView>,
    pub records: Vec<CaseRecord>,
    /// Follow-up visits, performance status and proofs.
    pub details: CaseDetails,
    pub lead: String,
    pub mentor: String,
    /// The dispute type as admins name it (`dispute_types`).
    pub type_label: String,
    pub source_key: &'static str,
    pub state_key: String,
    pub registered_on: String,
    pub accepted_on: String,
    pub closed_on: String,
    /// Notices of other remedies given when mediation ended without agreement.
    pub endings: Vec<EndingNotice>,
    /// A court-entrusted case's court facts (the 调解结果告知函).
    pub court: Option<crate::mediation::court::CourtView>,
}

impl PrintData {
    /// The entrusting court's name when its record is named; else empty.
    pub fn court_name(&self) -> String {
        self.court.as_ref().map(|c| c.court_name.clone()).unwrap_or_default()
    }

    pub fn number(&self) -> String {
        self.case.case_number.clone().unwrap_or_default()
    }

    pub fn amount(&self) -> String {
        self.agreement
            .as_ref()
            .map(|a| crate::domain::agreement::format_amount(a.amount_cents))
            .unwrap_or_default()
    }

    pub fn sessions(&self) -> usize {
        self.records.iter().filter(|r| r.kind == RecordKind::Session).count()
    }

    /// The latest visit's satisfaction; older cases kept it on a generic record.
    pub fn satisfaction(&self) -> String {
        let visit = self.details.follow_ups.last().map(|f| f.satisfaction);
        visit
            .or_else(|| self.records.iter().rev().find_map(|r| r.satisfaction))
            .map(|s| format!("{s}/5"))
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "print/registration.html")]
struct RegistrationDoc {
    ctx: PageCtx,
    d: PrintData,
}

#[derive(Template)]
#[template(path = "print/agreement.html")]
struct AgreementDoc {
    ctx: PageCtx,
    d: PrintData,
}

#[derive(Template)]
#[template(path = "print/report.html")]
struct ReportDoc {
    ctx: PageCtx,
    d: PrintData,
    endings: Vec<EndingRow>,
}

#[derive(Template)]
#[template(path = "print/court_letter.html")]
struct CourtLetterDoc {
    ctx: PageCtx,
    d: PrintData,
}

/// A printed document shows personal data in full and its printing is
/// audited, so it is produced by a POST with the CSRF token (the case
/// page's buttons); its address opened by a GET, which a link from another
/// site can cause, leads to those buttons and writes nothing.
pub async fn ask(Staff(_): Staff, path: web::Path<(String, String)>) -> HttpResponse {
    let (case_id, _) = path.into_inner();
    crate::web::render::see_other(&format!("/staff/cases/{case_id}#documents"))
}

/// Reads the case file in full (audited as `case.print`) and formats it.
pub async fn print(r: CaseRequest, path: web::Path<(String, String)>) -> Result<HttpResponse, AppError> {
    let (_, doc) = path.into_inner();
    if !["registration", "agreement", "report", "court-letter"].contains(&doc.as_str()) {
        return Err(AppError::not_found());
    }
    let (viewer, case_id) = (r.user.viewer(), r.case_id.clone());
    let actor = audit_actor(&r.req, Some(&r.user));
    let cipher = crate::auth::field_crypto::FieldCipher::from_secret(&r.state.secret);
    let (doc_name, lang) = (doc.clone(), r.ctx.lang);
    let d = r
        .state
        .db(move |conn| {
            let opened = case_file_view::open(conn, &viewer, &case_id)?;
            // The closure report describes a finished case; before that there is none.
            if doc_name == "report" && !transition_form::report_printable(opened.case.state()) {
                return Err(MediationError::NotFound.into());
            }
            // The 调解结果告知函 answers a court that entrusted the case, once it has a result.
            let court_case = opened.case.source == CaseSource::CourtReferral;
            if doc_name == "court-letter" && !(court_case && transition_form::report_printable(opened.case.state())) {
                return Err(MediationError::NotFound.into());
            }
            let reveal = Reveal::Unmasked { actor: &actor };
            let mut file = opened.load(conn, reveal, Purpose::Print(&doc_name), &cipher)?;
            let case = file.case;
            let court = file.court;
            let closed_on = file
                .events
                .iter()
                .rev()
                .find(|e| e.to_state == Some(CaseState::Closed))
                .map(|e| date(e.at))
                .unwrap_or_default();
            let view = if doc_name == "agreement" {
                file.agreements.pop()
            } else {
                None
            };
            Ok(PrintData {
                view,
                committee: committees::find(conn, &case.committee_id)?.ok_or_else(AppError::not_found)?,
                parties: file.parties,
                agreement: agreements::latest(conn, &case.id)?,
                records: file.records,
                details: file.details,
                lead: file.lead,
                mentor: file.mentor,
                type_label: DisputeTypes::load(conn)?.case_label(lang, case.dispute_type, case.local_type.as_deref()),
                source_key: case.source.label_key(),
                state_key: case.state().label_key().to_owned(),
                registered_on: datetime(case.created_at),
                accepted_on: case.accepted_at.map(date).unwrap_or_default(),
                closed_on,
                endings: file.endings,
                court,
                case,
            })
        })
        .await?;
    match doc.as_str() {
        "registration" => render::page(&RegistrationDoc { ctx: r.ctx, d }),
        "agreement" if d.view.is_some() => render::page(&AgreementDoc { ctx: r.ctx, d }),
        "court-letter" => render::page(&CourtLetterDoc { ctx: r.ctx, d }),
        "report" => {
            let endings = ending_rows(&r.ctx, &d.endings);
            render::page(&ReportDoc { ctx: r.ctx, d, endings })
        }
        _ => Err(AppError::not_found()),
    }
}
