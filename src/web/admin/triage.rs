//! `/admin/triage`: the triage rule table (分流规则, issue 16). Admins see
//! the rows in the order triage reads them, add a row, and change or
//! delete one. Refused input comes back next to its field with what was
//! typed; an edit or deletion on a row someone changed meanwhile is a
//! conflict (409) showing the row as it is now.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::dispute_types::DisputeTypes;
use crate::db::triage_rules::{self, StoredRule};
use crate::db::{DbConn, places};
use crate::domain::mediation::DisputeType;
use crate::domain::place::PlaceKind;
use crate::domain::resolution::triage::draft::RuleDraft;
use crate::domain::resolution::triage::{PartyKind, TriageRule};
use crate::domain::resolution::{ChannelType, Sector};
use crate::i18n::Lang;
use crate::settings;
use crate::web::admin::catalogue::{Refused, saved};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices, vocabulary_choices};
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// The places a rule may name: the dispute's street or community.
const RULE_PLACES: [PlaceKind; 4] = [
    PlaceKind::Street,
    PlaceKind::Town,
    PlaceKind::Community,
    PlaceKind::Village,
];

/// The form as sent; every condition may be left empty ("any").
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    position: String,
    dispute_type: String,
    min_amount: String,
    max_amount: String,
    place_id: String,
    party_kind: String,
    channel: String,
    sector: String,
    reason_zh: String,
    reason_en: String,
    version: String,
}

impl RuleForm {
    fn of(stored: &StoredRule) -> Self {
        let r = &stored.rule;
        let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        RuleForm {
            position: r.position.to_string(),
            dispute_type: r.dispute_type.map(|t| t.code().to_owned()).unwrap_or_default(),
            min_amount: text(r.min_amount),
            max_amount: text(r.max_amount),
            place_id: r.place_id.clone().unwrap_or_default(),
            party_kind: r.party_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            channel: r.channel.code().to_owned(),
            sector: r.sector.map(|s| s.code().to_owned()).unwrap_or_default(),
            reason_zh: r.reason_zh.clone(),
            reason_en: r.reason_en.clone(),
            version: stored.version.to_string(),
        }
    }

    fn draft(&self) -> RuleDraft<'_> {
        RuleDraft {
            position: &self.position,
            dispute_type: &self.dispute_type,
            min_amount: &self.min_amount,
            max_amount: &self.max_amount,
            place_id: &self.place_id,
            party_kind: &self.party_kind,
            channel: &self.channel,
            sector: &self.sector,
            reason_zh: &self.reason_zh,
            reason_en: &self.reason_en,
        }
    }

    /// A garbled version matches no row: it is answered as a conflict.
    fn seen_version(&self) -> i32 {
        self.version.trim().parse().unwrap_or(-1)
    }
}

/// The select lists of the form, with the typed values selected.
struct Pickers {
    types: Vec<Choice>,
    places: Vec<Choice>,
    kinds: Vec<Choice>,
    channels: Vec<Choice>,
    sectors: Vec<Choice>,
}

/// One row of the table as the list shows it.
pub struct RuleLine {
    pub id: String,
    pub position: i32,
    pub conditions: String,
    pub channel: String,
    pub reason: String,
}

/// The list's confirmation after a save or a deletion.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Notice {
    saved: String,
    deleted: String,
}

impl Notice {
    fn key(&self) -> &'static str {
        if self.saved == "1" {
            "triage_rules.saved"
        } else if self.deleted == "1" {
            "triage_rules.deleted"
        } else {
            ""
        }
    }
}

#[derive(Template)]
#[template(path = "admin/triage.html")]
struct ListPage {
    ctx: PageCtx,
    /// A confirmation's catalogue key, or "".
    notice: &'static str,
    rows: Vec<RuleLine>,
    form: RuleForm,
    pickers: Pickers,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "admin/triage_edit.html")]
struct EditPage {
    ctx: PageCtx,
    id: String,
    /// The row as stored now (its version guards the delete button).
    stored: RuleLine,
    version: i32,
    form: RuleForm,
    pickers: Pickers,
    errors: FieldErrors,
    conflict: bool,
}

/// What the pages read: the rules, the places a rule may name, the types' names.
struct Loaded {
    rules: Vec<StoredRule>,
    places: Vec<(String, String)>,
    types: DisputeTypes,
}

fn load(conn: &mut DbConn) -> Result<Loaded, AppError> {
    Ok(Loaded {
        rules: triage_rules::all_stored(conn)?,
        places: places::of_kinds(conn, &RULE_PLACES)?
            .into_iter()
            .filter(|p| p.retired_at.is_none())
            .map(|p| (p.id, p.name))
            .collect(),
        types: DisputeTypes::load(conn)?,
    })
}

impl Loaded {
    fn pickers(&self, ctx: &PageCtx, form: &RuleForm) -> Pickers {
        let types = DisputeType::ALL
            .iter()
            .map(|t| (t.code(), self.types.label(ctx.lang, *t)));
        Pickers {
            types: choices(types, &form.dispute_type),
            places: choices(self.places.clone(), &form.place_id),
            kinds: vocabulary_choices::<PartyKind>(ctx, &form.party_kind),
            channels: vocabulary_choices::<ChannelType>(ctx, &form.channel),
            sectors: vocabulary_choices::<Sector>(ctx, &form.sector),
        }
    }

