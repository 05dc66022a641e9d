//! The resident's own mediation applications on "我的": only what the
//! public status page shows (state, next step, dates), never records.

use crate::dates::date;
use crate::db::{DbConn, cases};

const MY_CASES: i64 = 50;

pub struct MyCase {
    pub case_number: String,
    pub type_key: &'static str,
    pub state_key: String,
    pub next_key: String,
    pub submitted_on: String,
}

pub fn load(conn: &mut DbConn, user_id: &str) -> diesel::QueryResult<Vec<MyCase>> {
    Ok(cases::for_applicant(conn, user_id, MY_CASES)?
        .into_iter()
        .map(|case| {
            let state = case.state();
            MyCase {
                case_number: case.case_number.clone().unwrap_or_default(),
                type_key: case.dispute_type.label_key(),
                state_key: state.label_key().to_owned(),
                next_key: format!("case.next.{}", state.code().to_lowercase()),
                submitted_on: date(case.created_at),
            }
        })
        .collect())
}
