//! Editing a party's details and agent (`/staff/cases/{id}/parties/{party}/edit`).
//! The form shows personal data in full, so opening it is audited like the
//! unmasked view of the case page, and like it is opened by a POST with the
//! CSRF token (`…/open`): a GET of the form's address, which a link from
//! another site can cause, only offers the button and writes nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::change::{CaseRequest, Seen, conflict, done};
use super::view;
use crate::db::case_parties;
use crate::domain::party_details::{AGENT_KINDS, KINDS, PartyDetailsInput, SEXES};
use crate::mediation::actions::may_edit;
use crate::mediation::case_file_view::{self, Purpose};
use crate::mediation::{ChangeOutcome, MediationError, details};
use crate::reveal::Reveal;
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;

#[derive(Template)]
#[template(path = "staff/cases/party_edit.html")]
struct PartyEditPage {
    ctx: PageCtx,
    case_id: String,
    title: String,
    party_id: String,
    role_key: String,
    form: PartyDetailsInput,
    errors: FieldErrors,
    seen: Seen,
    kinds: Vec<Choice>,
    sexes: Vec<Choice>,
    agent_kinds: Vec<Choice>,
    /// A refusal that belongs to no single field (e.g. the case is closed).
    error: String,
}

impl PartyEditPage {
    fn new(ctx: PageCtx, head: Head, form: PartyDetailsInput, seen: Seen) -> Self {
        let list = |prefix: &str, items: &[&str], selected: &str| {
            choices(items.iter().map(|i| (*i, ctx.t(format!("{prefix}.{i}")))), selected)
        };
        PartyEditPage {
            kinds: list("party.kind", &KINDS[..], &form.kind),
            sexes: list("party.sex", &SEXES[..], &form.sex),
            agent_kinds: list("party.agent_kind", &AGENT_KINDS[..], &form.agent_kind),
            errors: FieldErrors::new(ctx.lang),
            case_id: head.case_id,
            title: head.title,
            party_id: head.party_id,
            role_key: head.role_key,
            error: String::new(),
            form,
            seen,
            ctx,
        }
    }
}

/// The case and party a page is about.
struct Head {
    case_id: String,
    title: String,
    party_id: String,
    role_key: String,
}

/// Loads what the form needs from the case file; 403 unless the user may
/// edit it, 404 for a party not on the case. `audit_view` reads the file in
/// full (the form shows the details it edits), audited; otherwise masked,
/// for a form shown again with the values as sent.
async fn load(r: &CaseRequest, party_id: &str, audit_view: bool) -> Result<(Head, PartyDetailsInput, Seen), AppError> {
    let (viewer, cid, pid) = (r.user.viewer(), r.case_id.clone(), party_id.to_owned());
    let actor = audit_actor(&r.req, Some(&r.user));
    let cipher = crate::auth::field_crypto::FieldCipher::from_secret(&r.state.secret);
    let file = r
        .state
        .db(move |conn| {
            let opened = case_file_view::open(conn, &viewer, &cid)?;
            if !may_edit(&opened.access.actor) {
                return Err(MediationError::Forbidden.into());
            }
            // Nothing is read in full, nor audited, for a party not on the case.
            case_parties::find(conn, &cid, &pid)?.ok_or_else(AppError::not_found)?;
            let reveal = if audit_view {
                Reveal::Unmasked { actor: &actor }
            } else {
                Reveal::Masked
            };
            Ok(opened.load(conn, reveal, Purpose::PartyEdit, &cipher)?)
        })
        .await?;
    let party = file
        .parties
        .iter()
        .find(|p| p.id == party_id)
        .ok_or_else(AppError::not_found)?;
    let head = Head {
        case_id: r.case_id.clone(),
        title: view::title(&r.ctx, &file.case),
        party_id: party.id.clone(),
        role_key: format!("party.role.{}", party.party_role),
    };
    let seen = Seen {
        version: file.case.version.to_string(),
        seen_event: file.last_event(),
    };
    Ok((head, PartyDetailsInput::from_stored(&party.details()), seen))
}

#[derive(Template)]
#[template(path = "staff/cases/party_open.html")]
struct AskPage {
    ctx: PageCtx,
    case_id: String,
    party_id: String,
}

/// The form's address opened by a GET: a button that opens it (for those
/// who may edit the case; 403 for anyone else, as for the form itself).
pub async fn ask(r: CaseRequest, path: web::Path<(String, String)>) -> Result<HttpResponse, AppError> {
    let (_, party_id) = path.into_inner();
    let form = r.form_view().await?;
    if !may_edit(&form.access.actor) {
        return Err(AppError::forbidden());
    }
    render::page(&AskPage {
        ctx: r.ctx,
        case_id: r.case_id,
        party_id,
    })
}

/// Opens the form (POST, audited).
pub async fn form(r: CaseRequest, path: web::Path<(String, String)>) -> Result<HttpResponse, AppError> {
    let (_, party_id) = path.into_inner();
    let (head, input, seen) = load(&r, &party_id, true).await?;
    render::page(&PartyEditPage::new(r.ctx, head, input, seen))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditForm {
    #[serde(flatten)]
    seen: Seen,
    kind: String,
    name: String,
    sex: String,
    age: String,
    occupation: String,
    phone: String,
    address: String,
    agent_name: String,
    agent_kind: String,
    agent_relation: String,
    agent_phone: String,
}

impl EditForm {
    fn input(&self) -> PartyDetailsInput {
        PartyDetailsInput {
            kind: self.kind.clone(),
            name: self.name.clone(),
            sex: self.sex.clone(),
            age: self.age.clone(),
            occupation: self.occupation.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            agent_name: self.agent_name.clone(),
            agent_kind: self.agent_kind.clone(),
            agent_relation: self.agent_relation.clone(),
            agent_phone: self.agent_phone.clone(),
        }
    }
}

pub async fn save(
    r: CaseRequest,
    path: web::Path<(String, String)>,
    form: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let (_, party_id) = path.into_inner();
    let form = form.into_inner();
    // Outsiders get 403 here, before anything about their input is said.
    let (head, _, _) = load(&r, &party_id, false).await?;
    let input = form.input();
    // The page shown again keeps the version the user saw: a retry after
    // someone else's change must still meet the conflict check.
    let mut page = PartyEditPage::new(r.ctx.clone(), head, input.clone(), form.seen.clone());
    let details = match input.parse() {
        Ok(details) => details,
        Err(problems) => {
            for (field, key) in problems {
                page.errors.add(field, key);
            }
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let pid = party_id.clone();
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| details::update_party(conn, change, &pid, details)),
        )
        .await?;
    match outcome {
        ChangeOutcome::Done(()) => Ok(done(&r.case_id, "parties")),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, r.case_id, events),
        ChangeOutcome::NotPermitted(_) => Err(AppError::forbidden()),
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
