//! Intention forms (意向表) of projects accepted (验收) before the cutoff:
//! the contact name and phone are cleared. The opinion, its household and
//! its evidence stay, because the consultation's tally and its audit trail
//! rest on them.

use diesel::prelude::*;

use super::Batch;
use crate::db::schema::{opinions, projects};
use crate::db::{DbConn, DbError};
use crate::domain::renovation::Stage;

pub(super) fn due(conn: &mut DbConn, cutoff: i64) -> Result<u64, DbError> {
    let projects = accepted_projects(conn, cutoff)?;
    let n: i64 = opinions::table
        .filter(opinions::project_id.eq_any(&projects))
        .filter(opinions::contact_name.ne("").or(opinions::contact_phone.ne("")))
        .count()
        .get_result(conn)?;
    Ok(n as u64)
}

pub(super) fn purge(conn: &mut DbConn, cutoff: i64, limit: i64) -> Result<Batch, DbError> {
    let projects = accepted_projects(conn, cutoff)?;
    let ids: Vec<String> = opinions::table
        .filter(opinions::project_id.eq_any(&projects))
        .filter(opinions::contact_name.ne("").or(opinions::contact_phone.ne("")))
        .select(opinions::id)
        .order(opinions::id)
        .limit(limit)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(Batch::default());
    }
    let records = diesel::update(opinions::table.filter(opinions::id.eq_any(&ids)))
        .set((opinions::contact_name.eq(""), opinions::contact_phone.eq("")))
        .execute(conn)?;
    Ok(Batch {
        records: records as u64,
        files: Vec::new(),
    })
}

/// Projects accepted before the cutoff. A district has hundreds of
/// projects, not millions, so their ids are bound as a list.
fn accepted_projects(conn: &mut DbConn, cutoff: i64) -> Result<Vec<String>, DbError> {
    Ok(projects::table
        .filter(projects::stage.eq(Stage::Accepted.code()))
        .filter(projects::stage_started_at.lt(cutoff))
        .select(projects::id)
        .load(conn)?)
}
