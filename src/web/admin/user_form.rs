//! Creating an account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::users::{area_choices, level_choices, role_choices};
use crate::accounts::{self, AccountError, AccountSpec};
use crate::auth::{password, tokens};
use crate::db::places::{self, Place};
use crate::domain::account::{AccountInputError, DisplayName, Username};
use crate::domain::role::{MediatorLevel, Role};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors};
use crate::web::render;
use crate::web::state::AppState;

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub area_id: String,
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct NewUserPage {
    ctx: PageCtx,
    form: NewUserForm,
    areas: Vec<Place>,
    errors: FieldErrors,
    /// After success: the login and its one-time password.
    created_login: String,
    temporary_password: String,
}

impl NewUserPage {
    fn roles(&self) -> Vec<Choice> {
        role_choices(&self.ctx, &self.form.role)
    }

    fn levels(&self) -> Vec<Choice> {
        level_choices(&self.ctx, &self.form.level)
    }

    fn area_choices(&self) -> Vec<Choice> {
        area_choices(&self.areas, &self.form.area_id)
    }
}

pub async fn new_form(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let areas = state.db(|conn| Ok(places::streets_and_towns(conn)?)).await?;
    let errors = FieldErrors::new(ctx.lang);
    let form = NewUserForm {
        role: Role::Coordinator.code().to_owned(),
        ..Default::default()
    };
    render::page(&NewUserPage {
        ctx,
        form,
        areas,
        errors,
        created_login: String::new(),
        temporary_password: String::new(),
    })
}

/// Checks role, level and area together: a mediator needs a level, a
/// coordinator needs a street or town.
pub fn parse_role_fields(
    errors: &mut FieldErrors,
    role: &str,
    level: &str,
    area_id: &str,
    areas: &[Place],
) -> Option<(Role, Option<MediatorLevel>, Option<String>)> {
    let Some(role) = Role::parse(role) else {
        errors.add("role", "admin.users.error.role");
        return None;
    };
    let level = if role.needs_level() {
        let parsed = MediatorLevel::parse(level);
        if parsed.is_none() {
            errors.add("level", "admin.users.error.level");
        }
        Some(parsed?)
    } else {
        None
    };
    let area = if role.needs_area() {
        if !areas.iter().any(|a| a.id == area_id) {
            errors.add("area_id", "admin.users.error.area");
            return None;
        }
        Some(area_id.to_owned())
    } else {
        areas.iter().any(|a| a.id == area_id).then(|| area_id.to_owned())
    };
    Some((role, level, area))
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<NewUserForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let areas = state.db(|conn| Ok(places::streets_and_towns(conn)?)).await?;
    let mut errors = FieldErrors::new(ctx.lang);
    let role_fields = parse_role_fields(&mut errors, &form.role, &form.level, &form.area_id, &areas);
    let username = match role_fields.as_ref().map(|r| r.0) {
        Some(Role::Resident) => Username::parse_phone(&form.username),
        _ => Username::parse(&form.username),
    };
    let username = errors.check("username", username, AccountInputError::message_key);
    let display_name = errors.check(
        "display_name",
        DisplayName::parse(&form.display_name),
        AccountInputError::message_key,
    );
    let (Some((role, level, area_id)), Some(username), Some(display_name)) = (role_fields, username, display_name)
    else {
        return show(ctx, form, areas, errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let temporary = tokens::random_password();
    let actor = audit_actor(&req, Some(&admin));
    let login = username.as_str().to_owned();
    let result = state
        .db(move |conn| {
            let password_hash = password::hash(&temporary).map_err(AppError::internal)?;
            let spec = AccountSpec {
                username,
                display_name,
                role,
                level,
                area_id,
                password_hash,
                must_change_password: true,
            };
            match accounts::create(conn, &spec, &actor) {
                Ok(_) => Ok(Ok(temporary)),
                Err(AccountError::UsernameTaken) => Ok(Err("admin.users.error.taken")),
                Err(AccountError::UnknownArea) => Ok(Err("admin.users.error.area")),
                Err(AccountError::Db(e)) => Err(e.into()),
            }
        })
        .await?;
    match result {
        Ok(temporary_password) => {
            let errors = FieldErrors::new(ctx.lang);
            let page = NewUserPage {
                ctx,
                form: NewUserForm::default(),
                areas,
                errors,
                created_login: login,
                temporary_password,
            };
            render::page(&page)
        }
        Err(key) => {
            errors.add(if key.ends_with("area") { "area_id" } else { "username" }, key);
            show(ctx, form, areas, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

fn show(
    ctx: PageCtx,
    form: NewUserForm,
    areas: Vec<Place>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = NewUserPage {
        ctx,
        form,
        areas,
        errors,
        created_login: String::new(),
        temporary_password: String::new(),
    };
    render::page_with_status(status, &page)
}
