//! The `opinions` and `opinion_items` tables: intention forms from any channel.

use crate::domain::consensus::Choice;
use crate::domain::renovation::Channel;
use diesel::prelude::*;

use super::schema::{opinion_items, opinions};
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = opinions)]
pub struct Opinion {
    pub id: String,
    pub project_id: String,
    pub unit_id: Option<String>,
    pub channel: Channel,
    pub counted: bool,
    pub free_text: String,
    pub form_token: String,
    pub recorded_by: Option<String>,
    pub meeting_id: Option<String>,
    pub evidence: String,
    pub created_at: i64,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: bool,
}

pub struct NewOpinion<'a> {
    pub project_id: &'a str,
    pub unit_id: Option<&'a str>,
    pub channel: Channel,
    pub counted: bool,
    pub free_text: &'a str,
    pub form_token: &'a str,
    pub recorded_by: Option<&'a str>,
    pub meeting_id: Option<&'a str>,
    pub evidence: &'a str,
    /// Optional; stored only with the resident's consent.
    pub contact: Contact<'a>,
    /// The resident's account, when they answered logged in (for 我的).
    pub submitted_by: Option<&'a str>,
}

/// A resident's optional contact details and their consent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Contact<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub consent: bool,
}

/// Inserts the opinion and its per-item answers `(project_item_id, choice, priority)`.
pub fn insert(conn: &mut DbConn, o: &NewOpinion<'_>, answers: &[(String, Choice, i32)]) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(opinions::table)
        .values((
            opinions::id.eq(&id),
            opinions::project_id.eq(o.project_id),
            opinions::unit_id.eq(o.unit_id),
            opinions::channel.eq(o.channel),
            opinions::counted.eq(o.counted),
            opinions::free_text.eq(o.free_text),
            opinions::form_token.eq(o.form_token),
            opinions::recorded_by.eq(o.recorded_by),
            opinions::meeting_id.eq(o.meeting_id),
            opinions::evidence.eq(o.evidence),
            opinions::created_at.eq(now_ts()),
            opinions::contact_name.eq(o.contact.name),
            opinions::contact_phone.eq(o.contact.phone),
            opinions::consent.eq(o.contact.consent),
            opinions::submitted_by.eq(o.submitted_by),
        ))
        .execute(conn)?;
    for (item, choice, priority) in answers {
        diesel::insert_into(opinion_items::table)
            .values((
                opinion_items::id.eq(new_id()),
                opinion_items::opinion_id.eq(&id),
                opinion_items::project_item_id.eq(item),
                opinion_items::choice.eq(choice),
                opinion_items::priority.eq(priority),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

pub fn count_for_project(conn: &mut DbConn, project_id: &str) -> QueryResult<(i64, i64)> {
    let all: i64 = opinions::table
        .filter(opinions::project_id.eq(project_id))
        .count()
        .get_result(conn)?;
    let counted: i64 = opinions::table
        .filter(opinions::project_id.eq(project_id))
        .filter(opinions::counted.eq(true))
        .count()
        .get_result(conn)?;
    Ok((all, counted))
}

/// Newest first, for the staff view of a project.
pub fn list_for_project(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<Opinion>> {
    opinions::table
        .filter(opinions::project_id.eq(project_id))
        .order(opinions::created_at.desc())
        .select(Opinion::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Opinion>> {
    opinions::table
        .find(id)
        .select(Opinion::as_select())
        .first(conn)
        .optional()
}

/// A resident's own intention forms, newest first, with their project's title.
pub fn for_resident(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<(Opinion, String)>> {
    use super::schema::projects;
    let mine: Vec<Opinion> = opinions::table
        .filter(opinions::submitted_by.eq(user_id))
        .order(opinions::created_at.desc())
        .limit(limit)
        .select(Opinion::as_select())
        .load(conn)?;
    let ids: Vec<&str> = mine.iter().map(|o| o.project_id.as_str()).collect();
    let titles: Vec<(String, String)> = projects::table
        .filter(projects::id.eq_any(ids))
        .select((projects::id, projects::title))
        .load(conn)?;
    Ok(mine
        .into_iter()
        .map(|o| {
            let title = titles
                .iter()
                .find(|(id, _)| *id == o.project_id)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            (o, title)
        })
        .collect())
}
