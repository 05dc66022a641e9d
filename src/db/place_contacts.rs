//! A place's public contact (phone, address, opening hours): a community's
//! office, shown in the portal footer once the resident's place is known.

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
}

pub fn find(conn: &mut DbConn, place_id: &str) -> QueryResult<Option<PlaceContact>> {
    place_contacts::table
        .find(place_id)
        .select(PlaceContact::as_select())
        .first(conn)
        .optional()
}

/// Sets a place's contact, replacing the one it had.
pub fn set(conn: &mut DbConn, place_id: &str, phone: &str, address: &str, hours: &str) -> QueryResult<()> {
    let now = super::now_ts();
    let changed = diesel::update(place_contacts::table.find(place_id))
        .set((
            place_contacts::phone.eq(phone),
            place_contacts::address.eq(address),
            place_contacts::hours.eq(hours),
            place_contacts::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(place_contacts::table)
            .values((
                place_contacts::place_id.eq(place_id),
                place_contacts::phone.eq(phone),
                place_contacts::address.eq(address),
                place_contacts::hours.eq(hours),
                place_contacts::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
