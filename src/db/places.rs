//! The `places` table: the administrative hierarchy of DESIGN.md §3.

use crate::domain::place::PlaceKind;
use diesel::prelude::*;

use super::schema::places;
use super::{DbConn, new_id, now_ts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = places)]
pub struct Place {
    pub id: String,
    pub parent_id: Option<String>,
    pub kind: PlaceKind,
    pub name: String,
    pub short_name: Option<String>,
    pub sort_order: i32,
    pub created_at: i64,
    /// When an admin retired it: it keeps its history but leaves the pickers.
    pub retired_at: Option<i64>,
    /// Bumped by every admin change, so a rename or move is conditional.
    pub version: i32,
}

impl Place {
    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = places)]
pub(crate) struct NewPlace<'a> {
    pub id: String,
    pub parent_id: Option<&'a str>,
    pub kind: PlaceKind,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub sort_order: i32,
    pub created_at: i64,
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Place>> {
    places::table.find(id).select(Place::as_select()).first(conn).optional()
}

pub fn find_child(conn: &mut DbConn, parent_id: Option<&str>, name: &str) -> QueryResult<Option<Place>> {
    let query = places::table
        .filter(places::name.eq(name))
        .select(Place::as_select())
        .into_boxed();
    let query = match parent_id {
        Some(p) => query.filter(places::parent_id.eq(p.to_owned())),
        None => query.filter(places::parent_id.is_null()),
    };
    query.first(conn).optional()
}

/// Inserts the place unless a sibling of the same name exists; returns its id.
/// Idempotent, so seeding and first-run bootstrap can be re-run safely.
pub fn ensure(
    conn: &mut DbConn,
    parent_id: Option<&str>,
    kind: PlaceKind,
    name: &str,
    short_name: Option<&str>,
    sort_order: i32,
) -> QueryResult<String> {
    if let Some(existing) = find_child(conn, parent_id, name)? {
        return Ok(existing.id);
    }
    let row = NewPlace {
        id: new_id(),
        parent_id,
        kind,
        name,
        short_name,
        sort_order,
        created_at: now_ts(),
    };
    diesel::insert_into(places::table).values(&row).execute(conn)?;
    Ok(row.id)
}

pub fn children(conn: &mut DbConn, parent_id: &str) -> QueryResult<Vec<Place>> {
    places::table
        .filter(places::parent_id.eq(parent_id))
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)
}

/// The grids of `communities`, each after its community, in the
/// communities' order: one query however many there are.
pub fn grids_under(conn: &mut DbConn, communities: &[Place]) -> QueryResult<Vec<(Place, Place)>> {
    let ids: Vec<&str> = communities.iter().map(|p| p.id.as_str()).collect();
    let grids: Vec<Place> = places::table
        .filter(places::parent_id.eq_any(&ids))
        .filter(places::kind.eq(PlaceKind::Grid))
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)?;
    let mut out = Vec::with_capacity(grids.len());
    for community in communities {
        let own = grids
            .iter()
            .filter(|g| g.parent_id.as_deref() == Some(community.id.as_str()));
        out.extend(own.map(|g| (community.clone(), g.clone())));
    }
    Ok(out)
}

/// The places of `ids` (a list's rows name them), in one query.
pub fn find_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Place>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    places::table
        .filter(places::id.eq_any(ids))
        .select(Place::as_select())
        .load(conn)
}

// The kinds are written as `a OR b`, not `IN (a, b)`: diesel does not keep
// a prepared IN-list statement, so it would be planned again on every page
// (issue 10); both backends read `OR` on one column as IN.

/// Streets and towns: the areas a coordinator can be assigned to.
pub fn streets_and_towns(conn: &mut DbConn) -> QueryResult<Vec<Place>> {
    places::table
        .filter(places::kind.eq(PlaceKind::Street).or(places::kind.eq(PlaceKind::Town)))
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)
}

pub fn find_street_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<Place>> {
    places::table
        .filter(places::kind.eq(PlaceKind::Street).or(places::kind.eq(PlaceKind::Town)))
        .filter(places::name.eq(name).or(places::short_name.eq(name)))
        .select(Place::as_select())
        .first(conn)
        .optional()
}

/// Every place of the given kinds, in display order (grids and compounds
/// for the intake pickers: a district has hundreds, not millions).
pub fn of_kinds(conn: &mut DbConn, kinds: &[PlaceKind]) -> QueryResult<Vec<Place>> {
    places::table
        .filter(places::kind.eq_any(kinds.to_vec()))
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)
}

