//! `/mentoring`: a 老马 sees each mentee's progress and plan; a 小马 their
//! own progress, mentor and plan; an admin every pairing by studio, the
//! mentors' load, the mentees ready to graduate and graduations by month.
//! Every figure is an indexed count (see `db::mentorship_counts`).

use actix_web::{HttpResponse, web};
use askama::Template;

use super::dashboard_lists::{self as lists, MediatorLists};
use super::name_of;
use super::progress::{self, CriterionRow};
use crate::dates::date;
use crate::db::mentorship::{self as store, Pairing, PlanItem};
use crate::db::{DbConn, mentorship_counts, now_ts};
use crate::domain::role::{MediatorLevel, Role};
use crate::web::auth::MentoringUser;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::state::AppState;

/// One pairing as a dashboard card.
pub struct PairingCard {
    pub pairing: Pairing,
    pub mentor_name: String,
    pub mentee_name: String,
    pub items: Vec<PlanItem>,
    pub criteria: Vec<CriterionRow>,
}

pub struct Count {
    pub label: String,
    pub count: i64,
}

pub struct Pending {
    pub pairing_id: String,
    pub mentee_name: String,
    pub proposed_on: String,
}

#[derive(Default)]
pub struct AdminView {
    pub by_studio: Vec<Count>,
    pub loads: Vec<Count>,
    pub pending: Vec<Pending>,
    pub by_month: Vec<Count>,
}

#[derive(Template)]
#[template(path = "mentoring/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    is_admin: bool,
    is_senior: bool,
    cards: Vec<PairingCard>,
    admin: AdminView,
    /// Pending reviews and recent debriefs (老马), latest feedback (小马).
    lists: MediatorLists,
    /// The viewer's own id, for the link to their training record.
    me: String,
    cap: i64,
}

pub fn card(ctx: &PageCtx, conn: &mut DbConn, pairing: Pairing) -> Result<PairingCard, AppError> {
    let settings = store::settings(conn)?;
    let record = progress::record_of(conn, &pairing.mentee_id)?;
    Ok(PairingCard {
        mentor_name: name_of(conn, &pairing.mentor_id)?,
        mentee_name: name_of(conn, &pairing.mentee_id)?,
        items: store::plan_items(conn, &pairing.id)?,
        criteria: progress::rows(ctx, &settings, &record),
        pairing,
    })
}

/// The last twelve months of approvals, newest month first.
fn by_month(approvals: &[i64]) -> Vec<Count> {
    let mut months: std::collections::BTreeMap<String, i64> = Default::default();
    for at in approvals {
        *months.entry(date(*at)[..7].to_owned()).or_default() += 1;
    }
    months
        .into_iter()
        .rev()
        .map(|(label, count)| Count { label, count })
        .collect()
}

fn admin_view(ctx: &PageCtx, conn: &mut DbConn) -> Result<AdminView, AppError> {
    let studios = store::all_studios(conn)?;
    let by_studio = mentorship_counts::active_by_studio(conn)?
        .into_iter()
        .map(|(id, count)| {
            let name = id.and_then(|id| studios.iter().find(|s| s.id == id).map(|s| s.name.clone()));
            Count {
                label: name.unwrap_or_else(|| ctx.t("mentoring.no_studio")),
                count,
            }
        })
        .collect();
    let mut loads = Vec::new();
    for (mentor, count) in mentorship_counts::mentor_loads(conn, 20)? {
        loads.push(Count {
            label: name_of(conn, &mentor)?,
            count,
        });
    }
    let mut pending = Vec::new();
    for (pairing_id, mentee, at) in mentorship_counts::pending_graduations(conn)? {
        pending.push(Pending {
            pairing_id,
            mentee_name: name_of(conn, &mentee)?,
            proposed_on: date(at),
        });
    }
    let year_ago = now_ts() - 366 * 86_400;
    let by_month = by_month(&mentorship_counts::approvals_since(conn, year_ago)?);
    Ok(AdminView {
        by_studio,
        loads,
        pending,
        by_month,
    })
}

pub async fn dashboard(
    ctx: PageCtx,
    MentoringUser(user): MentoringUser,
    state: web::Data<AppState>,
    side: ReadSide,
) -> Result<HttpResponse, AppError> {
    let is_admin = user.role == Role::Admin;
    let is_senior = user.level == Some(MediatorLevel::Senior);
    let me = user.id.clone();
    let (ctx, cards, admin, lists, cap) = state
        .read(side, move |conn| {
            let cap = store::settings(conn)?.mentee_cap;
            let pairings = if is_admin {
                Vec::new()
            } else if is_senior {
                store::active_of_mentor(conn, &user.id)?
            } else {
                store::active_of_mentee(conn, &user.id)?.into_iter().collect()
            };
            let mentees: Vec<String> = pairings.iter().map(|p| p.mentee_id.clone()).collect();
            let mut cards = Vec::new();
            for p in pairings {
                cards.push(card(&ctx, conn, p)?);
            }
            let (admin, lists) = if is_admin {
                (admin_view(&ctx, conn)?, MediatorLists::default())
            } else if is_senior {
                let lists = lists::for_mentor(&ctx, conn, &user.id, &mentees, now_ts())?;
                (AdminView::default(), lists)
            } else {
                (AdminView::default(), lists::for_mentee(&ctx, conn, &user.id)?)
            };
            Ok((ctx, cards, admin, lists, cap))
        })
        .await?;
    render::page(&DashboardPage {
        ctx,
        is_admin,
        is_senior,
        cards,
        admin,
        lists,
        me,
        cap,
    })
}
