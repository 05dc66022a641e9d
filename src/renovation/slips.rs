//! What a household-code slip names besides the code (issue 14 item 7):
//! the compound and the project whose intention form the code is for. Codes
//! belong to units, not projects, so the staff member chooses the project
//! when printing; only a project of the building's own compound can be
//! named, so a slip never sends a household to another compound's form.

use crate::db::DbConn;
use crate::db::places::{self, Place};
use crate::db::projects::{self, Project};

/// The compound a building belongs to (its parent).
pub fn compound_of(conn: &mut DbConn, building: &Place) -> diesel::QueryResult<Option<Place>> {
    match &building.parent_id {
        Some(id) => places::find(conn, id),
        None => Ok(None),
    }
}

/// The projects a slip of this building may name: the compound's projects
/// that still take opinions, newest first.
pub fn project_choices(conn: &mut DbConn, building: &Place) -> diesel::QueryResult<Vec<Project>> {
    let Some(compound) = &building.parent_id else {
        return Ok(Vec::new());
    };
    let mut found = projects::for_compound(conn, compound)?;
    found.retain(|p| p.stage.accepts_opinions());
    Ok(found)
}

/// The chosen project when it is one of the choices; otherwise none, and
/// the slip points to the project list instead.
pub fn chosen_project(conn: &mut DbConn, building: &Place, id: &str) -> diesel::QueryResult<Option<Project>> {
    if id.is_empty() {
        return Ok(None);
    }
    Ok(project_choices(conn, building)?.into_iter().find(|p| p.id == id))
}
