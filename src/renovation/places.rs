//! Places and households: adding child places, importing households from
//! CSV (all or nothing), and the Art. 9 headcount of a population.

use super::{RenovationError, Scope, scoped_place};
use crate::db::audit::{self, AuditActor};
use crate::db::households::{self, HouseholdData};
use crate::db::places::{self, Place};
use crate::db::{DbConn, write_tx};
use crate::domain::consensus::{self, AreaCentiM2, Count, Holder, Unit};
use crate::domain::household_address::same_part;
use crate::domain::household_csv::{HouseholdRow, RowHolder};
use crate::domain::place::PlaceKind;
use crate::domain::renovation::{self, MAX_PLACE_NAME_CHARS};

/// Adds a child of the kind the parent takes. Err(key) is a field error.
pub fn add_child(
    conn: &mut DbConn,
    scope: &Scope,
    parent_id: &str,
    name: &str,
) -> Result<Result<String, &'static str>, RenovationError> {
    let parent = scoped_place(conn, scope, parent_id)?;
    let Some(kind) = parent.kind.child() else {
        return Err(RenovationError::NotFound);
    };
    let name = match renovation::required_text(name, MAX_PLACE_NAME_CHARS) {
        Ok(name) => name,
        Err(key) => return Ok(Err(key)),
    };
    write_tx(conn, |conn| {
        // Nothing new goes into a retired place (or one inside it).
        if crate::db::place_admin::hidden(conn)?.contains(&parent.id) {
            return Ok(Err("places.err_retired"));
        }
        if places::find_child(conn, Some(&parent.id), &name)?.is_some() {
            return Ok(Err("places.err_duplicate"));
        }
        let order = i32::try_from(places::children(conn, &parent.id)?.len()).unwrap_or(0);
        Ok(Ok(places::ensure(conn, Some(&parent.id), kind, &name, None, order)?))
    })
}

/// A compound in scope, or NotFound when the place is not a compound.
pub fn scoped_compound(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<Place, RenovationError> {
    let place = scoped_place(conn, scope, id)?;
    if place.kind == PlaceKind::Compound {
        Ok(place)
    } else {
        Err(RenovationError::NotFound)
    }
}

/// Stores every row in one write transaction: buildings, entrances and units
/// are created as needed and each unit's household record is put. Returns
/// the number of rows.
pub fn import(
    conn: &mut DbConn,
    scope: &Scope,
    compound_id: &str,
    rows: &[HouseholdRow],
    actor: &AuditActor,
) -> Result<usize, RenovationError> {
    let compound = scoped_compound(conn, scope, compound_id)?;
    write_tx(conn, |conn| {
        for row in rows {
            import_row(conn, &compound.id, row)?;
        }
        let detail = format!("rows={}", rows.len());
        audit::record(conn, actor, "households.import", Some(("place", &compound.id)), &detail)?;
        // New or changed owners change every headline of the compound.
        super::headline::refresh_compound(conn, &compound.id)?;
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(rows.len())
}

fn import_row(conn: &mut DbConn, compound_id: &str, row: &HouseholdRow) -> diesel::QueryResult<()> {
    let building = places::ensure(conn, Some(compound_id), PlaceKind::Building, &row.building, None, 0)?;
    let entrance = places::ensure(conn, Some(&building), PlaceKind::Entrance, &row.entrance, None, 0)?;
    let unit = places::ensure(conn, Some(&entrance), PlaceKind::Unit, &row.unit, None, 0)?;
    let owners = row.holder.stored();
    households::put(
        conn,
        &HouseholdData {
            unit_id: &unit,
            compound_id,
            area_centi: row.area.centi(),
            owners: &owners,
            developer_unsold: row.holder == RowHolder::UnsoldDeveloper,
        },
    )
}

/// The units of a deciding population (a compound, building or entrance),
/// ready for the consensus engine. Within a compound an owner is identified
/// by the normalised owner list, so one person's several units count once.
pub fn population_units(conn: &mut DbConn, population_id: &str) -> Result<Vec<Unit>, RenovationError> {
    let below = places::descendants(conn, population_id)?;
    let unit_ids: Vec<String> = below
        .into_iter()
        .filter(|p| p.kind == PlaceKind::Unit)
        .map(|p| p.id)
        .collect();
    let records = households::for_units(conn, &unit_ids)?;
    Ok(records
        .into_iter()
        .map(|h| Unit {
            holder: if h.developer_unsold {
                Holder::UnsoldDeveloper
            } else {
                Holder::Owner(h.owners)
            },
            unit: h.unit_id,
            area: AreaCentiM2(h.area_centi),
        })
        .collect())
}

/// A and N of a population (DESIGN.md §4.3 headcount rules).
pub fn headcount(conn: &mut DbConn, population_id: &str) -> Result<Count, RenovationError> {
    Ok(consensus::population_totals(&population_units(conn, population_id)?))
}

/// The unit place named building / entrance / unit in a compound, as a
/// resident types it ("3" for "3栋", see `domain::household_address`).
pub fn find_unit(
    conn: &mut DbConn,
    compound_id: &str,
    building: &str,
    entrance: &str,
    unit: &str,
) -> diesel::QueryResult<Option<String>> {
    let Some(b) = find_typed_child(conn, compound_id, building)? else {
        return Ok(None);
    };
    let Some(e) = find_typed_child(conn, &b.id, entrance)? else {
        return Ok(None);
    };
    Ok(find_typed_child(conn, &e.id, unit)?.map(|u| u.id))
}

/// The child named exactly as typed, else the only child whose name the
/// typed text matches loosely; None when none or several match.
fn find_typed_child(conn: &mut DbConn, parent_id: &str, typed: &str) -> diesel::QueryResult<Option<Place>> {
    if let Some(exact) = places::find_child(conn, Some(parent_id), typed.trim())? {
        return Ok(Some(exact));
    }
    let mut matches = places::children(conn, parent_id)?
        .into_iter()
        .filter(|p| same_part(typed, &p.name));
    Ok(match (matches.next(), matches.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    })
}

/// "塔坪小区 3栋 1单元 101": the unit's address from its compound down, as
/// the confirmation and the receipt of an intention form show it.
pub fn household_address(conn: &mut DbConn, unit_id: &str) -> diesel::QueryResult<String> {
    let lineage = places::lineage(conn, unit_id)?;
    let within = lineage
        .iter()
        .position(|p| p.kind == PlaceKind::Compound)
        .map_or(lineage.len(), |i| i + 1);
    let names: Vec<&str> = lineage[..within].iter().rev().map(|p| p.name.as_str()).collect();
    Ok(names.join(" "))
}
