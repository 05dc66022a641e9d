//! The district's renovation menu catalogue (DESIGN.md §4.1), admin-managed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::menu_items::{self, MenuItem, NewMenuItem};
use crate::domain::consensus::{AreaCentiM2, DecisionRule};
use crate::domain::renovation::{self, MenuClass};
use crate::settings;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::render::{self, see_other};
use crate::web::shared::tally::yuan;
use crate::web::state::AppState;

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct MenuForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    cost: String,
    #[serde(default)]
    cost_unit: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    neighbour: String,
}

#[derive(Template)]
#[template(path = "admin/menu.html")]
struct MenuPage {
    ctx: PageCtx,
    items: Vec<MenuItem>,
    form: MenuForm,
    classes: Vec<Choice>,
    rules: Vec<Choice>,
    errors: FieldErrors,
}

impl MenuPage {
    fn cost(&self, item: &MenuItem) -> String {
        format!("{} / {}", yuan(item.unit_cost_cents), item.cost_unit)
    }
}

async fn show(
    ctx: PageCtx,
    state: &AppState,
    form: MenuForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let items = state.db(|conn| Ok(menu_items::all(conn)?)).await?;
    let classes = choices(
        MenuClass::ALL.iter().map(|c| (c.code(), ctx.t(c.label_key()))),
        &form.class,
    );
    let rules = choices(
        DecisionRule::ALL
            .iter()
            .map(|r| (r.code(), ctx.t(format!("rule.{}", r.code())))),
        &form.rule,
    );
    render::page_with_status(
        status,
        &MenuPage {
            ctx,
            items,
            form,
            classes,
            rules,
            errors,
        },
    )
}

pub async fn list(ctx: PageCtx, Admin(_admin): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &state, MenuForm::default(), errors, StatusCode::OK).await
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<MenuForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let name = errors.check("name", renovation::required_text(&form.name, 40), |k| k);
    let unit = errors.check("cost_unit", renovation::required_text(&form.cost_unit, 10), |k| k);
    // Cost in yuan with at most two decimals: the same parser as areas.
    let cost = errors.check("cost", AreaCentiM2::parse_m2(&form.cost).ok_or("menu.err_cost"), |k| k);
    let class = errors.check("class", MenuClass::parse(&form.class).ok_or("form.error.choose"), |k| k);
    let rule = errors.check(
        "rule",
        DecisionRule::parse(&form.rule).ok_or("form.error.choose"),
        |k| k,
    );
    let (Some(name), Some(unit), Some(cost), Some(class), Some(rule)) = (name, unit, cost, class, rule) else {
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    let neighbour = form.neighbour == "yes";
    state
        .db(move |conn| {
            let item = NewMenuItem {
                name: &name,
                class,
                unit_cost_cents: cost.centi(),
                cost_unit: &unit,
                default_rule: rule,
                needs_neighbour_consent: neighbour,
            };
            Ok(settings::menu::create(conn, &item, &actor)?)
        })
        .await?;
    Ok(see_other("/admin/menu"))
}
