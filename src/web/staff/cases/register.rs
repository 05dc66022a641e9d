//! Coordinators register walk-in, hotline, screening and referred cases.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::auth::tokens::random_token;
use crate::domain::court_entrustment::{self, CourtErrors, CourtFacts, CourtInput};
use crate::domain::mediation::CaseSource;
use crate::domain::mediation_intake::{IntakeChannel, IntakeForm};
use crate::domain::screening::round_of_case;
use crate::mediation::intake::{self, IntakeError, IntakeRequest};
use crate::web::auth::{Coordinator, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, choices, stored_form};
use crate::web::render::{self, see_other};
use crate::web::shared::intake_form::{ChoiceGroup, Respondents};
use crate::web::shared::places::{IntakeAreas, pickers};
use crate::web::state::AppState;

/// The screening rounds offered: a street's rounds of the last weeks.
const ROUNDS_OFFERED: i64 = 20;

#[derive(Template)]
#[template(path = "staff/cases/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    form: IntakeForm,
    errors: FieldErrors,
    sources: Vec<Choice>,
    /// The court records a court-entrusted case may name.
    courts: Vec<Choice>,
    /// The street's recent screening rounds a screening case may name.
    rounds: Vec<Choice>,
    streets: Vec<Choice>,
    communities: Vec<Choice>,
    grids: Vec<Choice>,
    compounds: Vec<Choice>,
    types: Vec<ChoiceGroup>,
    respondents: Respondents,
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: IntakeForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    // Only the streets this user may register cases in (their own).
    let own_street = ctx.user.as_ref().and_then(|u| u.area_id.clone()).unwrap_or_default();
    let areas = IntakeAreas::load(state, Some(own_street)).await?;
    let p = pickers(areas, &ctx, &form);
    let respondents = Respondents::new(&ctx, &form, &errors, "/staff/cases/new");
    let sources = choices(
        CaseSource::ALL.iter().map(|s| (s.code(), ctx.t(s.label_key()))),
        &form.source,
    );
    let courts = choices(court_records(state).await?, &form.court_org_id);
    let rounds = choices(
        screening_rounds(state, &ctx, own_street_of(&ctx)).await?,
        &form.screening_id,
    );
    render::page_with_status(
        status,
        &RegisterPage {
            ctx,
            form,
            errors,
            sources,
            courts,
            rounds,
            streets: p.streets,
            communities: p.communities,
            grids: p.grids,
            compounds: p.compounds,
            types: p.types,
            respondents,
        },
    )
}

pub async fn form(
    ctx: PageCtx,
    Coordinator(user): Coordinator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = IntakeForm {
        form_token: random_token(),
        street_id: user.area_id.clone().unwrap_or_default(),
        ..Default::default()
    };
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, form, errors, StatusCode::OK).await
}

pub async fn register(
    req: HttpRequest,
    ctx: PageCtx,
    Coordinator(user): Coordinator,
    state: web::Data<AppState>,
    form: web::Form<IntakeForm>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    // Adding or removing a respondent block checks and stores nothing.
    if let Some(action) = form.respondent_action() {
        form.apply_respondent_action(action);
        let errors = FieldErrors::new(ctx.lang);
        return show(ctx, &state, form, errors, StatusCode::OK).await;
    }
    if !form.refresh_places.is_empty() {
        let errors = FieldErrors::new(ctx.lang);
        return show(ctx, &state, form, errors, StatusCode::OK).await;
    }
    // A coordinator registers cases of their own street only.
    let own_street = user.area_id.clone().unwrap_or_default();
    let parsed = IntakeAreas::load(&state, Some(own_street))
        .await?
        .parse(&form, IntakeChannel::Staff);
    let bound = bind_form_token(&req, &state.secret, &form.form_token)?;
    let court = parse_court(&state, &form).await?;
    let round = round_of_case(CaseSource::parse(form.source.trim()), &form.screening_id);
    let (intake, court, round) = match (parsed, court, round) {
        (Ok(intake), Ok(court), Ok(round)) => (intake, court, round),
        (parsed, court, round) => {
            let mut errors = FieldErrors::new(ctx.lang);
            let problems = parsed.err().into_iter().flatten();
            for (field, key) in problems.chain(court.err().into_iter().flatten()).chain(round.err()) {
                errors.add(field, key);
            }
            return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let actor = audit_actor(&req, Some(&user));
    let token = bound.key.clone();
    let submitted = state
        .db(move |conn| {
            let request = IntakeRequest {
                intake: &intake,
                form_token: &token,
                receipt_code: None,
                registered_by: Some(&user.id),
                applicant_user_id: None,
                actor: &actor,
                court: court.as_ref(),
                screening_id: round.as_deref(),
            };
            Ok(intake::submit(conn, request))
        })
        .await?;
    let case_id = match submitted {
        Ok(done) => done.case_id,
        Err(IntakeError::ScreeningFull) => {
            let mut errors = FieldErrors::new(ctx.lang);
            errors.add("screening_id", "screening.error.full");
            return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        // A double click racing on PostgreSQL: go to the winner's case.
        Err(IntakeError::Db(e)) => stored_form(&state, &bound.key).await?.ok_or(AppError::from(e))?,
    };
    Ok(see_other(&format!("/staff/cases/{case_id}")))
}

fn own_street_of(ctx: &PageCtx) -> String {
    ctx.user.as_ref().and_then(|u| u.area_id.clone()).unwrap_or_default()
}

/// The street's newest screening rounds, as (id, label): the day, the
/// place and how many of its cases are registered already.
async fn screening_rounds(state: &AppState, ctx: &PageCtx, street: String) -> Result<Vec<(String, String)>, AppError> {
    let rounds = state
        .db(move |conn| Ok(crate::db::screenings::recent(conn, Some(&street), ROUNDS_OFFERED)?))
        .await?;
    Ok(rounds
        .into_iter()
        .map(|r| {
            let linked = format!("{}/{}", r.cases_linked, r.cases_opened);
            let label = ctx.t_with("screening.round_choice", "linked", &linked);
            (r.id, format!("{} · {label}", r.held_on))
        })
        .collect())
}

/// The active court records, as (id, name), for the court select.
async fn court_records(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    state.db(|conn| Ok(crate::mediation::court::courts(conn)?)).await
}

/// The court fields of the form, checked against today and the court records.
async fn parse_court(state: &AppState, form: &IntakeForm) -> Result<Result<Option<CourtFacts>, CourtErrors>, AppError> {
    let courts: Vec<String> = court_records(state).await?.into_iter().map(|(id, _)| id).collect();
    let input = CourtInput {
        source: CaseSource::parse(form.source.trim()),
        deadline: &form.court_deadline,
        court_org_id: &form.court_org_id,
    };
    let today = crate::dates::china_day(crate::db::now_ts());
    Ok(court_entrustment::parse(input, today, crate::dates::parse_day, &courts))
}
