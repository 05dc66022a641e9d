//! The `triage_rules` table: the rows of the triage rule table
//! (`domain::resolution::triage`), seeded with the defaults.

use diesel::prelude::*;

use super::DbConn;
use super::schema::triage_rules;
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::triage::{PartyKind, TriageRule};
use crate::domain::resolution::{ChannelType, Sector};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = triage_rules)]
struct Row {
    position: i32,
    dispute_type: Option<DisputeType>,
    min_amount: Option<i64>,
    max_amount: Option<i64>,
    place_id: Option<String>,
    party_kind: Option<PartyKind>,
    channel: ChannelType,
    sector: Option<Sector>,
    reason_zh: String,
    reason_en: String,
}

/// Every rule, in position order. The table is small (tens of rows) and
/// read when a case is triaged.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<TriageRule>> {
    let rows: Vec<Row> = triage_rules::table
        .order(triage_rules::position.asc())
        .select(Row::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| TriageRule {
            position: r.position,
            dispute_type: r.dispute_type,
            min_amount: r.min_amount,
            max_amount: r.max_amount,
            place_id: r.place_id,
            party_kind: r.party_kind,
            channel: r.channel,
            sector: r.sector,
            reason_zh: r.reason_zh,
            reason_en: r.reason_en,
        })
        .collect())
}
