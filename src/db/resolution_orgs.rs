//! The `resolution_orgs` table: every organisation the centre can refer a
//! dispute to (issue 16), managed by admins at `/admin/orgs`.

use diesel::prelude::*;

use super::DbConn;
use super::schema::resolution_orgs;
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::{ChannelType, Sector};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = resolution_orgs)]
pub struct ResolutionOrg {
    pub id: String,
    pub name: String,
    pub channel: ChannelType,
    pub sector: Option<Sector>,
    pub place_id: String,
    pub contact_phone: String,
    pub address: String,
    pub hours: String,
    /// Comma-separated dispute-type codes; empty means every type.
    pub dispute_types: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ResolutionOrg {
    /// The dispute types it takes; empty when it takes any.
    pub fn takes(&self) -> Vec<DisputeType> {
        self.dispute_types
            .split(',')
            .filter_map(|c| DisputeType::parse(c.trim()))
            .collect()
    }

    /// Whether it takes disputes of this type.
    pub fn takes_type(&self, t: DisputeType) -> bool {
        let types = self.takes();
        types.is_empty() || types.contains(&t)
    }
}

/// The stored form of a list of types.
pub fn types_text(types: &[DisputeType]) -> String {
    types.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")
}

pub fn insert(conn: &mut DbConn, org: &ResolutionOrg) -> QueryResult<()> {
    diesel::insert_into(resolution_orgs::table)
        .values(org)
        .execute(conn)
        .map(|_| ())
}

/// Saves every field but the id and creation time; `false` when no such row.
pub fn update(conn: &mut DbConn, org: &ResolutionOrg) -> QueryResult<bool> {
    let changed = diesel::update(resolution_orgs::table.find(&org.id))
        .set((
            resolution_orgs::name.eq(&org.name),
            resolution_orgs::channel.eq(org.channel),
            resolution_orgs::sector.eq(org.sector),
            resolution_orgs::place_id.eq(&org.place_id),
            resolution_orgs::contact_phone.eq(&org.contact_phone),
            resolution_orgs::address.eq(&org.address),
            resolution_orgs::hours.eq(&org.hours),
            resolution_orgs::dispute_types.eq(&org.dispute_types),
            resolution_orgs::active.eq(org.active),
            resolution_orgs::updated_at.eq(org.updated_at),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ResolutionOrg>> {
    resolution_orgs::table
        .find(id)
        .select(ResolutionOrg::as_select())
        .first(conn)
        .optional()
}

/// Every organisation, by channel then name (the admin list; a few hundred at most).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<ResolutionOrg>> {
    resolution_orgs::table
        .order((resolution_orgs::channel.asc(), resolution_orgs::name.asc()))
        .select(ResolutionOrg::as_select())
        .load(conn)
}

/// The organisations a dispute can be referred to now.
pub fn active(conn: &mut DbConn) -> QueryResult<Vec<ResolutionOrg>> {
    resolution_orgs::table
        .filter(resolution_orgs::active.eq(true))
        .order((resolution_orgs::channel.asc(), resolution_orgs::name.asc()))
        .select(ResolutionOrg::as_select())
        .load(conn)
}

/// The names of the given organisations, as (id, name): one query for a
/// page of referrals, whatever its length.
pub fn names_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    resolution_orgs::table
        .filter(resolution_orgs::id.eq_any(ids))
        .select((resolution_orgs::id, resolution_orgs::name))
        .load(conn)
}
