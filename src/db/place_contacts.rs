//! A place's public contact (phone, address, opening hours): a community's
//! office, shown in the portal footer once the resident's place is known.
//! Admins edit it on the place's page; each edit names the version it was
//! built from and writes only if the row still has it.

use diesel::prelude::*;

use super::DbConn;
use super::schema::place_contacts;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = place_contacts)]
pub struct PlaceContact {
    pub place_id: String,
    pub phone: String,
    pub address: String,
    pub hours: String,
    pub updated_at: i64,
    pub version: i32,
}

/// The three values a contact holds, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactValues<'a> {
    pub phone: &'a str,
    pub address: &'a str,
    pub hours: &'a str,
}

pub fn find(conn: &mut DbConn, place_id: &str) -> QueryResult<Option<PlaceContact>> {
    place_contacts::table
        .find(place_id)
        .select(PlaceContact::as_select())
        .first(conn)
        .optional()
}

/// Sets a place's contact, replacing the one it had (seeding and tests;
/// admins go through [`update_if_version`]).
pub fn set(conn: &mut DbConn, place_id: &str, phone: &str, address: &str, hours: &str) -> QueryResult<()> {
    let values = ContactValues { phone, address, hours };
    let version = find(conn, place_id)?.map(|c| c.version);
    let written = match version {
        Some(v) => update_if_version(conn, place_id, v, &values)?,
        None => insert(conn, place_id, &values)?,
    };
    match written {
        true => Ok(()),
        false => Err(diesel::result::Error::RollbackTransaction),
    }
}

/// Replaces the contact if it still has `version`; false otherwise.
pub fn update_if_version(conn: &mut DbConn, place_id: &str, version: i32, v: &ContactValues<'_>) -> QueryResult<bool> {
    let n = diesel::update(
        place_contacts::table
            .find(place_id)
            .filter(place_contacts::version.eq(version)),
    )
    .set((
        place_contacts::phone.eq(v.phone),
        place_contacts::address.eq(v.address),
        place_contacts::hours.eq(v.hours),
        place_contacts::updated_at.eq(super::now_ts()),
        place_contacts::version.eq(place_contacts::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a place its first contact (version 0). True when written; false
/// when a row is already there (another admin added the first contact a
/// moment ago), so only one of two first contacts wins. The insert runs in
/// a savepoint: on PostgreSQL a unique violation would otherwise abort the
/// caller's whole transaction.
pub fn insert(conn: &mut DbConn, place_id: &str, v: &ContactValues<'_>) -> QueryResult<bool> {
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(place_contacts::table)
            .values((
                place_contacts::place_id.eq(place_id),
                place_contacts::phone.eq(v.phone),
                place_contacts::address.eq(v.address),
                place_contacts::hours.eq(v.hours),
                place_contacts::updated_at.eq(super::now_ts()),
                place_contacts::version.eq(0),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(n) => Ok(n == 1),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}
