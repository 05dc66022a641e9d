//! The `projects` and `project_items` tables (DESIGN.md §4.2).

use crate::domain::consensus::DecisionRule;
use crate::domain::renovation::Stage;
use diesel::prelude::*;

use super::schema::{menu_items, project_items, projects};
use super::{DbConn, new_id, now_ts};
use crate::domain::project_schedule::{OpinionWindow, Schedule, StageTargets};
use crate::domain::renovation::MenuClass;
use diesel::sql_types::{Integer, Nullable, Text};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: String,
    pub street_id: String,
    pub compound_id: String,
    pub population_id: String,
    pub title: String,
    pub description: String,
    pub stage: Stage,
    pub stage_started_at: i64,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub version: i32,
    pub opinions_open_day: Option<i64>,
    pub opinions_close_day: Option<i64>,
    pub target_consulting: i32,
    pub target_publicity: i32,
    pub target_voting: i32,
    pub target_construction: i32,
    pub target_completed: i32,
}

impl Project {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            window: OpinionWindow {
                open_day: self.opinions_open_day,
                close_day: self.opinions_close_day,
            },
            targets: StageTargets(
                [
                    self.target_consulting,
                    self.target_publicity,
                    self.target_voting,
                    self.target_construction,
                    self.target_completed,
                ]
                .map(i64::from),
            ),
        }
    }
}

/// A schedule as columns; targets are at most 365 days, so they fit.
#[derive(AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
struct ScheduleRow {
    opinions_open_day: Option<i64>,
    opinions_close_day: Option<i64>,
    target_consulting: i32,
    target_publicity: i32,
    target_voting: i32,
    target_construction: i32,
    target_completed: i32,
}

impl From<&Schedule> for ScheduleRow {
    fn from(s: &Schedule) -> Self {
        let [a, b, c, d, e] = s.targets.0.map(|d| i32::try_from(d).unwrap_or(i32::MAX));
        ScheduleRow {
            opinions_open_day: s.window.open_day,
            opinions_close_day: s.window.close_day,
            target_consulting: a,
            target_publicity: b,
            target_voting: c,
            target_construction: d,
            target_completed: e,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_items)]
pub struct ProjectItem {
    pub id: String,
    pub project_id: String,
    pub menu_item_id: String,
    pub rule: DecisionRule,
    pub rule_reason: String,
    pub subject_unit_id: Option<String>,
    pub sort_order: i32,
}

/// A menu item's terms as copied onto a project item when it was added.
///
/// Why a copy: admins may edit the menu (issue 13), but a consultation
/// that is open or already voted on must keep the terms residents saw and
/// answered: the name, class, cost estimate and whether neighbours must
/// consent. (The decision rule was already the project item's own, chosen
/// with its reason by staff.) Refusing menu edits while a project uses the
/// item would freeze popular items for years; the copy lets the menu move
/// on while every project keeps its record.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_items)]
pub struct ItemTerms {
    #[diesel(column_name = item_name)]
    pub name: String,
    #[diesel(column_name = item_class)]
    pub class: MenuClass,
    pub unit_cost_cents: i64,
    pub cost_unit: String,
    pub needs_neighbour_consent: bool,
}

pub struct NewProject<'a> {
    pub street_id: &'a str,
    pub compound_id: &'a str,
    pub population_id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub created_by: Option<&'a str>,
    pub schedule: Schedule,
}