/// Every community with its street's name, for the place pickers.
pub fn communities_with_street(conn: &mut DbConn) -> QueryResult<Vec<(Place, String)>> {
    let streets = streets_and_towns(conn)?;
    let communities: Vec<Place> = places::table
        .filter(
            places::kind
                .eq(PlaceKind::Community)
                .or(places::kind.eq(PlaceKind::Village)),
        )
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)?;
    Ok(communities
        .into_iter()
        .filter_map(|c| {
            let street = streets
                .iter()
                .find(|s| Some(&s.id) == c.parent_id.as_ref())?
                .name
                .clone();
            Some((c, street))
        })
        .collect())
}

/// The place and its ancestors, nearest first (the hierarchy is shallow, so
/// walking it row by row is cheap and portable).
pub fn lineage(conn: &mut DbConn, id: &str) -> QueryResult<Vec<Place>> {
    let mut chain = Vec::new();
    let mut next = Some(id.to_owned());
    while let Some(current) = next.take() {
        let Some(place) = find(conn, &current)? else { break };
        next.clone_from(&place.parent_id);
        chain.push(place);
        if chain.len() > 12 {
            break;
        }
    }
    Ok(chain)
}

/// "观音桥街道 · 塔坪社区 · 塔坪一网格 · 塔坪小区": the place named from its
/// street down, as a case page shows where a dispute happened.
pub fn path_from_street(conn: &mut DbConn, id: &str) -> QueryResult<String> {
    let lineage = lineage(conn, id)?;
    let upto = lineage
        .iter()
        .position(|p| matches!(p.kind, PlaceKind::Street | PlaceKind::Town))
        .map_or(lineage.len(), |i| i + 1);
    let names: Vec<&str> = lineage[..upto].iter().rev().map(|p| p.name.as_str()).collect();
    Ok(names.join(" · "))
}

/// The street or town a place lies in: the unit of a coordinator's scope.
pub fn street_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    Ok(lineage(conn, id)?
        .into_iter()
        .find(|p| p.kind.is_street_level())
        .map(|p| p.id))
}

/// Every place below `id` (not `id` itself), level by level.
pub fn descendants(conn: &mut DbConn, id: &str) -> QueryResult<Vec<Place>> {
    let mut all = Vec::new();
    let mut level = vec![id.to_owned()];
    while !level.is_empty() {
        let found: Vec<Place> = places::table
            .filter(places::parent_id.eq_any(&level))
            .select(Place::as_select())
            .load(conn)?;
        level = found.iter().map(|p| p.id.clone()).collect();
        all.extend(found);
    }
    Ok(all)
}

/// A compound with the community and street it lies in, for the letter
/// form's picker, its check, and the staff queue's filter.
#[derive(Debug, Clone)]
pub struct CompoundRow {
    pub id: String,
    pub name: String,
    pub community_id: Option<String>,
    pub community_name: String,
    pub street_id: String,
    pub street_name: String,
}

/// Every compound that lies in a street or town, ordered by street,
/// community and name. One query for the levels above buildings; the
/// walk up happens in memory.
pub fn compounds_with_area(conn: &mut DbConn) -> QueryResult<Vec<CompoundRow>> {
    let upper: Vec<Place> = places::table
        .filter(places::kind.eq_any(["street", "town", "community", "village", "grid", "compound"]))
        .order((places::sort_order.asc(), places::name.asc()))
        .select(Place::as_select())
        .load(conn)?;
    let by_id: std::collections::HashMap<&str, &Place> = upper.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut rows: Vec<CompoundRow> = upper
        .iter()
        .filter(|p| p.kind == PlaceKind::Compound)
        .filter_map(|compound| {
            let mut community = None;
            let mut next = compound.parent_id.as_deref();
            for _ in 0..8 {
                let place = by_id.get(next?)?;
                match place.kind {
                    k if k.is_community_level() => community = Some(*place),
                    k if k.is_street_level() => {
                        return Some(CompoundRow {
                            id: compound.id.clone(),
                            name: compound.name.clone(),
                            community_id: community.map(|c| c.id.clone()),
                            community_name: community.map(|c| c.name.clone()).unwrap_or_default(),
                            street_id: place.id.clone(),
                            street_name: place.name.clone(),
                        });
                    }
                    _ => {}
                }
                next = place.parent_id.as_deref();
            }
            None
        })
        .collect();
    rows.sort_by(|a, b| (&a.street_name, &a.community_name).cmp(&(&b.street_name, &b.community_name)));
    Ok(rows)
}
