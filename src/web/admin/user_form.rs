//! Creating an account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::users::{area_choices, level_choices, org_options, role_choices};
use crate::accounts::{self, AccountError, AccountFields, NewAccount};
use crate::db::places::{self, Place};
use crate::domain::role::Role;
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
    #[serde(default)]
    pub org_id: String,
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct NewUserPage {
    ctx: PageCtx,
    form: NewUserForm,
    areas: Areas,
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
        area_choices(&self.areas.places, &self.form.area_id)
    }

    fn org_choices(&self) -> Vec<Choice> {
        crate::web::forms::choices(self.areas.orgs.clone(), &self.form.org_id)
    }
}

pub async fn new_form(ctx: PageCtx, _admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let areas = open_areas(&state).await?;
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

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<NewUserForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let areas = open_areas(&state).await?;
    let mut errors = FieldErrors::new(ctx.lang);
    let fields = AccountFields {
        username: &form.username,
        display_name: &form.display_name,
        role: &form.role,
        level: &form.level,
        area_id: &form.area_id,
        org_id: &form.org_id,
    };
    let account = match NewAccount::parse(&fields, &areas.places) {
        Ok(account) => account,
        Err(problems) => {
            errors.add_all(&problems);
            return show(ctx, form, areas, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let actor = audit_actor(&req, Some(&admin));
    let login = account.username.as_str().to_owned();
    let result = state
        .db(
            move |conn| match accounts::create_with_temporary_password(conn, account, &actor) {
                Ok(temporary) => Ok(Ok(temporary)),
                Err(AccountError::UsernameTaken) => Ok(Err("admin.users.error.taken")),
                Err(AccountError::UnknownArea) => Ok(Err("admin.users.error.area")),
                Err(AccountError::UnknownOrg) => Ok(Err("admin.users.error.org")),
                Err(AccountError::Db(e)) => Err(e.into()),
            },
        )
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
            let field = match key {
                "admin.users.error.area" => "area_id",
                "admin.users.error.org" => "org_id",
                _ => "username",
            };
            errors.add(field, key);
            show(ctx, form, areas, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

fn show(
    ctx: PageCtx,
    form: NewUserForm,
    areas: Areas,
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

/// The streets and towns a new account may be assigned to (not retired
/// ones), and the active receiving organisations.
async fn open_areas(state: &AppState) -> Result<Areas, AppError> {
    let (mut areas, orgs) = state
        .db(|conn| Ok((places::streets_and_towns(conn)?, org_options(conn, None)?)))
        .await?;
    areas.retain(|a| !a.is_retired());
    Ok(Areas { places: areas, orgs })
}

/// What the form's pickers offer.
struct Areas {
    places: Vec<Place>,
    orgs: Vec<(String, String)>,
}
