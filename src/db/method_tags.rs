//! Working methods (工作法) as admins keep them, and the tags they put on
//! cases and debriefs (DESIGN.md §6 "Method tags").

use diesel::prelude::*;

use super::DbConn;
use super::schema::{case_method_tags, debrief_method_tags, method_tags};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = method_tags)]
pub struct MethodTag {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// No longer offered; stays on what it tagged.
    pub retired: bool,
    pub created_at: i64,
}

impl MethodTag {
    /// The name in the reader's language (the Chinese one when no other).
    pub fn name(&self, lang_code: &str) -> &str {
        if lang_code == "en" && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name_zh
        }
    }
}

/// Every tag, the offered ones first, each group by its Chinese name.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<MethodTag>> {
    method_tags::table
        .order((method_tags::retired, method_tags::name_zh))
        .select(MethodTag::as_select())
        .load(conn)
}

/// Adds a tag; false when the Chinese name is taken.
pub fn insert(conn: &mut DbConn, tag: &MethodTag) -> QueryResult<bool> {
    let taken: i64 = method_tags::table
        .filter(method_tags::name_zh.eq(&tag.name_zh))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    diesel::insert_into(method_tags::table).values(tag).execute(conn)?;
    Ok(true)
}

/// Retires or offers again one tag; false when there is no such tag.
pub fn set_retired(conn: &mut DbConn, id: &str, retired: bool) -> QueryResult<bool> {
    let n = diesel::update(method_tags::table.find(id))
        .set(method_tags::retired.eq(retired))
        .execute(conn)?;
    Ok(n == 1)
}

/// The ids among `ids` that are tags still offered (what a form may set).
pub fn offered_among(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    method_tags::table
        .filter(method_tags::id.eq_any(ids))
        .filter(method_tags::retired.eq(false))
        .select(method_tags::id)
        .load(conn)
}

/// The tag ids of one case.
pub fn of_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<String>> {
    case_method_tags::table
        .filter(case_method_tags::case_id.eq(case_id))
        .select(case_method_tags::tag_id)
        .load(conn)
}

/// (case id, tag id) of these cases, for a list.
pub fn of_cases(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    case_method_tags::table
        .filter(case_method_tags::case_id.eq_any(case_ids))
        .select((case_method_tags::case_id, case_method_tags::tag_id))
        .load(conn)
}

/// Replaces a case's tags (inside the change's transaction).
pub fn set_for_case(conn: &mut DbConn, case_id: &str, tag_ids: &[String]) -> QueryResult<()> {
    diesel::delete(case_method_tags::table.filter(case_method_tags::case_id.eq(case_id))).execute(conn)?;
    for tag in tag_ids {
        diesel::insert_into(case_method_tags::table)
            .values((case_method_tags::case_id.eq(case_id), case_method_tags::tag_id.eq(tag)))
            .execute(conn)?;
    }
    Ok(())
}

/// Tags one debrief (when it is written).
pub fn set_for_debrief(conn: &mut DbConn, debrief_id: &str, tag_ids: &[String]) -> QueryResult<()> {
    for tag in tag_ids {
        diesel::insert_into(debrief_method_tags::table)
            .values((
                debrief_method_tags::debrief_id.eq(debrief_id),
                debrief_method_tags::tag_id.eq(tag),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (debrief id, tag id) of these debriefs.
pub fn of_debriefs(conn: &mut DbConn, debrief_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    debrief_method_tags::table
        .filter(debrief_method_tags::debrief_id.eq_any(debrief_ids))
        .select((debrief_method_tags::debrief_id, debrief_method_tags::tag_id))
        .load(conn)
}

/// One page of the case library: closed and filed cases, newest first,
/// optionally of one dispute type and one method, keyset-paged on the id.
pub fn library_page(
    conn: &mut DbConn,
    dispute_type: Option<crate::domain::mediation::DisputeType>,
    tag: Option<&str>,
    before_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<super::cases::Case>> {
    use super::schema::cases;
    use crate::domain::mediation_workflow::CaseState;
    let mut query = cases::table
        .filter(cases::state.eq_any([CaseState::Closed, CaseState::Archived]))
        .select(super::cases::Case::as_select())
        .into_boxed();
    if let Some(t) = dispute_type {
        query = query.filter(cases::dispute_type.eq(t));
    }
    if let Some(tag) = tag {
        // A subquery on the (tag_id, case_id) index.
        let tagged = case_method_tags::table
            .filter(case_method_tags::tag_id.eq(tag.to_owned()))
            .select(case_method_tags::case_id);
        query = query.filter(cases::id.eq_any(tagged));
    }
    if let Some(before) = before_id {
        query = query.filter(cases::id.lt(before.to_owned()));
    }
    query.order(cases::id.desc()).limit(limit).load(conn)
}