    /// The conditions of a rule in words: "劳动争议 · 金额 ≥ 1000000 元".
    fn conditions(&self, ctx: &PageCtx, rule: &TriageRule) -> String {
        let mut parts = Vec::new();
        parts.extend(rule.dispute_type.map(|t| self.types.label(ctx.lang, t)));
        if let Some(min) = rule.min_amount {
            parts.push(ctx.t_with("triage_rules.amount_from", "n", &min.to_string()));
        }
        if let Some(max) = rule.max_amount {
            parts.push(ctx.t_with("triage_rules.amount_below", "n", &max.to_string()));
        }
        if let Some(place) = &rule.place_id {
            let name = self.places.iter().find(|(id, _)| id == place).map(|(_, n)| n.clone());
            parts.push(name.unwrap_or_else(|| ctx.t("triage_rules.retired_place")));
        }
        if let Some(kind) = rule.party_kind {
            parts.push(ctx.t_with("triage_rules.party", "kind", &ctx.label(&kind)));
        }
        if parts.is_empty() {
            return ctx.t("triage_rules.any");
        }
        parts.join(" · ")
    }

    fn line(&self, ctx: &PageCtx, stored: &StoredRule) -> RuleLine {
        let r = &stored.rule;
        let mut channel = ctx.label(&r.channel);
        if let Some(sector) = r.sector {
            channel = format!("{channel} · {}", ctx.label(&sector));
        }
        RuleLine {
            id: stored.id.clone(),
            position: r.position,
            conditions: self.conditions(ctx, r),
            channel,
            reason: match ctx.lang {
                Lang::Zh => r.reason_zh.clone(),
                Lang::En => r.reason_en.clone(),
            },
        }
    }
}

async fn show_list(
    ctx: PageCtx,
    state: &AppState,
    notice: &'static str,
    form: RuleForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let loaded = state.db(load).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        Refused::Invalid.status()
    };
    let page = ListPage {
        notice,
        rows: loaded.rules.iter().map(|r| loaded.line(&ctx, r)).collect(),
        pickers: loaded.pickers(&ctx, &form),
        ctx,
        form,
        errors,
    };
    render::page_with_status(status, &page)
}

/// The edit page; `typed` puts back what the admin typed (with errors),
/// otherwise the form shows the row as stored now.
async fn show_edit(
    ctx: PageCtx,
    state: &AppState,
    id: String,
    typed: Option<(RuleForm, FieldErrors)>,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let loaded = state.db(load).await?;
    let stored = loaded.rules.iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    let (form, errors) = typed.unwrap_or_else(|| (RuleForm::of(stored), FieldErrors::new(ctx.lang)));
    let status = refused.as_ref().map_or(StatusCode::OK, Refused::status);
    let page = EditPage {
        stored: loaded.line(&ctx, stored),
        version: stored.version,
        pickers: loaded.pickers(&ctx, &form),
        conflict: matches!(refused, Some(Refused::Conflict)),
        ctx,
        id,
        form,
        errors,
    };
    render::page_with_status(status, &page)
}

/// The typed row as a rule, or the page's field errors.
async fn parsed(state: &AppState, lang: Lang, form: &RuleForm) -> Result<Result<TriageRule, FieldErrors>, AppError> {
    let known: Vec<String> = state
        .db(|conn| Ok(places::of_kinds(conn, &RULE_PLACES)?))
        .await?
        .into_iter()
        .filter(|p| p.retired_at.is_none())
        .map(|p| p.id)
        .collect();
    Ok(form
        .draft()
        .parse(|id| known.iter().any(|k| k == id))
        .map_err(|problems| {
            let mut errors = FieldErrors::new(lang);
            problems.into_iter().for_each(|(field, key)| errors.add(field, key));
            errors
        }))
}

pub async fn list(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::new(ctx.lang);
    show_list(ctx, &state, query.key(), RuleForm::default(), errors).await
}

pub async fn create(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    form: web::Form<RuleForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let rule = match parsed(&state, ctx.lang, &form).await? {
        Ok(rule) => rule,
        Err(errors) => return show_list(ctx, &state, "", form, errors).await,
    };
    let actor = audit_actor(&req, Some(&admin));
    let id = state
        .db(move |conn| Ok(settings::triage_rules::create(conn, &rule, &actor)?))
        .await?;
    Ok(see_other(&format!("/admin/triage?saved=1#rule-{id}")))
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
    form: web::Form<RuleForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let rule = match parsed(&state, ctx.lang, &form).await? {
        Ok(rule) => rule,
        Err(errors) => return show_edit(ctx, &state, id, Some((form, errors)), Some(Refused::Invalid)).await,
    };
    let (actor, version, target) = (audit_actor(&req, Some(&admin)), form.seen_version(), id.clone());
    let result = state
        .db(move |conn| Ok(settings::triage_rules::update(conn, &target, version, &rule, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other(&format!("/admin/triage?saved=1#rule-{id}")));
    }
    show_edit(ctx, &state, id, None, Some(Refused::Conflict)).await
}

/// The delete button's form: the row's version when the page was built.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    version: String,
}

pub async fn delete(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let version = form.version.trim().parse().unwrap_or(-1);
    let (actor, target) = (audit_actor(&req, Some(&admin)), id.clone());
    let result = state
        .db(move |conn| Ok(settings::triage_rules::delete(conn, &target, version, &actor)))
        .await?;
    if saved(result)? {
        return Ok(see_other("/admin/triage?deleted=1"));
    }
    show_edit(ctx, &state, id, None, Some(Refused::Conflict)).await
}
