//! The resident's own demand-intention forms on "我的": which project, when,
//! and whether it counted as their household's vote.

use crate::dates::date;
use crate::db::{DbConn, opinions};

const MY_OPINIONS: i64 = 50;

pub struct MyOpinion {
    pub project_id: String,
    pub project_title: String,
    pub date: String,
    pub counted: bool,
}

pub fn load(conn: &mut DbConn, user_id: &str) -> diesel::QueryResult<Vec<MyOpinion>> {
    Ok(opinions::for_resident(conn, user_id, MY_OPINIONS)?
        .into_iter()
        .map(|(o, title)| MyOpinion {
            project_id: o.project_id,
            project_title: title,
            date: date(o.created_at),
            counted: o.counted,
        })
        .collect())
}
