//! `/staff/screenings` (排查, issue 13): a coordinator records the screening
//! rounds of their street (when, where, what was found, how many disputes
//! were settled on the spot and how many opened as cases) and sees the
//! latest; an admin sees the whole district's. The statistics sum them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use crate::dates::{china_day, day_text};
use crate::db::screenings::{self, ScreeningRow};
use crate::db::{audit, new_id, now_ts, places, users};
use crate::domain::role::Role;
use crate::domain::screening::{self, ScreeningInput};
use crate::web::auth::{PlaceManager, SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors};
use crate::web::render::{self, see_other};
use crate::web::shared::intake_form::ChoiceGroup;
use crate::web::state::AppState;

const SHOWN: i64 = 50;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ScreeningForm {
    held_on: String,
    community_id: String,
    grid_id: String,
    disputes_found: String,
    disputes_prevented: String,
    cases_opened: String,
    findings: String,
}

pub struct Line {
    pub row: ScreeningRow,
    pub place: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "staff/screenings.html")]
struct ScreeningsPage {
    ctx: PageCtx,
    lines: Vec<Line>,
    /// Only a coordinator records rounds (of their own street).
    may_add: bool,
    communities: Vec<Choice>,
    /// The street's grids under their communities.
    grids: Vec<ChoiceGroup>,
    form: ScreeningForm,
    errors: FieldErrors,
}

/// The street a coordinator works in; `None` for an admin (the district).
fn street_of(user: &SessionUser) -> Result<Option<String>, AppError> {
    match user.role {
        Role::Admin => Ok(None),
        _ => user.area_id.clone().map(Some).ok_or_else(AppError::forbidden),
    }
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    user: &SessionUser,
    form: ScreeningForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let street = street_of(user)?;
    let (chosen, chosen_grid) = (form.community_id.clone(), form.grid_id.clone());
    let (ctx, lines, communities, grids) = state
        .db(move |conn| {
            let rows = screenings::recent(conn, street.as_deref(), SHOWN)?;
            let mut lines = Vec::with_capacity(rows.len());
            for row in rows {
                let place_id = (row.grid_id.clone())
                    .or_else(|| row.community_id.clone())
                    .unwrap_or_else(|| row.street_id.clone());
                let place = places::find(conn, &place_id)?.map(|p| p.name).unwrap_or_default();
                let by = users::find(conn, &row.conducted_by)?
                    .map(|u| u.display_name)
                    .unwrap_or_default();
                lines.push(Line { row, place, by });
            }
            let Some(street) = &street else {
                return Ok((ctx, lines, Vec::new(), Vec::new()));
            };
            let communities = places::children(conn, street)?
                .into_iter()
                .filter(|p| p.kind.is_community_level() && !p.is_retired())
                .map(|p| Choice {
                    selected: p.id == chosen,
                    value: p.id,
                    label: p.name,
                })
                .collect();
            let (mut grids, mut group_of) = (Vec::<ChoiceGroup>::new(), String::new());
            for (c, g) in places::grids_of_street(conn, street)? {
                if c.is_retired() || g.is_retired() {
                    continue;
                }
                if group_of != c.id {
                    group_of = c.id.clone();
                    grids.push(ChoiceGroup {
                        label: c.name.clone(),
                        choices: Vec::new(),
                    });
                }
                let choice = Choice {
                    selected: g.id == chosen_grid,
                    value: g.id,
                    label: g.name,
                };
                if let Some(group) = grids.last_mut() {
                    group.choices.push(choice);
                }
            }
            Ok((ctx, lines, communities, grids))
        })
        .await?;
    render::page_with_status(
        status,
        &ScreeningsPage {
            ctx,
            lines,
            may_add: user.role == Role::Coordinator,
            communities,
            grids,
            form,
            errors,
        },
    )
}

pub async fn list(
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, &user, ScreeningForm::default(), errors, StatusCode::OK).await
}

pub async fn add(
    req: HttpRequest,
    ctx: PageCtx,
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    form: web::Form<ScreeningForm>,
) -> Result<HttpResponse, AppError> {
    if user.role != Role::Coordinator {
        return Err(AppError::forbidden());
    }
    let street = street_of(&user)?.ok_or_else(AppError::forbidden)?;
    let form = form.into_inner();
    let input = ScreeningInput {
        held_on: &form.held_on,
        disputes_found: &form.disputes_found,
        disputes_prevented: &form.disputes_prevented,
        cases_opened: &form.cases_opened,
        findings: &form.findings,
    };
    let mut errors = FieldErrors::new(ctx.lang);
    let checked = screening::parse(&input, china_day(now_ts()));
    let (street_q, community, grid) = (street.clone(), form.community_id.clone(), form.grid_id.clone());
    // The community and grid must be the coordinator's street's own.
    let place = state
        .db(move |conn| {
            let communities: Vec<String> = places::children(conn, &street_q)?
                .into_iter()
                .filter(|p| p.kind.is_community_level())
                .map(|p| p.id)
                .collect();
            let grids: Vec<(String, String)> = places::grids_of_street(conn, &street_q)?
                .into_iter()
                .map(|(c, g)| (c.id, g.id))
                .collect();
            let communities: Vec<&str> = communities.iter().map(String::as_str).collect();
            let grids: Vec<(&str, &str)> = grids.iter().map(|(c, g)| (c.as_str(), g.as_str())).collect();
            Ok(screening::round_place(&communities, &grids, &community, &grid))
        })
        .await?;
    let place = match place {
        Ok(place) => Some(place),
        Err((field, key)) => {
            errors.add(field, key);
            None
        }
    };
    let (s, place) = match (checked, place) {
        (Ok(s), Some(place)) => (s, place),
        (Ok(_), None) => return show(ctx, &state, &user, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
        (Err(problems), _) => {
            for (field, key) in problems {
                errors.add(field, key);
            }
            return show(ctx, &state, &user, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let held_on = day_text(s.held_on);
    let row = ScreeningRow {
        id: new_id(),
        street_id: street,
        community_id: place.community_id,
        grid_id: place.grid_id,
        month: crate::dates::day_month(s.held_on),
        held_on,
        conducted_by: user.id.clone(),
        disputes_found: s.disputes_found,
        disputes_prevented: s.disputes_prevented,
        cases_opened: s.cases_opened,
        findings: s.findings,
        created_at: now_ts(),
        cases_linked: 0,
    };
    let actor = audit_actor(&req, Some(&user));
    state
        .db(move |conn| {
            // The round and its audit row go in together or not at all.
            conn.transaction(|conn| {
                screenings::insert(conn, &row)?;
                let detail = format!(
                    "{} found={} prevented={} opened={}",
                    row.held_on, row.disputes_found, row.disputes_prevented, row.cases_opened
                );
                audit::record(conn, &actor, "screening.add", Some(("screening", &row.id)), &detail)
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other("/staff/screenings"))
}
