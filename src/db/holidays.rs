//! The `holidays` table: the dated entries of the holiday calendar
//! (statutory holidays and adjusted working days) that admins maintain.
//! Weekends are rest days by rule and are not stored.

use diesel::prelude::*;

use super::DbConn;
use super::schema::holidays;
use crate::dates::parse_day;
use crate::domain::legal_period::{DayKind, HolidayCalendar};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = holidays)]
pub struct Holiday {
    /// YYYY-MM-DD, China time.
    pub day: String,
    pub kind: DayKind,
    pub name: String,
    pub created_by: String,
    pub created_at: i64,
}

/// Inserts an entry. The day is the primary key, so of two admins adding
/// the same day at once only one succeeds (the other gets a unique error).
pub fn insert(conn: &mut DbConn, row: &Holiday) -> QueryResult<()> {
    diesel::insert_into(holidays::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn exists(conn: &mut DbConn, day: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(holidays::table.filter(holidays::day.eq(day)))).get_result(conn)
}

/// Removes the entry of `day`; `false` when there was none.
pub fn remove(conn: &mut DbConn, day: &str) -> QueryResult<bool> {
    Ok(diesel::delete(holidays::table.filter(holidays::day.eq(day))).execute(conn)? == 1)
}

/// The entries of one year, in date order (`day` sorts as text).
pub fn in_year(conn: &mut DbConn, year: i32) -> QueryResult<Vec<Holiday>> {
    holidays::table
        .filter(holidays::day.ge(format!("{year:04}-01-01")))
        .filter(holidays::day.le(format!("{year:04}-12-31")))
        .order(holidays::day.asc())
        .select(Holiday::as_select())
        .load(conn)
}

/// The whole calendar, for the period rules. It is a few dozen rows a
/// year, read in the transaction of the change that uses it, so every
/// instance sees the admins' latest entries (no process cache).
pub fn calendar(conn: &mut DbConn) -> QueryResult<HolidayCalendar> {
    let rows: Vec<(String, DayKind)> = holidays::table.select((holidays::day, holidays::kind)).load(conn)?;
    Ok(HolidayCalendar::new(
        rows.into_iter()
            .filter_map(|(day, kind)| Some((parse_day(&day)?, kind))),
    ))
}
