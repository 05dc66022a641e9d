//! The extension form, `/staff/cases/{id}/extension`: the days to add and,
//! for every party of the case, whether they consented, how and when, each
//! error beside its party's row (issue 11, item 7).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::change::{CaseRequest, Seen, conflict, done};
use super::view;
use crate::db::case_extensions::ExtensionWithConsents;
use crate::db::case_parties::Party;
use crate::db::now_ts;
use crate::domain::extension_consent::{ConsentInput, ConsentMethod, ExtensionProblems, check_consents, parse_days};
use crate::mediation::ChangeOutcome;
use crate::mediation::actions::may_edit;
use crate::mediation::extension::{self, FormParty, date_bounds};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, vocabulary_choices};
use crate::web::render;

/// One party's row: what was typed and its error.
pub struct ConsentRow {
    pub id: String,
    pub role_key: &'static str,
    pub name: String,
    pub consented: bool,
    pub methods: Vec<Choice>,
    pub consented_on: String,
    pub error: String,
}

impl ConsentRow {
    pub fn field(&self, prefix: &str) -> String {
        format!("{prefix}_{}", self.id)
    }
}

#[derive(Template)]
#[template(path = "staff/cases/extension.html")]
struct ExtensionPage {
    ctx: PageCtx,
    case_id: String,
    title: String,
    seen: Seen,
    /// The period's current last day.
    deadline: String,
    days: String,
    days_error: String,
    note: String,
    rows: Vec<ConsentRow>,
    /// A refusal that belongs to no field.
    error: String,
}

/// What the page needs from the database.
struct Loaded {
    title: String,
    seen: Seen,
    deadline: String,
    registered_at: i64,
    parties: Vec<FormParty>,
}

/// The case, its parties and version; 404 or 403 as for the case page,
/// and 403 unless the user may edit the case.
async fn load(r: &CaseRequest) -> Result<Loaded, AppError> {
    let (viewer, id) = (r.user.viewer(), r.case_id.clone());
    let (form, parties) = r.state.db(move |conn| Ok(extension::form(conn, &viewer, &id)?)).await?;
    if !may_edit(&form.access.actor) {
        return Err(AppError::forbidden());
    }
    Ok(Loaded {
        title: view::title(&r.ctx, &form.case),
        deadline: form.case.deadline_text(),
        registered_at: form.case.created_at,
        seen: Seen {
            version: form.case.version.to_string(),
            seen_event: form.last_event,
        },
        parties,
    })
}

fn rows(ctx: &PageCtx, parties: &[FormParty], typed: &[ConsentInput], problems: &ExtensionProblems) -> Vec<ConsentRow> {
    parties
        .iter()
        .map(|p| {
            let input = typed.iter().find(|t| t.party_id == p.id).cloned().unwrap_or_default();
            ConsentRow {
                id: p.id.clone(),
                role_key: p.role.label_key(),
                name: p.name.clone(),
                consented: input.consented,
                methods: vocabulary_choices::<ConsentMethod>(ctx, input.method.trim()),
                consented_on: input.consented_on,
                error: problems.for_party(&p.id).map(|k| ctx.t(k)).unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn form(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let loaded = load(&r).await?;
    let rows = rows(&r.ctx, &loaded.parties, &[], &ExtensionProblems::default());
    render::page(&ExtensionPage {
        case_id: r.case_id,
        title: loaded.title,
        seen: loaded.seen,
        deadline: loaded.deadline,
        days: String::new(),
        days_error: String::new(),
        note: String::new(),
        rows,
        error: String::new(),
        ctx: r.ctx,
    })
}

/// The posted form: fixed fields plus `consent_<party>`, `method_<party>`
/// and `on_<party>` for each party the page listed.
struct Posted {
    seen: Seen,
    days: String,
    note: String,
    consents: Vec<ConsentInput>,
}

fn posted(fields: Vec<(String, String)>, parties: &[FormParty]) -> Posted {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let consents = parties
        .iter()
        .map(|p| ConsentInput {
            party_id: p.id.clone(),
            consented: get(&format!("consent_{}", p.id)) == "yes",
            method: get(&format!("method_{}", p.id)),
            consented_on: get(&format!("on_{}", p.id)),
        })
        .collect();
    Posted {
        seen: Seen {
            version: get("version"),
            seen_event: get("seen_event"),
        },
        days: get("days"),
        note: get("note").chars().take(500).collect(),
        consents,
    }
}

pub async fn save(r: CaseRequest, form: web::Form<Vec<(String, String)>>) -> Result<HttpResponse, AppError> {
    let loaded = load(&r).await?;
    let form = posted(form.into_inner(), &loaded.parties);
    let mut problems = ExtensionProblems::default();
    let days = parse_days(&form.days).map_err(|k| problems.days = Some(k)).ok();
    let ids: Vec<String> = loaded.parties.iter().map(|p| p.id.clone()).collect();
    let bounds = date_bounds(loaded.registered_at, now_ts());
    if let Err(parties) = check_consents(&ids, &form.consents, bounds) {
        problems.parties = parties;
    }
    let mut page = ExtensionPage {
        rows: rows(&r.ctx, &loaded.parties, &form.consents, &problems),
        days_error: problems.days.map(|k| r.ctx.t(k)).unwrap_or_default(),
        case_id: r.case_id.clone(),
        title: loaded.title,
        seen: form.seen.clone(),
        deadline: loaded.deadline,
        days: form.days.clone(),
        note: form.note.clone(),
        error: String::new(),
        ctx: r.ctx.clone(),
    };
    let Some(days) = days.filter(|_| problems.is_empty() && !ids.is_empty()) else {
        if ids.is_empty() {
            page.error = page.ctx.t("extension.error.no_parties");
        }
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (consents, note) = (form.consents, form.note);
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| extension::extend(conn, change, days, consents, note)),
        )
        .await?;
    match outcome {
        ChangeOutcome::Done(()) => Ok(done(&r.case_id, "extensions")),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, r.case_id, events),
        ChangeOutcome::NotPermitted(_) => Err(AppError::forbidden()),
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// An extension as the case page lists it, with every consent.
pub struct ExtensionRow {
    pub seq: i32,
    pub days: i32,
    pub before: String,
    pub after: String,
    pub note: String,
    pub consents: Vec<ConsentShown>,
}

pub struct ConsentShown {
    pub role_key: &'static str,
    /// As the case file shows the party: masked unless unmasked.
    pub name: String,
    pub method_key: &'static str,
    pub on: String,
}

pub fn extension_rows(extensions: &[ExtensionWithConsents], parties: &[Party]) -> Vec<ExtensionRow> {
    extensions
        .iter()
        .map(|e| ExtensionRow {
            seq: e.extension.seq,
            days: e.extension.days,
            before: e.extension.last_day_before.clone(),
            after: e.extension.last_day_after.clone(),
            note: e.extension.note.clone(),
            consents: parties
                .iter()
                .filter_map(|p| {
                    let c = e.consents.iter().find(|c| c.party_id == p.id)?;
                    Some(ConsentShown {
                        role_key: p.party_role.label_key(),
                        name: p.name.clone(),
                        method_key: c.method.label_key(),
                        on: c.consented_on.clone(),
                    })
                })
                .collect(),
        })
        .collect()
}
