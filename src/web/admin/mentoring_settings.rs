//! `/admin/mentoring`: the mentorship programme's settings — how many
//! mentees one 老马 may take, and the graduation (出师) criteria, whose
//! defaults are DESIGN.md §6's. Each change is audited.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::mentorship::{self as store, Settings};
use crate::db::{self, audit, now_ts};
use crate::domain::mentorship::{Criteria, check_criteria, parse_required_tenths, tenths_text};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    mentee_cap: String,
    min_cases: String,
    min_success_pct: String,
    max_oral_pct: String,
    min_training_hours: String,
}

impl SettingsForm {
    fn of(s: &Settings) -> Self {
        SettingsForm {
            mentee_cap: s.mentee_cap.to_string(),
            min_cases: s.criteria.min_cases.to_string(),
            min_success_pct: s.criteria.min_success_pct.to_string(),
            max_oral_pct: s.criteria.max_oral_pct.to_string(),
            min_training_hours: tenths_text(s.criteria.min_training_tenths),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/mentoring_settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    form: SettingsForm,
    errors: FieldErrors,
}

pub async fn show(ctx: PageCtx, Admin(_a): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let settings = state.db(|conn| Ok(store::settings(conn)?)).await?;
    let errors = FieldErrors::new(ctx.lang);
    render::page(&SettingsPage {
        ctx,
        form: SettingsForm::of(&settings),
        errors,
    })
}

fn number(raw: &str, max: i64) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|n| (0..=max).contains(n))
}

fn parse(form: &SettingsForm, errors: &mut FieldErrors) -> Option<Settings> {
    let cap = number(&form.mentee_cap, 20).filter(|n| *n >= 1);
    let cases = number(&form.min_cases, 1000);
    let success = number(&form.min_success_pct, 100);
    let oral = number(&form.max_oral_pct, 100);
    let hours = parse_required_tenths(&form.min_training_hours);
    for (field, value) in [
        ("mentee_cap", cap),
        ("min_cases", cases),
        ("min_success_pct", success),
        ("max_oral_pct", oral),
        ("min_training_hours", hours),
    ] {
        if value.is_none() {
            errors.add(field, "mentoring.error.setting");
        }
    }
    let criteria = Criteria {
        min_cases: cases?,
        min_success_pct: success?,
        max_oral_pct: oral?,
        min_training_tenths: hours?,
    };
    check_criteria(&criteria).then_some(Settings {
        mentee_cap: cap?,
        criteria,
    })
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new(ctx.lang);
    let Some(settings) = parse(&form, &mut errors) else {
        if errors.is_empty() {
            errors.add("min_training_hours", "mentoring.error.setting");
        }
        let page = SettingsPage { ctx, form, errors };
        return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let actor = audit_actor(&req, Some(&admin));
    state
        .db(move |conn| {
            db::write_tx(conn, |conn| {
                store::save_settings(conn, &settings, now_ts())?;
                // `name=value` pairs, so the audit log can say them as a
                // sentence (audit_detail.mentoring_settings).
                let c = &settings.criteria;
                let detail = format!(
                    "mentee_cap={} min_cases={} min_success_pct={} max_oral_pct={} min_training_hours={}",
                    settings.mentee_cap,
                    c.min_cases,
                    c.min_success_pct,
                    c.max_oral_pct,
                    tenths_text(c.min_training_tenths)
                );
                audit::record(conn, &actor, "mentoring.settings", None, &detail)
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/mentoring"))
}
