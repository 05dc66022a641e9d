//! Household codes (DESIGN.md §4.4): issued per building for a printable
//! sheet, revoked and reissued per unit. Only hashes are stored; the plain
//! codes exist in the returned sheet and nowhere else.

use super::{RenovationError, Scope, scoped_place};
use crate::db::audit::{self, AuditActor};
use crate::db::places::{self, Place};
use crate::db::{DbConn, household_codes, write_tx};
use crate::domain::household_code;
use crate::domain::place::PlaceKind;

/// One line of the printable sheet.
#[derive(Debug, Clone)]
pub struct SlipLine {
    pub entrance: String,
    pub unit: String,
    pub code: String,
}

/// A unit of a building with whether it holds a live code.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub unit_id: String,
    pub entrance: String,
    pub unit: String,
    pub has_code: bool,
}

/// A building in scope, or NotFound when the place is not a building.
pub fn scoped_building(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<Place, RenovationError> {
    let place = scoped_place(conn, scope, id)?;
    if place.kind == PlaceKind::Building {
        Ok(place)
    } else {
        Err(RenovationError::NotFound)
    }
}

/// The building's units by entrance, with (entrance name, unit place).
fn units_of(conn: &mut DbConn, building_id: &str) -> diesel::QueryResult<Vec<(String, Place)>> {
    let mut out = Vec::new();
    for entrance in places::children(conn, building_id)? {
        for unit in places::children(conn, &entrance.id)? {
            out.push((entrance.name.clone(), unit));
        }
    }
    Ok(out)
}

pub fn status(
    conn: &mut DbConn,
    scope: &Scope,
    building_id: &str,
) -> Result<(Place, Vec<UnitStatus>), RenovationError> {
    let building = scoped_building(conn, scope, building_id)?;
    let units = units_of(conn, &building.id)?;
    let ids: Vec<String> = units.iter().map(|(_, u)| u.id.clone()).collect();
    let live = household_codes::units_with_live_code(conn, &ids)?;
    let rows = units
        .into_iter()
        .map(|(entrance, u)| UnitStatus {
            has_code: live.contains(&u.id),
            unit_id: u.id,
            entrance,
            unit: u.name,
        })
        .collect();
    Ok((building, rows))
}

/// Issues codes for the building's units that have none (all of them when
/// `replace_all`), in one transaction, and returns the sheet.
pub fn issue_for_building(
    conn: &mut DbConn,
    scope: &Scope,
    building_id: &str,
    replace_all: bool,
    actor: &AuditActor,
    secret: &[u8],
) -> Result<(Place, Vec<SlipLine>), RenovationError> {
    let (building, units) = status(conn, scope, building_id)?;
    let lines = write_tx(conn, |conn| {
        let mut lines = Vec::new();
        for unit in units.into_iter().filter(|u| replace_all || !u.has_code) {
            let code = issue_one(conn, secret, &unit.unit_id, actor)?;
            lines.push(SlipLine {
                entrance: unit.entrance,
                unit: unit.unit,
                code,
            });
        }
        let detail = format!("codes={}", lines.len());
        audit::record(
            conn,
            actor,
            "household_codes.issue",
            Some(("place", &building.id)),
            &detail,
        )?;
        Ok::<_, diesel::result::Error>(lines)
    })?;
    Ok((building, lines))
}

fn issue_one(conn: &mut DbConn, secret: &[u8], unit_id: &str, actor: &AuditActor) -> diesel::QueryResult<String> {
    let code = household_code::generate();
    let canonical = household_code::normalise(&code).expect("generated codes are valid");
    household_codes::issue(
        conn,
        unit_id,
        &household_code::keyed_hash(secret, &canonical),
        actor.user_id.as_deref(),
    )?;
    Ok(code)
}

fn scoped_unit(conn: &mut DbConn, scope: &Scope, unit_id: &str) -> Result<(Place, String), RenovationError> {
    let unit = scoped_place(conn, scope, unit_id)?;
    if unit.kind != PlaceKind::Unit {
        return Err(RenovationError::NotFound);
    }
    let entrance = unit.parent_id.as_deref().ok_or(RenovationError::NotFound)?;
    let entrance = places::find(conn, entrance)?.ok_or(RenovationError::NotFound)?;
    let building = entrance.parent_id.clone().ok_or(RenovationError::NotFound)?;
    Ok((unit, building))
}

/// Revokes a unit's code; returns the unit's building id.
pub fn revoke(conn: &mut DbConn, scope: &Scope, unit_id: &str, actor: &AuditActor) -> Result<String, RenovationError> {
    let (unit, building) = scoped_unit(conn, scope, unit_id)?;
    write_tx(conn, |conn| {
        let n = household_codes::revoke(conn, &unit.id)?;
        audit::record(
            conn,
            actor,
            "household_codes.revoke",
            Some(("place", &unit.id)),
            &format!("revoked={n}"),
        )
    })?;
    Ok(building)
}

/// Replaces a unit's code (the old one stops working) and returns the slip.
pub fn reissue(
    conn: &mut DbConn,
    scope: &Scope,
    unit_id: &str,
    actor: &AuditActor,
    secret: &[u8],
) -> Result<(Place, SlipLine), RenovationError> {
    let (unit, building) = scoped_unit(conn, scope, unit_id)?;
    let building = places::find(conn, &building)?.ok_or(RenovationError::NotFound)?;
    let entrance = places::find(conn, unit.parent_id.as_deref().unwrap_or_default())?
        .map(|e| e.name)
        .unwrap_or_default();
    let code = write_tx(conn, |conn| {
        let code = issue_one(conn, secret, &unit.id, actor)?;
        audit::record(conn, actor, "household_codes.reissue", Some(("place", &unit.id)), "")?;
        Ok::<_, diesel::result::Error>(code)
    })?;
    Ok((
        building,
        SlipLine {
            entrance,
            unit: unit.name,
            code,
        },
    ))
}
