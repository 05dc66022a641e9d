//! The mentorship tables (DESIGN.md §6): studios, mediator profiles and
//! specialties, pairings and their plan items, the training ledger, the
//! criminal-escalation marks, graduations and the programme's settings.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    graduations, mediator_incidents, mediator_profiles, mediator_specialties, mentorship_settings, pairing_plan_items,
    pairings, studios, training_hours, users,
};
use crate::domain::mediation::DisputeType;
use crate::domain::mentorship::{Criteria, StudioKind, TrainingCategory};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = studios)]
pub struct Studio {
    pub id: String,
    pub name: String,
    pub kind: StudioKind,
    pub place_id: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = mediator_profiles, treat_none_as_null = true)]
pub struct Profile {
    pub user_id: String,
    pub studio_id: Option<String>,
    pub community_id: Option<String>,
    pub introduction: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pairings)]
pub struct Pairing {
    pub id: String,
    pub mentor_id: String,
    pub mentee_id: String,
    pub program: String,
    pub starts_on: String,
    pub ends_on: String,
    pub active: bool,
    pub ended_on: String,
    pub end_reason: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pairing_plan_items)]
pub struct PlanItem {
    pub pairing_id: String,
    pub position: i32,
    pub text: String,
    pub done_on: String,
    pub comment: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_hours)]
pub struct TrainingEntry {
    pub id: String,
    pub mediator_id: String,
    pub category: TrainingCategory,
    pub day: String,
    pub topic: String,
    pub tenths: i32,
    pub entered_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = mediator_incidents)]
pub struct Incident {
    pub id: String,
    pub mediator_id: String,
    pub case_ref: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = graduations)]
pub struct Graduation {
    pub pairing_id: String,
    pub mentee_id: String,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
}

// ---- studios and profiles

