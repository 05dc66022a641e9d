//! The `triage_rules` table: the rows of the triage rule table
//! (`domain::resolution::triage`), seeded with the defaults and edited by
//! admins at `/admin/triage`. Edits and deletions are conditional on the
//! row's version.

use diesel::prelude::*;

use super::DbConn;
use super::schema::triage_rules;
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::triage::{PartyKind, TriageRule};
use crate::domain::resolution::{ChannelType, Sector};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = triage_rules)]
struct Row {
    id: String,
    version: i32,
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

/// A stored rule with what identifies and guards it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    pub id: String,
    pub version: i32,
    pub rule: TriageRule,
}

impl From<Row> for StoredRule {
    fn from(r: Row) -> Self {
        StoredRule {
            id: r.id,
            version: r.version,
            rule: TriageRule {
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
            },
        }
    }
}

/// Every rule with its id and version, in position order (ties by id, so
/// the order is the same on every read).
pub fn all_stored(conn: &mut DbConn) -> QueryResult<Vec<StoredRule>> {
    let rows: Vec<Row> = triage_rules::table
        .order((triage_rules::position.asc(), triage_rules::id.asc()))
        .select(Row::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(StoredRule::from).collect())
}

/// Every rule, in position order. The table is small (tens of rows) and
/// read when a case is triaged.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<TriageRule>> {
    Ok(all_stored(conn)?.into_iter().map(|s| s.rule).collect())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<StoredRule>> {
    let row: Option<Row> = triage_rules::table
        .find(id)
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(StoredRule::from))
}

/// A rule's columns as written. `None` writes NULL (an edit that empties a
/// condition must clear it), not "leave as it was".
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = triage_rules, treat_none_as_null = true)]
struct Values<'a> {
    position: i32,
    dispute_type: Option<DisputeType>,
    min_amount: Option<i64>,
    max_amount: Option<i64>,
    place_id: Option<&'a str>,
    party_kind: Option<PartyKind>,
    channel: ChannelType,
    sector: Option<Sector>,
    reason_zh: &'a str,
    reason_en: &'a str,
}

impl<'a> From<&'a TriageRule> for Values<'a> {
    fn from(r: &'a TriageRule) -> Self {
        Values {
            position: r.position,
            dispute_type: r.dispute_type,
            min_amount: r.min_amount,
            max_amount: r.max_amount,
            place_id: r.place_id.as_deref(),
            party_kind: r.party_kind,
            channel: r.channel,
            sector: r.sector,
            reason_zh: &r.reason_zh,
            reason_en: &r.reason_en,
        }
    }
}

pub fn insert(conn: &mut DbConn, id: &str, rule: &TriageRule) -> QueryResult<()> {
    diesel::insert_into(triage_rules::table)
        .values((triage_rules::id.eq(id), triage_rules::version.eq(1), Values::from(rule)))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the rule if it is still at `seen_version`; false when it moved
/// on or is gone (the caller tells which).
pub fn update_if_version(conn: &mut DbConn, id: &str, seen_version: i32, rule: &TriageRule) -> QueryResult<bool> {
    let changed = diesel::update(
        triage_rules::table
            .filter(triage_rules::id.eq(id))
            .filter(triage_rules::version.eq(seen_version)),
    )
    .set((triage_rules::version.eq(seen_version + 1), Values::from(rule)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Deletes the rule if it is still at `seen_version`.
pub fn delete_if_version(conn: &mut DbConn, id: &str, seen_version: i32) -> QueryResult<bool> {
    let gone = diesel::delete(
        triage_rules::table
            .filter(triage_rules::id.eq(id))
            .filter(triage_rules::version.eq(seen_version)),
    )
    .execute(conn)?;
    Ok(gone == 1)
}
