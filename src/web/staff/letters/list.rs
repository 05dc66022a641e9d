//! The mailbox queue: a coordinator's street (an admin's whole district),
//! filtered by status, category, community, compound and overdue, newest
//! first.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::letters::{self, LetterFilter};
use crate::db::{letter_categories, places};
use crate::domain::letters::LetterStatus;
use crate::domain::role::Role;
use crate::mailbox::views::queue::QueueRow;
use crate::web::auth::LetterDesk;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices};
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::shared::places::community_label;
use crate::web::state::AppState;

const PAGE_SIZE: i64 = 30;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub status: String,
    pub category: String,
    pub overdue: String,
    pub community: String,
    pub compound: String,
    pub before: String,
}

#[derive(Template)]
#[template(path = "staff/letters/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<QueueRow>,
    statuses: Vec<Choice>,
    categories: Vec<Choice>,
    communities: Vec<Choice>,
    compounds: Vec<Choice>,
    overdue_only: bool,
    next_page: String,
    /// The filters (without the page) for the export links.
    export_query: String,
    /// Admins may export unmasked (with a reason, audited).
    can_unmask: bool,
}

impl ListPage {
    /// How many filters are set: the folded filters open when any is, so
    /// a filtered list never hides why it is short.
    fn active_filters(&self) -> usize {
        let chosen = |choices: &[Choice]| choices.iter().any(|c| c.selected && !c.value.is_empty());
        [&self.statuses, &self.categories, &self.communities, &self.compounds]
            .into_iter()
            .filter(|c| chosen(c))
            .count()
            + usize::from(self.overdue_only)
    }
}

pub(super) fn filter_of(query: &ListQuery, street: Option<String>, now: i64) -> LetterFilter {
    let non_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    LetterFilter {
        street_id: street,
        status: LetterStatus::parse(query.status.trim()),
        category: non_empty(&query.category),
        community_id: non_empty(&query.community),
        compound_id: non_empty(&query.compound),
        overdue_at: (query.overdue == "1").then_some(now),
        before_id: non_empty(&query.before),
    }
}

/// A coordinator sees their own street only; one without a street sees
/// nothing. An admin sees the whole district.
pub(super) fn street_scope(user: &crate::web::auth::SessionUser) -> Option<String> {
    match user.role {
        Role::Admin => None,
        _ => Some(user.area_id.clone().unwrap_or_default()),
    }
}

/// The list's filters without its page: what the export links carry.
pub(super) fn export_query(query: &ListQuery) -> String {
    serde_urlencoded::to_string([
        ("status", query.status.as_str()),
        ("category", query.category.as_str()),
        ("overdue", query.overdue.as_str()),
        ("community", query.community.as_str()),
        ("compound", query.compound.as_str()),
    ])
    .unwrap_or_default()
}

pub async fn list(
    ctx: PageCtx,
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    side: ReadSide,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let now = crate::db::now_ts();
    // A coordinator sees their own street only; one without a street sees nothing.
    let street = street_scope(&user);
    let filter = filter_of(&query, street.clone(), now);
    let (found, cats, places, compound_rows) = state
        .read(side, move |conn| {
            Ok((
                letters::list(conn, &filter, PAGE_SIZE + 1)?,
                letter_categories::all(conn)?,
                places::communities_with_street(conn)?,
                places::compounds_with_area(conn)?,
            ))
        })
        .await?;
    let compound_rows: Vec<_> = compound_rows
        .into_iter()
        .filter(|c| street.is_none() || Some(&c.street_id) == street.as_ref())
        .collect();
    let compound_name = |id: &Option<String>| {
        compound_rows
            .iter()
            .find(|c| Some(&c.id) == id.as_ref())
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    // Coordinators pick among their own street's communities only.
    let communities = choices(
        places
            .into_iter()
            .filter(|(c, _)| street.is_none() || c.parent_id == street)
            .map(|(c, street_name)| (c.id, community_label(&street_name, &c.name))),
        &query.community,
    );
    let more = found.len() as i64 > PAGE_SIZE;
    let found: Vec<_> = found.into_iter().take(PAGE_SIZE as usize).collect();
    let rows: Vec<QueueRow> = found
        .iter()
        .map(|l| QueueRow::of(l, &cats, compound_name(&l.compound_id), now))
        .collect();
    let next_page = match (more, found.last()) {
        (true, Some(last)) => serde_urlencoded::to_string([
            ("status", query.status.as_str()),
            ("category", query.category.as_str()),
            ("overdue", query.overdue.as_str()),
            ("community", query.community.as_str()),
            ("compound", query.compound.as_str()),
            ("before", last.id.as_str()),
        ])
        .unwrap_or_default(),
        _ => String::new(),
    };
    let statuses = choices(
        LetterStatus::ALL.iter().map(|s| (s.code(), ctx.t(s.label_key()))),
        &query.status,
    );
    let categories = choices(
        cats.iter().map(|c| (c.code.clone(), c.name(ctx.lang).to_owned())),
        &query.category,
    );
    let compounds = choices(
        compound_rows
            .iter()
            .map(|c| (c.id.clone(), format!("{} · {}", c.community_name, c.name))),
        &query.compound,
    );
    render::page(&ListPage {
        ctx,
        rows,
        statuses,
        categories,
        communities,
        compounds,
        overdue_only: query.overdue == "1",
        next_page,
        export_query: export_query(&query),
        can_unmask: user.role == Role::Admin,
    })
}
