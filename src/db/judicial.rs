//! The `judicial_confirmations` table: applications to a court to confirm an
//! agreement (司法确认).

use crate::domain::mediation::JudicialResult;
use diesel::prelude::*;

use super::DbConn;
use super::schema::judicial_confirmations;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = judicial_confirmations)]
pub struct JudicialConfirmation {
    pub id: String,
    pub case_id: String,
    pub agreement_id: String,
    pub applied_on: String,
    pub court: String,
    pub court_case_number: String,
    pub result: JudicialResult,
    pub result_on: String,
    pub created_by: String,
    pub created_at: i64,
    /// Both parties applied together, as 人民调解法 Art. 33 requires.
    pub joint_application: bool,
}

pub fn insert(conn: &mut DbConn, row: &JudicialConfirmation) -> QueryResult<()> {
    diesel::insert_into(judicial_confirmations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<JudicialConfirmation>> {
    judicial_confirmations::table
        .filter(judicial_confirmations::case_id.eq(case_id))
        .order(judicial_confirmations::created_at.asc())
        .select(JudicialConfirmation::as_select())
        .load(conn)
}
