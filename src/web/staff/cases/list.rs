//! The case queues, with filters and keyset paging.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::dates::{date, parse_day_start};
use crate::db::cases::{self, Case, CaseFilter};
use crate::db::dispute_types::DisputeTypes;
use crate::db::{case_parties, mentorship_records, places};
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::mediation::{DisputeType, RiskLevel};
use crate::domain::mediation_workflow::{CaseState, NextActor, next_actor};
use crate::domain::role::Role;
use crate::mediation::{queues, review_gaps};
use crate::web::auth::Staff;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices};
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::state::AppState;

const PAGE_SIZE: i64 = 30;
/// Longer searches are refused with a message at the field: a filter that
/// is silently dropped would show every case as if they all matched.
const MAX_SEARCH: usize = 40;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub queue: String,
    pub state: String,
    pub dispute_type: String,
    pub risk: String,
    pub street: String,
    pub community: String,
    pub q: String,
    pub from: String,
    pub to: String,
    pub before: String,
}

pub struct Row {
    pub id: String,
    pub number: String,
    pub applicant: String,
    pub type_label: String,
    pub state_key: String,
    pub created: String,
    pub overdue: bool,
    pub risk: Option<RiskLevel>,
    /// Days the case has waited in its state (shown in the review queue).
    pub waiting_days: i64,
    /// The link text: the case number, or the summary and day before acceptance.
    pub title: String,
    /// Who acts next (`next.*`, or `centre_case.next.*` for a referred dispute).
    pub next_key: &'static str,
    /// A referred dispute: the organisation and the referral's standing key.
    pub referral: Option<(String, &'static str)>,
}

/// An oral agreement waiting for this mentor's after-the-fact review.
pub struct OralItem {
    pub case_id: String,
    pub number: String,
    pub days: i64,
}

pub struct Tab {
    pub code: &'static str,
    pub label_key: &'static str,
    /// None for a tab without a count (a mediator's history).
    pub count: Option<i64>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "staff/cases/list.html")]
struct ListPage {
    ctx: PageCtx,
    tabs: Vec<Tab>,
    query: ListQuery,
    rows: Vec<Row>,
    states: Vec<Choice>,
    types: Vec<Choice>,
    risks: Vec<Choice>,
    streets: Vec<Choice>,
    communities: Vec<Choice>,
    next_page: String,
    errors: FieldErrors,
    can_register: bool,
    /// The review queue: show how long each item has waited, and the oral
    /// agreements to review after the fact.
    is_review: bool,
    oral_items: Vec<OralItem>,
    /// The filters (without the page) for the export links.
    export_query: String,
    /// Admins may export unmasked (with a reason, audited).
    can_unmask: bool,
}

impl ListPage {
    /// How many filters besides the search are set (or refused): the
    /// folded filters open while any is.
    fn active_filters(&self) -> usize {
        let q = &self.query;
        let set = [
            &q.state,
            &q.dispute_type,
            &q.risk,
            &q.street,
            &q.community,
            &q.from,
            &q.to,
        ];
        let errors = ["from", "to"].iter().filter(|f| !self.errors.get(f).is_empty()).count();
        set.iter().filter(|v| !v.trim().is_empty()).count().max(errors)
    }
}

pub async fn list(
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    side: ReadSide,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    if user.role == Role::Resident {
        return Err(AppError::forbidden());
    }
    let query = query.into_inner();
    let now = crate::db::now_ts();
    let (queue, filter, errors) = selection(user.role, &query, now, ctx.lang);
    let export_query = export_query(&query, queue);
    let viewer = user.viewer();
    let is_review = queue == "review" && user.role == Role::Mediator;
    let waiting = ctx.waiting.clone();
    let (cases, (parties, next, standings), counts, places, oral, types) = state
        .read(side, move |conn| {
            let oral = if is_review {
                mentorship_records::pending_oral_for_mentor(conn, &viewer.id, PAGE_SIZE)?
            } else {
                Vec::new()
            };
            let scope = queues::scope(conn, &viewer, queue, &waiting)?;
            let cases = cases::list(conn, &scope, &filter, PAGE_SIZE + 1)?;
            let ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
            let parties = case_parties::applicants_of(conn, &ids)?;
            let standings = crate::resolution::views::standings(conn, &ids)?;
            let counts = queues::counts(conn, &viewer, now, &waiting)?;
            // Each row of the review queue says exactly whether it waits
            // for the team; the page's files are read at once.
            let next = if is_review {
                review_gaps::next_for_page(conn, &cases, &viewer)?
            } else {
                Default::default()
            };
            let places = (places::streets_and_towns(conn)?, places::communities_with_street(conn)?);
            Ok((
                cases,
                (parties, next, standings),
                counts,
                places,
                oral,
                DisputeTypes::load(conn)?,
            ))
        })
        .await?;
    let has_more = cases.len() as i64 > PAGE_SIZE;
    let cases = &cases[..cases.len().min(PAGE_SIZE as usize)];
    let rows = cases
        .iter()
        .map(|c| {
            let known = next.get(&c.id).copied();
            let type_label = types.case_label(ctx.lang, c.dispute_type, c.local_type.as_deref());
            let mut row = row(c, &parties, now, type_label, known);
            with_referral(&mut row, c, &standings);
            row
        })
        .collect();
    let next_page = match (has_more, cases.last()) {
        (true, Some(last)) => next_query(&query, queue, &last.id),
        _ => String::new(),
    };
    let tabs = queues::queues(user.role)
        .iter()
        .zip(counts)
        .map(|(q, count)| Tab {
            code: q.code,
            label_key: q.label_key,
            count,
            current: q.code == queue,
        })
        .collect();
    let page = ListPage {
        states: choices(CaseState::all().map(|s| (s.code(), ctx.t(s.label_key()))), &query.state),
        // Retired types too: old cases keep them and must stay findable.
        types: choices(types.options(ctx.lang, &types.every_type()), &query.dispute_type),
        risks: choices(
            RiskLevel::ALL.iter().map(|r| (r.code(), ctx.t(r.label_key()))),
            &query.risk,
        ),
        can_register: user.role == Role::Coordinator,
        streets: choices(places.0.into_iter().map(|p| (p.id, p.name)), &query.street),
        communities: choices(
            places
                .1
                .into_iter()
                .filter(|(c, _)| user.role != Role::Coordinator || c.parent_id == user.area_id)
                .map(|(c, street)| (c.id, format!("{street} · {}", c.name))),
            &query.community,
        ),
        can_unmask: user.role == Role::Admin,
        export_query,
        ctx,
        tabs,
        query,
        rows,
        next_page,
        errors,
        is_review,
        oral_items: oral
            .into_iter()
            .map(|o| OralItem {
                case_id: o.case_id,
                number: o.case_number.unwrap_or_default(),
                days: crate::domain::case_review::age_days(o.entered_at, now),
            })
            .collect(),
    };
    render::page(&page)
}

