//! `/staff/screenings` (排查, issue 13): a coordinator records the screening
//! rounds of their street (when, where, what was found, how many disputes
//! were settled on the spot and how many opened as cases) and sees the
//! latest; an admin sees the whole district's. The statistics sum them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::{Connection, QueryResult};
use serde::Deserialize;
use std::collections::HashMap;

use crate::dates::{china_day, day_text};
use crate::db::places::Place;
use crate::db::screenings::{self, ScreeningRow};
use crate::db::{DbConn, audit, new_id, now_ts, places, users};
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

/// (community, grid) pairs, each grid after its community.
type Grids = Vec<(Place, Place)>;

/// The street's communities and their grids still in use: what the form
/// offers, and all it accepts (a retired place keeps its history but
/// takes no new rounds).
fn open_places(conn: &mut DbConn, street: &str) -> QueryResult<(Vec<Place>, Grids)> {
    let communities: Vec<Place> = places::children(conn, street)?
        .into_iter()
        .filter(|p| p.kind.is_community_level() && !p.is_retired())
        .collect();
    let grids = places::grids_under(conn, &communities)?
        .into_iter()
        .filter(|(_, g)| !g.is_retired())
        .collect();
    Ok((communities, grids))
}

/// The grids under their communities, one group per community.
fn grid_choices(grids: Grids, chosen: &str) -> Vec<ChoiceGroup> {
    let mut groups: Vec<(String, ChoiceGroup)> = Vec::new();
    for (community, grid) in grids {
        if groups.last().is_none_or(|(id, _)| *id != community.id) {
            let group = ChoiceGroup {
                label: community.name,
                choices: Vec::new(),
            };
            groups.push((community.id, group));
        }
        if let Some((_, group)) = groups.last_mut() {
            group.choices.push(Choice {
                selected: grid.id == chosen,
                value: grid.id,
                label: grid.name,
            });
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The newest rounds with the names of their places and recorders, read
/// for the whole list at once.
fn recent_lines(conn: &mut DbConn, street: Option<&str>) -> QueryResult<Vec<Line>> {
    let rows = screenings::recent(conn, street, SHOWN)?;
    let place_of = |row: &ScreeningRow| {
        (row.grid_id.clone())
            .or_else(|| row.community_id.clone())
            .unwrap_or_else(|| row.street_id.clone())
    };
    let place_ids: Vec<String> = rows.iter().map(place_of).collect();
    let user_ids: Vec<String> = rows.iter().map(|r| r.conducted_by.clone()).collect();
    let place_names: HashMap<String, String> = places::find_many(conn, &place_ids)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let user_names: HashMap<String, String> = users::find_many(conn, &user_ids)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| Line {
            place: place_names.get(&place_of(&row)).cloned().unwrap_or_default(),
            by: user_names.get(&row.conducted_by).cloned().unwrap_or_default(),
            row,
        })
        .collect())
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
            let lines = recent_lines(conn, street.as_deref())?;
            let Some(street) = &street else {
                return Ok((ctx, lines, Vec::new(), Vec::new()));
            };
            let (communities, grids) = open_places(conn, street)?;
            let communities = communities
                .into_iter()
                .map(|p| Choice {
                    selected: p.id == chosen,
                    value: p.id,
                    label: p.name,
                })
                .collect();
            Ok((ctx, lines, communities, grid_choices(grids, &chosen_grid)))
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
            let (communities, grids) = open_places(conn, &street_q)?;
            let communities: Vec<&str> = communities.iter().map(|p| p.id.as_str()).collect();
            let grids: Vec<(&str, &str)> = grids.iter().map(|(c, g)| (c.id.as_str(), g.id.as_str())).collect();
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
