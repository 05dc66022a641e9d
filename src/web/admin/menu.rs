//! The district's renovation menu catalogue (DESIGN.md §4.1), admin-managed:
//! list, add, edit, retire and restore. Projects copy an item's terms when
//! they take it up (`db::projects::ItemTerms`), so edits here apply to
//! projects that add the item afterwards.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::catalogue::{Refused, RetireForm, saved};
use crate::db::menu_items::{self, MenuItem, MenuItemEdit, NewMenuItem};
use crate::domain::catalogue;
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
#[serde(default)]
pub struct MenuForm {
    name: String,
    class: String,
    cost: String,
    cost_unit: String,
    rule: String,
    neighbour: String,
    /// Edit form only.
    sort_order: String,
    version: String,
}

impl MenuForm {
    /// The form as the item stands now.
    fn of(item: &MenuItem) -> Self {
        MenuForm {
            name: item.name.clone(),
            class: item.class.code().to_owned(),
            cost: yuan(item.unit_cost_cents),
            cost_unit: item.cost_unit.clone(),
            rule: item.default_rule.code().to_owned(),
            neighbour: if item.needs_neighbour_consent { "yes" } else { "" }.to_owned(),
            sort_order: item.sort_order.to_string(),
            version: item.version.to_string(),
        }
    }

    /// The checked values; every problem goes next to its field. The sort
    /// order is checked only on the edit form (`with_order`).
    fn check(&self, errors: &mut FieldErrors, with_order: bool) -> Option<MenuItemEdit> {
        let name = errors.check("name", renovation::required_text(&self.name, 40), |k| k);
        let class = errors.check("class", MenuClass::parse(&self.class).ok_or("form.error.choose"), |k| k);
        // Cost in yuan with at most two decimals: the same parser as areas.
        let cost = errors.check("cost", AreaCentiM2::parse_m2(&self.cost).ok_or("menu.err_cost"), |k| k);
        let unit = errors.check("cost_unit", renovation::required_text(&self.cost_unit, 10), |k| k);
        let rule = errors.check(
            "rule",
            DecisionRule::parse(&self.rule).ok_or("form.error.choose"),
            |k| k,
        );
        let order = match with_order {
            true => errors.check("sort_order", catalogue::sort_order(&self.sort_order), |k| k),
            false => Some(0),
        };
        Some(MenuItemEdit {
            name: name?,
            class: class?,
            unit_cost_cents: cost?.centi(),
            cost_unit: unit?,
            default_rule: rule?,
            needs_neighbour_consent: self.neighbour == "yes",
            sort_order: order?,
        })
    }
}

/// The class and rule pickers with the form's choice selected.
fn pickers(ctx: &PageCtx, form: &MenuForm) -> (Vec<Choice>, Vec<Choice>) {
    let classes = choices(
        MenuClass::ALL.iter().map(|c| (c.code(), ctx.t(c.label_key()))),
        &form.class,
    );
    let rules = choices(
        DecisionRule::ALL.iter().map(|r| (r.code(), ctx.t(r.label_key()))),
        &form.rule,
    );
    (classes, rules)
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
    let (classes, rules) = pickers(&ctx, &form);
    let page = MenuPage {
        ctx,
        items,
        form,
        classes,
        rules,
        errors,
    };
    render::page_with_status(status, &page)
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
    let Some(edit) = form.check(&mut errors, false) else {
        return show(ctx, &state, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = audit_actor(&req, Some(&admin));
    state
        .db(move |conn| {
            let item = NewMenuItem {
                name: &edit.name,
                class: edit.class,
                unit_cost_cents: edit.unit_cost_cents,
                cost_unit: &edit.cost_unit,
                default_rule: edit.default_rule,
                needs_neighbour_consent: edit.needs_neighbour_consent,
            };
            Ok(settings::menu::create(conn, &item, &actor)?)
        })
        .await?;
    Ok(see_other("/admin/menu"))
}

#[derive(Template)]
#[template(path = "admin/menu_edit.html")]
struct EditPage {
    ctx: PageCtx,
    item: MenuItem,
    form: MenuForm,
    classes: Vec<Choice>,
    rules: Vec<Choice>,
    errors: FieldErrors,
    conflict: bool,
}

/// The edit page; `typed` puts back what the admin typed (with errors),
/// otherwise the form shows what the item holds now.
async fn show_edit(
    ctx: PageCtx,
    state: &AppState,
    id: String,
    typed: Option<(MenuForm, FieldErrors)>,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let item = state
        .db(move |conn| Ok(menu_items::find(conn, &id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let (form, errors) = typed.unwrap_or_else(|| (MenuForm::of(&item), FieldErrors::new(ctx.lang)));
    let (classes, rules) = pickers(&ctx, &form);
    let status = refused.as_ref().map_or(StatusCode::OK, Refused::status);
    let page = EditPage {
        conflict: matches!(refused, Some(Refused::Conflict)),
        ctx,
        item,
        form,
        classes,
        rules,
        errors,
    };
    render::page_with_status(status, &page)
}

pub async fn edit(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show_edit(ctx, &state, path.into_inner(), None, None).await
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<MenuForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(edit) = form.check(&mut errors, true) else {
        return show_edit(ctx, &state, id, Some((form, errors)), Some(Refused::Invalid)).await;
    };
    let (actor, version) = (audit_actor(&req, Some(&admin)), catalogue::seen_version(&form.version));
    let target = id.clone();
    let result = state
        .db(move |conn| Ok(settings::menu::update(conn, &target, version, &edit, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/menu#item-{id}")));
    }
    show_edit(ctx, &state, id, None, Some(Refused::Conflict)).await
}

/// Retires an item (`retired=yes`) or restores it.
pub async fn retire(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RetireForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, version) = (audit_actor(&req, Some(&admin)), catalogue::seen_version(&form.version));
    let (target, retire) = (id.clone(), form.retire());
    let result = state
        .db(move |conn| Ok(settings::menu::set_retired(conn, &target, version, retire, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/menu#item-{id}")));
    }
    show_edit(ctx, &state, id, None, Some(Refused::Conflict)).await
}
