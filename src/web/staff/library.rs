//! The anonymised case library for training (`GET /staff/library`,
//! DESIGN.md §6): closed cases, by dispute type and working method, told
//! with roles instead of names and without addresses or numbers. Readable
//! by all staff, so every mediator learns from every committee's cases.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::case_parties::{self, Party};
use crate::db::cases::Case;
use crate::db::dispute_types::DisputeTypes;
use crate::db::method_tags::{self, MethodTag};
use crate::domain::case_library::{Redactions, alias, anonymise};
use crate::domain::mediation::DisputeType;
use crate::i18n::Lang;
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};
use crate::web::render;
use crate::web::state::AppState;

const PAGE_SIZE: i64 = 20;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LibraryQuery {
    pub dispute_type: String,
    pub tag: String,
    pub before: String,
}

pub struct Entry {
    pub type_label: String,
    pub state_key: &'static str,
    pub year: String,
    pub summary: String,
    pub requests: String,
    pub tags: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/library.html")]
struct LibraryPage {
    ctx: PageCtx,
    entries: Vec<Entry>,
    types: Vec<Choice>,
    tags: Vec<Choice>,
    next_page: String,
}

pub async fn library(
    ctx: PageCtx,
    Staff(_user): Staff,
    state: web::Data<AppState>,
    query: web::Query<LibraryQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let dispute_type = DisputeType::parse(query.dispute_type.trim());
    let tag = Some(query.tag.trim().to_owned()).filter(|t| !t.is_empty());
    let before = Some(query.before.trim().to_owned()).filter(|t| !t.is_empty());
    let (cases, parties, tagged, all_tags, types) = state
        .db(move |conn| {
            let cases =
                method_tags::library_page(conn, dispute_type, tag.as_deref(), before.as_deref(), PAGE_SIZE + 1)?;
            let ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
            let parties = case_parties::for_cases(conn, &ids)?;
            let tagged = method_tags::of_cases(conn, &ids)?;
            Ok((
                cases,
                parties,
                tagged,
                method_tags::all(conn)?,
                DisputeTypes::load(conn)?,
            ))
        })
        .await?;
    let has_more = cases.len() as i64 > PAGE_SIZE;
    let cases = &cases[..cases.len().min(PAGE_SIZE as usize)];
    let entries = cases
        .iter()
        .map(|c| {
            entry(
                &ctx,
                c,
                &parties,
                &tagged,
                &all_tags,
                types.label(ctx.lang, c.dispute_type),
            )
        })
        .collect();
    let next_page = match (has_more, cases.last()) {
        (true, Some(last)) => serde_urlencoded::to_string([
            ("dispute_type", query.dispute_type.as_str()),
            ("tag", query.tag.as_str()),
            ("before", last.id.as_str()),
        ])
        .unwrap_or_default(),
        _ => String::new(),
    };
    let lang = ctx.lang.code();
    let page = LibraryPage {
        // Retired types too: the library is about past cases.
        types: choices(types.options(ctx.lang, &types.every_type()), &query.dispute_type),
        tags: choices(
            all_tags.iter().map(|t| (t.id.clone(), t.name(lang).to_owned())),
            &query.tag,
        ),
        entries,
        next_page,
        ctx,
    };
    render::page(&page)
}

/// What to take out of one case's texts: every party's and agent's name
/// (replaced by the party's role and ordinal) and every known address.
fn redactions(ctx: &PageCtx, case: &Case, parties: &[Party]) -> Redactions {
    let mut r = Redactions::default();
    let mut seen_roles = Vec::new();
    for p in parties.iter().filter(|p| p.case_id == case.id) {
        let n = seen_roles.iter().filter(|role| **role == p.party_role).count();
        seen_roles.push(p.party_role);
        let name = alias(&ctx.t(p.party_role.label_key()), n, ctx.lang == Lang::Zh);
        r.names.push((p.name.clone(), name.clone()));
        if !p.agent.is_empty() {
            r.names
                .push((p.agent.clone(), format!("{name}{}", ctx.t("library.agent_of"))));
        }
        r.addresses.push(p.address.clone());
    }
    r.addresses.push(case.place_detail.clone());
    r
}

fn entry(
    ctx: &PageCtx,
    case: &Case,
    parties: &[Party],
    tagged: &[(String, String)],
    all: &[MethodTag],
    type_label: String,
) -> Entry {
    let r = redactions(ctx, case, parties);
    let lang = ctx.lang.code();
    let tags = tagged
        .iter()
        .filter(|(c, _)| *c == case.id)
        .filter_map(|(_, t)| all.iter().find(|tag| tag.id == *t))
        .map(|t| t.name(lang).to_owned())
        .collect();
    Entry {
        type_label,
        state_key: case.state().label_key(),
        year: case.case_year.map(|y| y.to_string()).unwrap_or_default(),
        summary: anonymise(&case.summary, &r),
        requests: anonymise(&case.requests, &r),
        tags,
    }
}
