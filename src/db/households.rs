//! The `households` table: a unit's registered exclusive area and holder.

use diesel::prelude::*;

use super::schema::households;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = households)]
pub struct Household {
    pub id: String,
    pub unit_id: String,
    pub compound_id: String,
    pub area_centi: i64,
    pub owners: String,
    pub developer_unsold: bool,
    pub updated_at: i64,
}

pub struct HouseholdData<'a> {
    pub unit_id: &'a str,
    pub compound_id: &'a str,
    pub area_centi: i64,
    pub owners: &'a str,
    pub developer_unsold: bool,
}

/// Inserts or replaces the unit's record; a re-import corrects it in place.
pub fn put(conn: &mut DbConn, data: &HouseholdData<'_>) -> QueryResult<()> {
    let existing = households::table
        .filter(households::unit_id.eq(data.unit_id))
        .select(households::id)
        .first::<String>(conn)
        .optional()?;
    let now = now_ts();
    match existing {
        Some(id) => diesel::update(households::table.find(id))
            .set((
                households::area_centi.eq(data.area_centi),
                households::owners.eq(data.owners),
                households::developer_unsold.eq(data.developer_unsold),
                households::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::insert_into(households::table)
            .values((
                households::id.eq(new_id()),
                households::unit_id.eq(data.unit_id),
                households::compound_id.eq(data.compound_id),
                households::area_centi.eq(data.area_centi),
                households::owners.eq(data.owners),
                households::developer_unsold.eq(data.developer_unsold),
                households::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(())
}

pub fn for_compound(conn: &mut DbConn, compound_id: &str) -> QueryResult<Vec<Household>> {
    households::table
        .filter(households::compound_id.eq(compound_id))
        .select(Household::as_select())
        .load(conn)
}

pub fn for_unit(conn: &mut DbConn, unit_id: &str) -> QueryResult<Option<Household>> {
    households::table
        .filter(households::unit_id.eq(unit_id))
        .select(Household::as_select())
        .first(conn)
        .optional()
}

pub fn for_units(conn: &mut DbConn, unit_ids: &[String]) -> QueryResult<Vec<Household>> {
    households::table
        .filter(households::unit_id.eq_any(unit_ids))
        .select(Household::as_select())
        .load(conn)
}
