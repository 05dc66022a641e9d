//! The `case_proofs` table: proofs of performance, re-encoded images stored
//! under `uploads/proofs/`.

use diesel::prelude::*;

use super::DbConn;
use super::schema::case_proofs;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_proofs)]
pub struct Proof {
    pub id: String,
    pub case_id: String,
    /// 1..=5: the number in the proof's URL.
    pub position: i32,
    pub description: String,
    /// A random file name; never derived from the upload's own name.
    pub stored_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, row: &Proof) -> QueryResult<()> {
    diesel::insert_into(case_proofs::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Proof>> {
    case_proofs::table
        .filter(case_proofs::case_id.eq(case_id))
        .order(case_proofs::position.asc())
        .select(Proof::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, case_id: &str, position: i32) -> QueryResult<Option<Proof>> {
    case_proofs::table
        .filter(case_proofs::case_id.eq(case_id))
        .filter(case_proofs::position.eq(position))
        .select(Proof::as_select())
        .first(conn)
        .optional()
}
