//! The demand-intention form (需求意向表). With a household code it is that
//! household's vote; without one it is kept as an opinion only, and the
//! page says so. Guessing codes is rate-limited per address.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::auth::rate_limit;
use crate::db::opinions::Contact;
use crate::db::projects::ItemTerms;
use crate::db::projects::{self, Project, ProjectItem};
use crate::domain::letter_form::check_contact;
use crate::domain::renovation;
use crate::receipts::new_form_token;
use crate::renovation::respond::{self, Household, Outcome, Submission};
use crate::web::attempts::Reserved;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{FieldErrors, bind_form_token};
use crate::web::render;
use crate::web::shared::opinion_form::{FormItem, check, form_items};
use crate::web::shared::tally::window_text;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/respond.html")]
struct RespondPage {
    ctx: PageCtx,
    project: Project,
    /// The opinion window, as a sentence.
    window: String,
    items: Vec<FormItem>,
    fields: HashMap<String, String>,
    errors: FieldErrors,
    /// The household a valid code belongs to, shown for the resident to
    /// confirm before the vote is stored (DESIGN.md §4.4).
    confirm: Option<Household>,
}

impl RespondPage {
    fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "public/respond_done.html")]
struct DonePage {
    ctx: PageCtx,
    project: Project,
    /// "counted", "opinion" or "duplicate".
    result: &'static str,
    /// The household as stored ("塔坪小区 3栋 1单元 101"), and each recorded
    /// answer (item, choice), repeated so the resident can check what was kept.
    household: String,
    recorded: Vec<(String, String)>,
}

async fn load(state: &AppState, id: String) -> Result<(Project, Vec<(ProjectItem, ItemTerms)>), AppError> {
    state
        .db(move |conn| {
            let project = projects::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let items = projects::items(conn, &project.id)?;
            Ok((project, items))
        })
        .await
}

/// The form with what the resident entered. A confirmation is shown with a
/// 200; errors with a 422.
fn render_form(
    ctx: PageCtx,
    project: Project,
    items: Vec<FormItem>,
    fields: HashMap<String, String>,
    errors: FieldErrors,
    confirm: Option<Household>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render::page_with_status(
        status,
        &RespondPage {
            window: window_text(&ctx, &project.schedule().window),
            ctx,
            project,
            items,
            fields,
            errors,
            confirm,
        },
    )
}

/// `?code=` from a household-code slip's QR code (issue 14 item 7).
#[derive(serde::Deserialize)]
pub struct PrefillQuery {
    #[serde(default)]
    code: String,
}

/// A code longer than this is no code: it is not echoed back.
const MAX_PREFILL_CHARS: usize = 32;

pub async fn form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PrefillQuery>,
) -> Result<HttpResponse, AppError> {
    let (project, items) = load(&state, path.into_inner()).await?;
    let mut fields = HashMap::new();
    fields.insert("form_token".to_owned(), new_form_token());
    let code = query.into_inner().code.trim().to_owned();
    let prefilled = !code.is_empty() && code.chars().count() <= MAX_PREFILL_CHARS;
    if prefilled {
        fields.insert("code".to_owned(), code);
    }
    let items = form_items(&ctx, &items, &fields);
    let errors = FieldErrors::new(ctx.lang);
    let mut res = render_form(ctx, project, items, fields, errors, None)?;
    if prefilled {
        // The code is in this page's address: no link on it may pass that
        // address on, not even to this site's other pages.
        res.headers_mut().insert(
            actix_web::http::header::REFERRER_POLICY,
            actix_web::http::header::HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(res)
}

impl DonePage {
    fn done_key(&self) -> String {
        format!("respond.done_{}", self.result)
    }
}

pub async fn submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    crate::web::attempts::count_submission(&state, &req).await?;
    let fields: HashMap<String, String> = form.into_inner().into_iter().collect();
    let token = fields.get("form_token").cloned().unwrap_or_default();
    let bound = bind_form_token(&req, &state.secret, &token)?;
    let (project, raw_items) = load(&state, path.into_inner()).await?;
    let mut items = form_items(&ctx, &raw_items, &fields);
    let mut errors = FieldErrors::new(ctx.lang);
    if !project.stage.accepts_opinions() {
        errors.add("form", "respond.err_closed");
    }
    let today = crate::dates::china_day(crate::db::now_ts());
    if let Some(key) = project.schedule().window.state(today).refusal_key() {
        errors.add("form", key);
    }
    let answers = check(&fields, &mut items, &mut errors, &ctx);
    let recorded: Vec<(String, String)> = answers
        .iter()
        .filter_map(|(id, choice, _)| {
            let item = items.iter().find(|i| &i.id == id)?;
            Some((item.name.clone(), ctx.t(renovation::answer_key(*choice))))
        })
        .collect();
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    for (field, key) in check_contact(get("contact_name"), get("contact_phone"), get("consent")) {
        errors.add(field, key);
    }
    if !errors.is_empty() {
        return render_form(ctx, project, items, fields, errors, None);
    }
    // A household code is a guessable secret: reserve the guess first.
    let code = fields.get("code").cloned().unwrap_or_default();
    let reserved = if code.trim().is_empty() {
        None
    } else {
        let Some(reserved) = Reserved::reserve(&state, &req, rate_limit::code_guesses).await? else {
            errors.add("code", "respond.err_too_many");
            return render_form(ctx, project, items, fields, errors, None);
        };
        Some(reserved)
    };
    let (p, f, secret) = (project.clone(), fields.clone(), state.secret.clone());
    let resident = ctx
        .user
        .as_ref()
        .filter(|u| u.role == crate::domain::role::Role::Resident)
        .map(|u| u.id.clone());
    let outcome = state
        .db(move |conn| {
            let get = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
            // Checked by `check_contact` above: the number in its stored form.
            let phone = crate::domain::phone::optional(get("contact_phone")).unwrap_or_default();
            let submission = Submission {
                project: &p,
                building: get("building"),
                entrance: get("entrance"),
                unit: get("unit"),
                code: get("code"),
                confirmed_unit: Some(get("confirm_unit")).filter(|u| !u.is_empty()),
                secret: &secret,
                answers,
                free_text: get("free_text"),
                form_token: &bound.key,
                contact: Contact {
                    name: get("contact_name").trim(),
                    phone: &phone,
                    consent: get("consent") == "yes",
                },
                staff: None,
                resident: resident.as_deref(),
            };
            Ok(respond::submit(conn, &submission)?)
        })
        .await?;
    if let (Some(reserved), false) = (reserved, matches!(outcome, Outcome::BadCode)) {
        reserved.succeeded(&state).await?;
    }
    let (result, household) = match outcome {
        Outcome::Stored {
            counted: true,
            household,
        } => ("counted", household),
        Outcome::Stored {
            counted: false,
            household,
        } => ("opinion", household),
        Outcome::OutsidePopulation { household } => ("outside", household),
        Outcome::Duplicate => ("duplicate", String::new()),
        Outcome::Confirm(household) => {
            let mut fields = fields;
            fields.insert("confirm_unit".to_owned(), household.unit_id.clone());
            return render_form(ctx, project, items, fields, errors, Some(household));
        }
        Outcome::Refused(problems) => {
            for (field, key) in problems {
                errors.add(field, key);
            }
            return render_form(ctx, project, items, fields, errors, None);
        }
        Outcome::BadCode => {
            errors.add("code", "respond.err_code");
            return render_form(ctx, project, items, fields, errors, None);
        }
    };
    // Shown only after COMMIT.
    render::page(&DonePage {
        ctx,
        project,
        result,
        household,
        recorded,
    })
}
