//! Editing a party's details and agent (`/staff/cases/{id}/parties/{party}/edit`).
//! The form shows personal data in full, so opening it is audited like the
//! unmasked view of the case page, and like it is opened by a POST with the
//! CSRF token (`…/open`): a GET of the form's address, which a link from
//! another site can cause, only offers the button and writes nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::actions::{Seen, conflict};
use super::detail::{self, change, done, form_view};
use crate::db::{audit, case_parties};
use crate::domain::party_details::{AGENT_KINDS, KINDS, PartyDetailsInput, SEXES};
use crate::mediation::actions::may_edit;
use crate::mediation::{ChangeOutcome, details};
use crate::web::auth::{SessionUser, Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

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

/// Loads what the form needs; 403 unless the user may edit the case's file.
async fn load(
    req: &HttpRequest,
    ctx: &PageCtx,
    user: &SessionUser,
    state: &AppState,
    case_id: &str,
    party_id: &str,
    audit_view: bool,
) -> Result<(Head, PartyDetailsInput, Seen), AppError> {
    let view = form_view(state, user, case_id).await?;
    if !may_edit(&view.access.actor) {
        return Err(AppError::forbidden());
    }
    let actor = audit_actor(req, Some(user));
    let (cid, pid) = (case_id.to_owned(), party_id.to_owned());
    let party = state
        .db(move |conn| {
            let party = case_parties::find(conn, &cid, &pid)?.ok_or_else(AppError::not_found)?;
            if audit_view {
                audit::record(conn, &actor, "case.unmask", Some(("case", &cid)), "party-edit")?;
            }
            Ok(party)
        })
        .await?;
    let head = Head {
        case_id: case_id.to_owned(),
        title: detail::title(ctx, &view.case),
        party_id: party.id.clone(),
        role_key: format!("party.role.{}", party.party_role),
    };
    let seen = Seen {
        version: view.case.version.to_string(),
        seen_event: view.last_event,
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
pub async fn ask(
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (case_id, party_id) = path.into_inner();
    if !may_edit(&form_view(&state, &user, &case_id).await?.access.actor) {
        return Err(AppError::forbidden());
    }
    render::page(&AskPage { ctx, case_id, party_id })
}

/// Opens the form (POST, audited).
pub async fn form(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (case_id, party_id) = path.into_inner();
    let (head, input, seen) = load(&req, &ctx, &user, &state, &case_id, &party_id, true).await?;
    render::page(&PartyEditPage::new(ctx, head, input, seen))
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
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let (case_id, party_id) = path.into_inner();
    let form = form.into_inner();
    // Outsiders get 403 here, before anything about their input is said.
    let (head, _, _) = load(&req, &ctx, &user, &state, &case_id, &party_id, false).await?;
    let input = form.input();
    // The page shown again keeps the version the user saw: a retry after
    // someone else's change must still meet the conflict check.
    let mut page = PartyEditPage::new(ctx, head, input.clone(), form.seen.clone());
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
    let outcome = change(
        &req,
        &user,
        &state,
        &case_id,
        form.seen,
        Box::new(move |conn, change| details::update_party(conn, change, &pid, details)),
    )
    .await?;
    match outcome {
        ChangeOutcome::Done(()) => Ok(done(&case_id, "parties")),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, case_id, events),
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