/// The queue `query` asks for among the role's queues, its filter with the
/// user's own filters applied, and the errors of those filters. The list
/// and its exports select through here, so they hold the same cases.
pub(super) fn selection(
    role: Role,
    query: &ListQuery,
    now: i64,
    lang: crate::i18n::Lang,
) -> (&'static str, CaseFilter, FieldErrors) {
    let available = queues::queues(role);
    let queue = available
        .iter()
        .find(|q| q.code == query.queue)
        .map_or(available[0].code, |q| q.code);
    let mut errors = FieldErrors::new(lang);
    let mut filter = queues::filter(queue, now);
    apply_query(&mut filter, query, &mut errors);
    (queue, filter, errors)
}

/// The list's query string without its page: what an export carries.
pub(super) fn export_query(query: &ListQuery, queue: &str) -> String {
    next_query(query, queue, "").trim_end_matches("&before=").to_owned()
}

fn apply_query(filter: &mut CaseFilter, query: &ListQuery, errors: &mut FieldErrors) {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(state) = CaseState::parse(query.state.trim()) {
        filter.states = vec![state];
    }
    filter.dispute_type = DisputeType::parse(query.dispute_type.trim());
    filter.risk_level = RiskLevel::parse(query.risk.trim());
    filter.street_id = some(&query.street);
    filter.community_id = some(&query.community);
    filter.search = some(&query.q);
    if filter.search.as_ref().is_some_and(|q| q.chars().count() > MAX_SEARCH) {
        filter.search = None;
        errors.add("q", "cases.search_long");
    }
    filter.before_id = some(&query.before);
    for (field, value, target) in [
        ("from", &query.from, &mut filter.created_from),
        ("to", &query.to, &mut filter.created_to),
    ] {
        if value.trim().is_empty() {
            continue;
        }
        match parse_day_start(value) {
            Some(t) => *target = Some(if field == "to" { t + 86_400 } else { t }),
            None => errors.add(field, "form.error.date"),
        }
    }
}

/// `next` is who acts next when it was worked out from the review's gaps;
/// otherwise it follows from the state (a case with a mentor has a 小马 lead).
fn row(
    case: &Case,
    applicants: &[case_parties::ListedApplicant],
    now: i64,
    type_label: String,
    next: Option<NextActor>,
) -> Row {
    let applicant = applicants.iter().find(|p| p.case_id == case.id);
    let next = next.unwrap_or_else(|| next_actor(case.state(), &[], case.mentor_id.is_some()));
    Row {
        id: case.id.clone(),
        number: case.case_number.clone().unwrap_or_default(),
        applicant: applicant
            .map(|p| format!("{} {}", mask_name(&p.name), mask_phone(&p.phone)))
            .unwrap_or_default(),
        type_label,
        state_key: case.state().label_key().to_owned(),
        created: date(case.created_at),
        overdue: case.is_overdue(now),
        risk: case.risk_level,
        waiting_days: crate::domain::case_review::age_days(case.state_entered_at, now),
        title: crate::web::staff::waiting::case_title(case),
        next_key: next.label_key(),
        referral: None,
    }
}

/// A dispute at the door with a referral out, or referred: the row says
/// where it went and that the organisation (or the centre) acts next.
fn with_referral(row: &mut Row, case: &Case, standings: &[crate::resolution::views::CaseStanding]) {
    if !matches!(case.state(), CaseState::Registered | CaseState::Referred) {
        return;
    }
    if let Some(s) = standings.iter().find(|s| s.case_id == case.id) {
        row.referral = Some((s.org_name.clone(), s.label_key()));
        row.next_key = s.next_key();
    }
}

fn next_query(query: &ListQuery, queue: &str, last_id: &str) -> String {
    serde_urlencoded::to_string([
        ("queue", queue),
        ("state", &query.state),
        ("dispute_type", &query.dispute_type),
        ("risk", &query.risk),
        ("street", &query.street),
        ("community", &query.community),
        ("q", &query.q),
        ("from", &query.from),
        ("to", &query.to),
        ("before", last_id),
    ])
    .unwrap_or_default()
}