pub fn insert_studio(conn: &mut DbConn, row: &Studio) -> QueryResult<()> {
    diesel::insert_into(studios::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn all_studios(conn: &mut DbConn) -> QueryResult<Vec<Studio>> {
    studios::table
        .order(studios::name.asc())
        .select(Studio::as_select())
        .load(conn)
}

pub fn find_studio(conn: &mut DbConn, id: &str) -> QueryResult<Option<Studio>> {
    studios::table
        .find(id)
        .select(Studio::as_select())
        .first(conn)
        .optional()
}

pub fn profile(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<Profile>> {
    mediator_profiles::table
        .find(user_id)
        .select(Profile::as_select())
        .first(conn)
        .optional()
}

/// Writes the whole profile (insert or replace).
pub fn save_profile(conn: &mut DbConn, row: &Profile) -> QueryResult<()> {
    if profile(conn, &row.user_id)?.is_some() {
        diesel::update(mediator_profiles::table.find(&row.user_id))
            .set(row)
            .execute(conn)
            .map(|_| ())
    } else {
        diesel::insert_into(mediator_profiles::table)
            .values(row)
            .execute(conn)
            .map(|_| ())
    }
}

pub fn specialties(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<DisputeType>> {
    let codes: Vec<String> = mediator_specialties::table
        .filter(mediator_specialties::user_id.eq(user_id))
        .select(mediator_specialties::dispute_type)
        .load(conn)?;
    let mut types: Vec<DisputeType> = codes.iter().filter_map(|c| DisputeType::parse(c)).collect();
    types.sort();
    Ok(types)
}

pub fn set_specialties(conn: &mut DbConn, user_id: &str, types: &[DisputeType]) -> QueryResult<()> {
    diesel::delete(mediator_specialties::table.filter(mediator_specialties::user_id.eq(user_id))).execute(conn)?;
    for t in types {
        diesel::insert_into(mediator_specialties::table)
            .values((
                mediator_specialties::user_id.eq(user_id),
                mediator_specialties::dispute_type.eq(t.code()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The studio a mediator belongs to, if any.
pub fn studio_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<String>> {
    Ok(profile(conn, user_id)?.and_then(|p| p.studio_id))
}

// ---- pairings

/// Locks the mentor's account row for the rest of the write transaction,
/// so two pairings for one mentor are checked one after the other. On
/// PostgreSQL at READ COMMITTED a plain count would let two transactions
/// both see two mentees and both add a third; `FOR UPDATE` makes the
/// second wait until the first commits and then count again. On SQLite
/// `BEGIN IMMEDIATE` already holds the only write lock.
pub fn lock_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<crate::db::users::User>> {
    use crate::db::users::User;
    match conn {
        DbConn::Pg(pg) => users::table
            .find(user_id)
            .select(User::as_select())
            .for_update()
            .first(pg)
            .optional(),
        DbConn::Sqlite(_) => crate::db::users::find(conn, user_id),
    }
}

pub fn insert_pairing(conn: &mut DbConn, row: &Pairing, items: &[String]) -> QueryResult<()> {
    diesel::insert_into(pairings::table).values(row).execute(conn)?;
    for (i, text) in items.iter().enumerate() {
        let item = PlanItem {
            pairing_id: row.id.clone(),
            position: i as i32 + 1,
            text: text.clone(),
            done_on: String::new(),
            comment: String::new(),
        };
        diesel::insert_into(pairing_plan_items::table)
            .values(&item)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_pairing(conn: &mut DbConn, id: &str) -> QueryResult<Option<Pairing>> {
    pairings::table
        .find(id)
        .select(Pairing::as_select())
        .first(conn)
        .optional()
}

/// How many mentees the mentor has now (index `pairings_mentor_idx`).
pub fn active_count_of_mentor(conn: &mut DbConn, mentor_id: &str) -> QueryResult<i64> {
    pairings::table
        .filter(pairings::mentor_id.eq(mentor_id))
        .filter(pairings::active.eq(true))
        .count()
        .get_result(conn)
}

/// The mentee's active pairing, if any (the partial unique index).
pub fn active_of_mentee(conn: &mut DbConn, mentee_id: &str) -> QueryResult<Option<Pairing>> {
    pairings::table
        .filter(pairings::mentee_id.eq(mentee_id))
        .filter(pairings::active.eq(true))
        .select(Pairing::as_select())
        .first(conn)
        .optional()
}

/// The mentor's active pairings, oldest first.
pub fn active_of_mentor(conn: &mut DbConn, mentor_id: &str) -> QueryResult<Vec<Pairing>> {
    pairings::table
        .filter(pairings::mentor_id.eq(mentor_id))
        .filter(pairings::active.eq(true))
        .order(pairings::created_at.asc())
        .select(Pairing::as_select())
        .load(conn)
}

/// Every pairing a mentee has had, newest first: the history.
pub fn history_of_mentee(conn: &mut DbConn, mentee_id: &str) -> QueryResult<Vec<Pairing>> {
    pairings::table
        .filter(pairings::mentee_id.eq(mentee_id))
        .order(pairings::created_at.desc())
        .select(Pairing::as_select())
        .load(conn)
}

/// Whether `mentor_id` has ever mentored `mentee_id` (history included).
pub fn ever_mentored(conn: &mut DbConn, mentor_id: &str, mentee_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pairings::table
            .filter(pairings::mentee_id.eq(mentee_id))
            .filter(pairings::mentor_id.eq(mentor_id)),
    ))
    .get_result(conn)
}

/// Ends an active pairing; `false` when it was no longer active.
pub fn end_pairing(conn: &mut DbConn, id: &str, day: &str, reason: &str) -> QueryResult<bool> {
    let n = diesel::update(pairings::table.find(id).filter(pairings::active.eq(true)))
        .set((
            pairings::active.eq(false),
            pairings::ended_on.eq(day),
            pairings::end_reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn plan_items(conn: &mut DbConn, pairing_id: &str) -> QueryResult<Vec<PlanItem>> {
    pairing_plan_items::table
        .filter(pairing_plan_items::pairing_id.eq(pairing_id))
        .order(pairing_plan_items::position.asc())
        .select(PlanItem::as_select())
        .load(conn)
}

/// Ticks an item off; `false` when it does not exist or is already done.
pub fn tick_item(conn: &mut DbConn, pairing_id: &str, position: i32, day: &str, comment: &str) -> QueryResult<bool> {
    let n = diesel::update(
        pairing_plan_items::table
            .find((pairing_id, position))
            .filter(pairing_plan_items::done_on.eq("")),
    )
    .set((
        pairing_plan_items::done_on.eq(day),
        pairing_plan_items::comment.eq(comment),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

// ---- training ledger and incidents

pub fn insert_training(conn: &mut DbConn, row: &TrainingEntry) -> QueryResult<()> {
    diesel::insert_into(training_hours::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn training_of(conn: &mut DbConn, mediator_id: &str) -> QueryResult<Vec<TrainingEntry>> {
    training_hours::table
        .filter(training_hours::mediator_id.eq(mediator_id))
        .order((training_hours::day.desc(), training_hours::created_at.desc()))
        .select(TrainingEntry::as_select())
        .load(conn)
}

pub fn insert_incident(conn: &mut DbConn, row: &Incident) -> QueryResult<()> {
    diesel::insert_into(mediator_incidents::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn incidents_of(conn: &mut DbConn, mediator_id: &str) -> QueryResult<Vec<Incident>> {
    mediator_incidents::table
        .filter(mediator_incidents::mediator_id.eq(mediator_id))
        .order(mediator_incidents::recorded_at.desc())
        .select(Incident::as_select())
        .load(conn)
}

// ---- graduations

pub fn graduation_of(conn: &mut DbConn, pairing_id: &str) -> QueryResult<Option<Graduation>> {
    graduations::table
        .find(pairing_id)
        .select(Graduation::as_select())
        .first(conn)
        .optional()
}

pub fn insert_graduation(conn: &mut DbConn, row: &Graduation) -> QueryResult<()> {
    diesel::insert_into(graduations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Approves a pending proposal; `false` when it was already approved.
pub fn approve_graduation(conn: &mut DbConn, pairing_id: &str, admin_id: &str, at: i64) -> QueryResult<bool> {
    let n = diesel::update(
        graduations::table
            .find(pairing_id)
            .filter(graduations::approved_at.is_null()),
    )
    .set((graduations::approved_by.eq(admin_id), graduations::approved_at.eq(at)))
    .execute(conn)?;
    Ok(n == 1)
}

// ---- settings

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub mentee_cap: i64,
    pub criteria: Criteria,
}

pub fn settings(conn: &mut DbConn) -> QueryResult<Settings> {
    let (cap, cases, success, oral, tenths): (i32, i32, i32, i32, i32) = mentorship_settings::table
        .find(1)
        .select((
            mentorship_settings::mentee_cap,
            mentorship_settings::min_cases,
            mentorship_settings::min_success_pct,
            mentorship_settings::max_oral_pct,
            mentorship_settings::min_training_tenths,
        ))
        .first(conn)?;
    Ok(Settings {
        mentee_cap: cap.into(),
        criteria: Criteria {
            min_cases: cases.into(),
            min_success_pct: success.into(),
            max_oral_pct: oral.into(),
            min_training_tenths: tenths.into(),
        },
    })
}

pub fn save_settings(conn: &mut DbConn, s: &Settings, at: i64) -> QueryResult<()> {
    let c = &s.criteria;
    diesel::update(mentorship_settings::table.find(1))
        .set((
            mentorship_settings::mentee_cap.eq(s.mentee_cap as i32),
            mentorship_settings::min_cases.eq(c.min_cases as i32),
            mentorship_settings::min_success_pct.eq(c.min_success_pct as i32),
            mentorship_settings::max_oral_pct.eq(c.max_oral_pct as i32),
            mentorship_settings::min_training_tenths.eq(c.min_training_tenths as i32),
            mentorship_settings::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}
