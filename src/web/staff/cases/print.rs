//! Print-ready documents of a case: 受理登记表, 调解协议书, 结案报告.
//! They show full names (they are the legal papers), so printing is audited.

use crate::domain::mediation::RecordKind;
use crate::domain::mediation_workflow::CaseState;
use crate::domain::transition_form;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::agreement_view::{self, AgreementView};
use super::viewer;
use crate::dates::{date, datetime};
use crate::db::agreements::{self, Agreement};
use crate::db::case_parties::{self, Party};
use crate::db::case_records::{self, CaseRecord};
use crate::db::cases::{self, Case};
use crate::db::committees::{self, Committee};
use crate::db::{audit, users};
use crate::mediation::access::access;
use crate::mediation::details::{self, CaseDetails};
use crate::web::auth::{Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render;
use crate::web::state::AppState;

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
    pub type_key: &'static str,
    pub source_key: &'static str,
    pub state_key: String,
    pub registered_on: String,
    pub accepted_on: String,
    pub closed_on: String,
}

impl PrintData {
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
}

/// A printed document shows personal data in full and its printing is
/// audited, so it is produced by a POST with the CSRF token (the case
/// page's buttons); its address opened by a GET, which a link from another
/// site can cause, leads to those buttons and writes nothing.
pub async fn ask(Staff(_): Staff, path: web::Path<(String, String)>) -> HttpResponse {
    let (case_id, _) = path.into_inner();
    crate::web::render::see_other(&format!("/staff/cases/{case_id}#documents"))
}

pub async fn print(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (case_id, doc) = path.into_inner();
    if !["registration", "agreement", "report"].contains(&doc.as_str()) {
        return Err(AppError::not_found());
    }
    let viewer = viewer(&user);
    let actor = audit_actor(&req, Some(&user));
    let doc_name = doc.clone();
    let d = state
        .db(move |conn| {
            let case = cases::find(conn, &case_id)?.ok_or_else(AppError::not_found)?;
            if !access(conn, &viewer, &case)?.can_view {
                return Err(AppError::forbidden());
            }
            // The closure report describes a finished case; before that there is none.
            if doc_name == "report" && !transition_form::report_printable(case.state()) {
                return Err(AppError::not_found());
            }
            audit::record(conn, &actor, "case.print", Some(("case", &case.id)), &doc_name)?;
            let name = |conn: &mut _, id: &Option<String>| -> Result<String, AppError> {
                Ok(match id {
                    Some(id) => users::find(conn, id)?.map(|u| u.display_name).unwrap_or_default(),
                    None => String::new(),
                })
            };
            let closed_on = crate::db::case_events::for_case(conn, &case.id)?
                .iter()
                .rev()
                .find(|e| e.to_state == Some(CaseState::Closed))
                .map(|e| date(e.at))
                .unwrap_or_default();
            let parties = case_parties::for_case(conn, &case.id)?;
            let view = if doc_name == "agreement" {
                agreement_view::load(conn, &case, &parties, true)?.pop()
            } else {
                None
            };
            Ok(PrintData {
                view,
                committee: committees::find(conn, &case.committee_id)?.ok_or_else(AppError::not_found)?,
                parties,
                agreement: agreements::latest(conn, &case.id)?,
                records: case_records::for_case(conn, &case.id)?,
                details: details::case_details(conn, &case.id)?,
                lead: name(conn, &case.lead_mediator_id)?,
                mentor: name(conn, &case.mentor_id)?,
                type_key: case.dispute_type.label_key(),
                source_key: case.source.label_key(),
                state_key: case.state().label_key().to_owned(),
                registered_on: datetime(case.created_at),
                accepted_on: case.accepted_at.map(date).unwrap_or_default(),
                closed_on,
                case,
            })
        })
        .await?;
    match doc.as_str() {
        "registration" => render::page(&RegistrationDoc { ctx, d }),
        "agreement" if d.view.is_some() => render::page(&AgreementDoc { ctx, d }),
        "report" => render::page(&ReportDoc { ctx, d }),
        _ => Err(AppError::not_found()),
    }
}
