//! The `opinion_evidence` table: the file behind an opinion staff entered.

use diesel::prelude::*;

use super::DbConn;
use super::schema::opinion_evidence;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = opinion_evidence)]
pub struct Evidence {
    pub opinion_id: String,
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, row: &Evidence) -> QueryResult<()> {
    diesel::insert_into(opinion_evidence::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, opinion_id: &str) -> QueryResult<Option<Evidence>> {
    opinion_evidence::table
        .find(opinion_id)
        .select(Evidence::as_select())
        .first(conn)
        .optional()
}

/// Which of `opinion_ids` have a file, for the project's opinion history.
pub fn with_file(conn: &mut DbConn, opinion_ids: &[String]) -> QueryResult<Vec<String>> {
    opinion_evidence::table
        .filter(opinion_evidence::opinion_id.eq_any(opinion_ids))
        .select(opinion_evidence::opinion_id)
        .load(conn)
}
