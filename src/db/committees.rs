//! The `committees` table: one people's mediation committee per street or town.

use diesel::prelude::*;

use super::schema::committees;
use super::{DbConn, places};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = committees)]
pub struct Committee {
    pub id: String,
    pub street_id: String,
    pub name: String,
    pub short_name: String,
    pub head_user_id: Option<String>,
    pub created_at: i64,
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Committee>> {
    super::inline_limit::single(committees::table.find(id).select(Committee::as_select()), conn)
}

pub fn for_street(conn: &mut DbConn, street_id: &str) -> QueryResult<Option<Committee>> {
    committees::table
        .filter(committees::street_id.eq(street_id))
        .select(Committee::as_select())
        .first(conn)
        .optional()
}

/// Committees are reference data: `crate::reference` decides which exist.
pub fn insert(conn: &mut DbConn, row: &Committee) -> QueryResult<()> {
    diesel::insert_into(committees::table).values(row).execute(conn)?;
    Ok(())
}

/// The committees `user_id` heads.
pub fn headed_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    committees::table
        .filter(committees::head_user_id.eq(user_id))
        .select(committees::id)
        .load(conn)
}

/// Every committee with its street's name, in the streets' order.
pub fn all_with_street(conn: &mut DbConn) -> QueryResult<Vec<(Committee, String)>> {
    let streets = places::streets_and_towns(conn)?;
    let mut rows: Vec<(Committee, String)> = Vec::new();
    for street in streets {
        if let Some(c) = for_street(conn, &street.id)? {
            rows.push((c, street.name));
        }
    }
    Ok(rows)
}

/// What an admin saw on the form; the update applies only if it still holds,
/// so two admins editing the same committee cannot overwrite each other.
pub struct CommitteeSeen<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    pub head_user_id: Option<&'a str>,
}

/// Returns false when the row changed since it was seen (or is gone).
pub fn update_if_unchanged(
    conn: &mut DbConn,
    id: &str,
    seen: &CommitteeSeen<'_>,
    new: &CommitteeSeen<'_>,
) -> QueryResult<bool> {
    let target = committees::table
        .find(id)
        .filter(committees::name.eq(seen.name))
        .filter(committees::short_name.eq(seen.short_name));
    let changed = match seen.head_user_id {
        Some(head) => diesel::update(target.filter(committees::head_user_id.eq(head)))
            .set((
                committees::name.eq(new.name),
                committees::short_name.eq(new.short_name),
                committees::head_user_id.eq(new.head_user_id),
            ))
            .execute(conn)?,
        None => diesel::update(target.filter(committees::head_user_id.is_null()))
            .set((
                committees::name.eq(new.name),
                committees::short_name.eq(new.short_name),
                committees::head_user_id.eq(new.head_user_id),
            ))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

pub fn set_head(conn: &mut DbConn, committee_id: &str, user_id: Option<&str>) -> QueryResult<()> {
    diesel::update(committees::table.find(committee_id))
        .set(committees::head_user_id.eq(user_id))
        .execute(conn)
        .map(|_| ())
}

/// Allocates the next number for (committee, year). Must run inside the
/// write transaction that accepts the case, so a rollback returns the number
/// and no gap appears. The increment is one atomic UPDATE, so concurrent
/// PostgreSQL transactions queue on the row instead of reading the same value.
pub fn next_case_seq(conn: &mut DbConn, committee_id: &str, year: i32) -> QueryResult<i32> {
    use super::schema::case_number_counters as c;
    for _ in 0..3 {
        let bumped: Option<i32> = diesel::update(
            c::table
                .filter(c::committee_id.eq(committee_id))
                .filter(c::year.eq(year)),
        )
        .set(c::last_n.eq(c::last_n + 1))
        .returning(c::last_n)
        .get_result(conn)
        .optional()?;
        if let Some(n) = bumped {
            return Ok(n);
        }
        // First case of the year. A concurrent first insert loses on the
        // primary key inside a savepoint and retries the UPDATE.
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(c::table)
                .values((c::committee_id.eq(committee_id), c::year.eq(year), c::last_n.eq(1)))
                .execute(conn)
        });
        match inserted {
            Ok(_) => return Ok(1),
            Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(diesel::result::Error::RollbackTransaction)
}
