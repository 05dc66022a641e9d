//! The list of accounts and one account's page.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places::{self, Place};
use crate::db::users::{self, User};
use crate::domain::masking::mask_login;
use crate::domain::role::{MediatorLevel, Role};
use crate::web::auth::Admin;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render;
use crate::web::state::AppState;

/// One row of the list, with the login masked when it is a phone number.
pub struct UserRow {
    pub id: String,
    pub login: String,
    pub display_name: String,
    pub role_key: &'static str,
    pub level_key: Option<&'static str>,
    pub area: String,
    pub disabled: bool,
    pub locked: bool,
}

impl UserRow {
    fn from_user(user: &User, areas: &[Place], now: i64) -> Self {
        UserRow {
            id: user.id.clone(),
            login: mask_login(&user.username),
            display_name: user.display_name.clone(),
            role_key: user.role().label_key(),
            level_key: user.level().map(MediatorLevel::label_key),
            area: area_name(areas, user.area_id.as_deref()),
            disabled: user.disabled,
            locked: user.is_locked(now),
        }
    }
}

pub fn area_name(areas: &[Place], id: Option<&str>) -> String {
    id.and_then(|id| areas.iter().find(|p| p.id == id))
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    rows: Vec<UserRow>,
}

const LIST_LIMIT: i64 = 500;

pub async fn list(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let rows = state
        .db(|conn| {
            let areas = places::streets_and_towns(conn)?;
            let now = crate::db::now_ts();
            Ok(users::list_all(conn, LIST_LIMIT)?
                .iter()
                .map(|u| UserRow::from_user(u, &areas, now))
                .collect())
        })
        .await?;
    render::page(&UsersPage { ctx, rows })
}

#[derive(Template)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    pub ctx: PageCtx,
    pub user: UserRow,
    pub role: String,
    pub level: String,
    pub area_id: String,
    pub areas: Vec<Place>,
    pub org_id: String,
    pub orgs: Vec<(String, String)>,
    pub errors: FieldErrors,
    /// A temporary password to show exactly once, after a reset.
    pub temporary_password: String,
    pub notice: String,
}

impl UserPage {
    pub fn roles(&self) -> Vec<Choice> {
        role_choices(&self.ctx, &self.role)
    }

    pub fn levels(&self) -> Vec<Choice> {
        level_choices(&self.ctx, &self.level)
    }

    pub fn area_choices(&self) -> Vec<Choice> {
        area_choices(&self.areas, &self.area_id)
    }

    pub fn org_choices(&self) -> Vec<Choice> {
        choices(self.orgs.clone(), &self.org_id)
    }
}

/// The receiving organisations an `OrgStaff` account may belong to, as
/// (id, name): the active ones, and the one already set if retired since.
pub fn org_options(conn: &mut crate::db::DbConn, keep: Option<&str>) -> diesel::QueryResult<Vec<(String, String)>> {
    Ok(crate::db::resolution_orgs::all(conn)?
        .into_iter()
        .filter(|o| o.active || Some(o.id.as_str()) == keep)
        .map(|o| (o.id, o.name))
        .collect())
}

/// Loads what the account page shows.
pub async fn load_page(ctx: PageCtx, state: &AppState, id: String) -> Result<UserPage, AppError> {
    let (user, areas, orgs) = state
        .db(move |conn| {
            let user = users::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            let orgs = org_options(conn, user.org_id.as_deref())?;
            Ok((user, places::streets_and_towns(conn)?, orgs))
        })
        .await?;
    let errors = FieldErrors::new(ctx.lang);
    Ok(UserPage {
        user: UserRow::from_user(&user, &areas, crate::db::now_ts()),
        role: user.role.code().to_owned(),
        level: user.mediator_level.map_or("", MediatorLevel::code).to_owned(),
        area_id: user.area_id.clone().unwrap_or_default(),
        areas,
        org_id: user.org_id.clone().unwrap_or_default(),
        orgs,
        errors,
        temporary_password: String::new(),
        notice: String::new(),
        ctx,
    })
}

pub async fn show(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let page = load_page(ctx, &state, path.into_inner()).await?;
    render::page(&page)
}

pub fn role_choices(ctx: &PageCtx, selected: &str) -> Vec<Choice> {
    choices(Role::ALL.iter().map(|r| (r.code(), ctx.t(r.label_key()))), selected)
}

pub fn level_choices(ctx: &PageCtx, selected: &str) -> Vec<Choice> {
    choices(
        MediatorLevel::ALL.iter().map(|l| (l.code(), ctx.t(l.label_key()))),
        selected,
    )
}

pub fn area_choices(areas: &[Place], selected: &str) -> Vec<Choice> {
    choices(areas.iter().map(|a| (a.id.clone(), a.name.clone())), selected)
}
