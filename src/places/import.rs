//! Storing a parsed hierarchy import (`domain::place_csv`): one transaction,
//! level by level (streets, then communities, grids, compounds), each level
//! one query for what exists and one batch insert for what does not. A
//! place already stored under the same parent with the same name is kept,
//! so importing the same file again creates nothing. A line that clashes
//! with what is stored rolls everything back.

use std::collections::HashMap;

use crate::db::audit::{self, AuditActor};
use crate::db::place_admin;
use crate::db::places::{NewPlace, Place};
use crate::db::{DbConn, DbError, TxVerdict, change_tx, new_id, now_ts};
use crate::domain::place_csv::{PlaceRow, RowError, places_at};

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub created: usize,
    pub present: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done(Summary),
    /// Lines that clash with stored places; nothing was stored.
    Rejected(Vec<RowError>),
}

impl TxVerdict for Outcome {
    fn commits(&self) -> bool {
        matches!(self, Outcome::Done(_))
    }
}

/// The deepest level a line can name: street, community, grid, compound.
const LEVELS: usize = 4;

/// Imports the rows. Two imports adding the same place at once (possible on
/// PostgreSQL, where both read before either commits) collide on the
/// unique (parent, name) index; the loser runs again and then finds the
/// winner's places present.
pub fn import(conn: &mut DbConn, rows: &[PlaceRow], actor: &AuditActor) -> Result<Outcome, DbError> {
    use diesel::result::{DatabaseErrorKind, Error};
    match import_once(conn, rows, actor) {
        Err(DbError::Query(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            import_once(conn, rows, actor)
        }
        other => other,
    }
}

fn import_once(conn: &mut DbConn, rows: &[PlaceRow], actor: &AuditActor) -> Result<Outcome, DbError> {
    let district = place_admin::district(conn)?.ok_or(DbError::Query(diesel::result::Error::NotFound))?;
    change_tx(conn, |conn| {
        let mut run = Run::default();
        for depth in 0..LEVELS {
            run.level(conn, rows, depth, &district.id)?;
        }
        if !run.errors.is_empty() {
            run.errors.sort_by_key(|e| e.line);
            return Ok(Outcome::Rejected(run.errors));
        }
        let detail = format!("created={} present={}", run.summary.created, run.summary.present);
        audit::record(conn, actor, "place.import", Some(("place", &district.id)), &detail)?;
        Ok(Outcome::Done(run.summary))
    })
}

#[derive(Default)]
struct Run {
    /// Each path of names imported so far, to its place's id.
    ids: HashMap<Vec<String>, String>,
    summary: Summary,
    errors: Vec<RowError>,
}

/// A place to insert, owned until the batch borrows it.
struct Pending {
    id: String,
    parent: String,
    row: (crate::domain::place::PlaceKind, String),
    order: i32,
}

impl Run {
    fn level(&mut self, conn: &mut DbConn, rows: &[PlaceRow], depth: usize, district: &str) -> Result<(), DbError> {
        let wanted = places_at(rows, depth);
        // A line whose parent clashed has no parent id: its error is enough.
        let wanted: Vec<_> = wanted
            .into_iter()
            .filter_map(|(path, level, line)| {
                let parent = match depth {
                    0 => district.to_owned(),
                    _ => self.ids.get(&path[..depth])?.clone(),
                };
                Some((path, level, line, parent))
            })
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut parents: Vec<String> = wanted.iter().map(|w| w.3.clone()).collect();
        parents.sort();
        parents.dedup();
        let existing = place_admin::children_of(conn, &parents)?;
        let mut next_order: HashMap<String, i32> = HashMap::new();
        for p in &existing {
            *next_order.entry(p.parent_id.clone().unwrap_or_default()).or_default() += 1;
        }
        let by_name: HashMap<(&str, &str), &Place> = existing
            .iter()
            .map(|p| ((p.parent_id.as_deref().unwrap_or_default(), p.name.as_str()), p))
            .collect();
        let mut pending = Vec::new();
        for (path, level, line, parent) in wanted {
            match by_name.get(&(parent.as_str(), level.name.as_str())) {
                // The same name at the same level: a street where the line
                // said town is a clash only when the line wrote the kind.
                Some(p) if p.kind != level.kind && (level.stated || !same_level(p, level.kind)) => {
                    self.errors.push(RowError {
                        line,
                        key: "place_import.err_kind_stored",
                    });
                }
                Some(p) => {
                    self.summary.present += 1;
                    self.ids.insert(path, p.id.clone());
                }
                None => {
                    let order = next_order.entry(parent.clone()).or_default();
                    let id = new_id();
                    pending.push(Pending {
                        id: id.clone(),
                        parent,
                        row: (level.kind, level.name.clone()),
                        order: *order,
                    });
                    *order += 1;
                    self.summary.created += 1;
                    self.ids.insert(path, id);
                }
            }
        }
        let now = now_ts();
        let batch: Vec<NewPlace<'_>> = pending
            .iter()
            .map(|p| NewPlace {
                id: p.id.clone(),
                parent_id: Some(&p.parent),
                kind: p.row.0,
                name: &p.row.1,
                short_name: None,
                sort_order: p.order,
                created_at: now,
            })
            .collect();
        place_admin::insert_many(conn, &batch)?;
        Ok(())
    }
}

fn same_level(place: &Place, kind: crate::domain::place::PlaceKind) -> bool {
    (place.kind.is_street_level() && kind.is_street_level())
        || (place.kind.is_community_level() && kind.is_community_level())
}
