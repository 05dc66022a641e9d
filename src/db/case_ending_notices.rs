//! The `case_ending_notices` table: the parties told of their other
//! remedies when mediation ended without agreement, one row per ending
//! event (人民调解法 Art. 26).

use diesel::prelude::*;

use super::DbConn;
use super::schema::case_ending_notices;
use crate::domain::ending_notice::{Notice, NoticeMethod, Remedy};
use crate::domain::mediation_workflow::CaseState;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_ending_notices)]
pub struct EndingNotice {
    pub event_id: String,
    pub case_id: String,
    pub ending: CaseState,
    pub arbitration: bool,
    pub administrative: bool,
    pub litigation: bool,
    pub told_how: NoticeMethod,
    pub told_on: String,
    pub created_at: i64,
}

impl EndingNotice {
    /// The row for `notice`, given by the event that ended the case.
    pub fn new(event_id: &str, case_id: &str, ending: CaseState, notice: &Notice, now: i64) -> Self {
        EndingNotice {
            event_id: event_id.to_owned(),
            case_id: case_id.to_owned(),
            ending,
            arbitration: notice.told(Remedy::Arbitration),
            administrative: notice.told(Remedy::Administrative),
            litigation: notice.told(Remedy::Litigation),
            told_how: notice.told_how,
            told_on: crate::dates::day_text(notice.told_on),
            created_at: now,
        }
    }

    /// The remedies told, in the vocabulary's order.
    pub fn remedies(&self) -> Vec<Remedy> {
        let told = [self.arbitration, self.administrative, self.litigation];
        Remedy::ALL
            .iter()
            .zip(told)
            .filter(|(_, t)| *t)
            .map(|(r, _)| *r)
            .collect()
    }
}

pub fn insert(conn: &mut DbConn, row: &EndingNotice) -> QueryResult<()> {
    diesel::insert_into(case_ending_notices::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Every notice of the case, oldest first.
pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<EndingNotice>> {
    case_ending_notices::table
        .filter(case_ending_notices::case_id.eq(case_id))
        .order((
            case_ending_notices::created_at.asc(),
            case_ending_notices::event_id.asc(),
        ))
        .select(EndingNotice::as_select())
        .load(conn)
}