pub fn insert(conn: &mut DbConn, p: &NewProject<'_>) -> QueryResult<String> {
    let id = new_id();
    let now = now_ts();
    let s = ScheduleRow::from(&p.schedule);
    diesel::insert_into(projects::table)
        .values((
            projects::id.eq(&id),
            projects::street_id.eq(p.street_id),
            projects::compound_id.eq(p.compound_id),
            projects::population_id.eq(p.population_id),
            projects::title.eq(p.title),
            projects::description.eq(p.description),
            projects::stage.eq("consulting"),
            projects::stage_started_at.eq(now),
            projects::created_by.eq(p.created_by),
            projects::created_at.eq(now),
            projects::opinions_open_day.eq(s.opinions_open_day),
            projects::opinions_close_day.eq(s.opinions_close_day),
            projects::target_consulting.eq(s.target_consulting),
            projects::target_publicity.eq(s.target_publicity),
            projects::target_voting.eq(s.target_voting),
            projects::target_construction.eq(s.target_construction),
            projects::target_completed.eq(s.target_completed),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Project>> {
    projects::table
        .find(id)
        .select(Project::as_select())
        .first(conn)
        .optional()
}

/// Newest first; `street` None lists every street (admins).
pub fn list(conn: &mut DbConn, street: Option<&str>) -> QueryResult<Vec<Project>> {
    let mut query = projects::table.select(Project::as_select()).into_boxed();
    if let Some(street) = street {
        query = query.filter(projects::street_id.eq(street.to_owned()));
    }
    query.order(projects::created_at.desc()).load(conn)
}

/// The projects now in one of `stages` (codes), newest first: what the
/// portal lists as open consultations. A district runs a handful at a time.
pub fn in_stages(conn: &mut DbConn, stages: &[&str]) -> QueryResult<Vec<Project>> {
    projects::table
        .filter(projects::stage.eq_any(stages.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
        .order(projects::created_at.desc())
        .select(Project::as_select())
        .load(conn)
}

pub fn for_compound(conn: &mut DbConn, compound_id: &str) -> QueryResult<Vec<Project>> {
    projects::table
        .filter(projects::compound_id.eq(compound_id))
        .order(projects::created_at.desc())
        .select(Project::as_select())
        .load(conn)
}

/// Sets the window and targets if nobody else changed the project since
/// `version` was read; false on a lost race.
pub fn set_schedule(conn: &mut DbConn, id: &str, version: i32, schedule: &Schedule) -> QueryResult<bool> {
    let changed = diesel::update(projects::table.find(id).filter(projects::version.eq(version)))
        .set((ScheduleRow::from(schedule), projects::version.eq(version + 1)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Moves the stage if nobody else changed the project since `version` was
/// read; returns false on a lost race (optimistic concurrency).
pub fn set_stage(conn: &mut DbConn, id: &str, version: i32, stage: Stage) -> QueryResult<bool> {
    let changed = diesel::update(projects::table.find(id).filter(projects::version.eq(version)))
        .set((
            projects::stage.eq(stage),
            projects::stage_started_at.eq(now_ts()),
            projects::version.eq(version + 1),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Adds a menu item to a project, copying the item's terms as they stand
/// now (see [`ItemTerms`]). One `INSERT … SELECT` reads the item and adds
/// it only if it is not retired, so an item retired by a concurrent admin is
/// never taken up (false then, or when there is no such item).
pub fn add_item(
    conn: &mut DbConn,
    project_id: &str,
    menu_item_id: &str,
    rule: DecisionRule,
    reason: &str,
    subject_unit_id: Option<&str>,
) -> QueryResult<bool> {
    let count: i64 = project_items::table
        .filter(project_items::project_id.eq(project_id))
        .count()
        .get_result(conn)?;
    let position = i32::try_from(count).unwrap_or(i32::MAX);
    let offered = menu_items::table
        .filter(menu_items::id.eq(menu_item_id))
        .filter(menu_items::retired_at.is_null())
        .select((
            new_id().into_sql::<Text>(),
            project_id.into_sql::<Text>(),
            menu_items::id,
            rule.into_sql::<Text>(),
            reason.into_sql::<Text>(),
            subject_unit_id.into_sql::<Nullable<Text>>(),
            position.into_sql::<Integer>(),
            menu_items::name,
            menu_items::class,
            menu_items::unit_cost_cents,
            menu_items::cost_unit,
            menu_items::needs_neighbour_consent,
        ));
    let added = diesel::insert_into(project_items::table)
        .values(offered)
        .into_columns((
            project_items::id,
            project_items::project_id,
            project_items::menu_item_id,
            project_items::rule,
            project_items::rule_reason,
            project_items::subject_unit_id,
            project_items::sort_order,
            project_items::item_name,
            project_items::item_class,
            project_items::unit_cost_cents,
            project_items::cost_unit,
            project_items::needs_neighbour_consent,
        ))
        .execute(conn)?;
    Ok(added == 1)
}

/// The project's items with the terms residents are shown, in the order added.
pub fn items(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<(ProjectItem, ItemTerms)>> {
    project_items::table
        .filter(project_items::project_id.eq(project_id))
        .order(project_items::sort_order.asc())
        .select((ProjectItem::as_select(), ItemTerms::as_select()))
        .load(conn)
}
