//! The `dispute_types` table: how the statutory dispute types
//! (`domain::mediation::DisputeType`, DESIGN.md §5.4) are named, ordered
//! and offered, and the admins' local types, each counting as one statutory
//! type (`maps_to`). The codes never change; the labels are the admins'.
//!
//! Labels are read from the table for each request that shows them (one
//! small query), never cached in process memory: another instance behind
//! the load balancer may have renamed a type a moment ago.

use diesel::prelude::*;
use std::borrow::Borrow;

use super::DbConn;
use super::schema::dispute_types;
use crate::domain::mediation::{DisputeGroup, DisputeType, OfferedType};
use crate::i18n::{self, Lang};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dispute_types)]
pub struct DisputeTypeRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
    /// Set when the type stopped being offered on new cases.
    pub retired_at: Option<i64>,
    pub version: i32,
    /// Where the application form lists the type.
    pub group_code: DisputeGroup,
    /// What the type covers, in plain words ("noise, leaks, …").
    pub hint_zh: String,
    pub hint_en: String,
    /// For a local type, the statutory type it counts as; None for the
    /// statutory rows themselves.
    pub maps_to: Option<DisputeType>,
}

impl DisputeTypeRow {
    /// The statutory type this row counts as (None only for a statutory
    /// code the build does not know, i.e. a tampered table).
    pub fn statutory(&self) -> Option<DisputeType> {
        self.maps_to.or_else(|| DisputeType::parse(&self.code))
    }

    pub fn is_local(&self) -> bool {
        self.maps_to.is_some()
    }

    pub fn name(&self, lang: impl Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.name_en,
            Lang::Zh => &self.name_zh,
        }
    }

    pub fn hint(&self, lang: impl Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.hint_en,
            Lang::Zh => &self.hint_zh,
        }
    }

    pub fn retired(&self) -> bool {
        self.retired_at.is_some()
    }
}

/// Every row, in display order.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<DisputeTypeRow>> {
    dispute_types::table
        .order((dispute_types::sort_order.asc(), dispute_types::code.asc()))
        .select(DisputeTypeRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<DisputeTypeRow>> {
    dispute_types::table
        .find(code)
        .select(DisputeTypeRow::as_select())
        .first(conn)
        .optional()
}

/// What an admin may change about a type.
pub struct TypeValues<'a> {
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub sort_order: i32,
    pub group: DisputeGroup,
    pub hint_zh: &'a str,
    pub hint_en: &'a str,
}

/// Adds a local type counting as `maps_to`. A taken code is the caller's
/// unique violation (the key decides, also between concurrent creates).
pub fn insert_local(conn: &mut DbConn, code: &str, maps_to: DisputeType, v: &TypeValues<'_>) -> QueryResult<()> {
    diesel::insert_into(dispute_types::table)
        .values((
            dispute_types::code.eq(code),
            dispute_types::name_zh.eq(v.name_zh),
            dispute_types::name_en.eq(v.name_en),
            dispute_types::sort_order.eq(v.sort_order),
            dispute_types::version.eq(0),
            dispute_types::group_code.eq(v.group),
            dispute_types::hint_zh.eq(v.hint_zh),
            dispute_types::hint_en.eq(v.hint_en),
            dispute_types::maps_to.eq(Some(maps_to)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Renames, regroups and moves a type if it still has `version`; false otherwise.
pub fn update_if_version(conn: &mut DbConn, code: &str, version: i32, v: &TypeValues<'_>) -> QueryResult<bool> {
    let n = diesel::update(
        dispute_types::table
            .find(code)
            .filter(dispute_types::version.eq(version)),
    )
    .set((
        dispute_types::name_zh.eq(v.name_zh),
        dispute_types::name_en.eq(v.name_en),
        dispute_types::sort_order.eq(v.sort_order),
        dispute_types::group_code.eq(v.group),
        dispute_types::hint_zh.eq(v.hint_zh),
        dispute_types::hint_en.eq(v.hint_en),
        dispute_types::version.eq(dispute_types::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Retires (`Some(time)`) or restores (`None`) a type if it still has `version`.
pub fn set_retired_if_version(
    conn: &mut DbConn,
    code: &str,
    version: i32,
    retired_at: Option<i64>,
) -> QueryResult<bool> {
    let n = diesel::update(
        dispute_types::table
            .find(code)
            .filter(dispute_types::version.eq(version)),
    )
    .set((
        dispute_types::retired_at.eq(retired_at),
        dispute_types::version.eq(dispute_types::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The labels and order of one request: load once, then ask as often as
/// the page needs.
#[derive(Debug, Clone, Default)]
pub struct DisputeTypes {
    rows: Vec<DisputeTypeRow>,
}

impl DisputeTypes {
    pub fn load(conn: &mut DbConn) -> QueryResult<Self> {
        Ok(DisputeTypes { rows: all(conn)? })
    }

    /// One row by its code.
    pub fn row(&self, code: &str) -> Option<&DisputeTypeRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    /// Every row, in display order.
    pub fn rows(&self) -> &[DisputeTypeRow] {
        &self.rows
    }

    /// The label shown for a type. A code without a row (only possible if
    /// the table was tampered with) falls back to the built-in label.
    pub fn label(&self, lang: Lang, t: DisputeType) -> String {
        match self.row(t.code()) {
            Some(row) => row.name(lang).to_owned(),
            None => i18n::t(lang, t.label_key()),
        }
    }

    /// The label of a case's type: the local type's name with the
    /// statutory type it counts as ("电梯纠纷（计入物业）"), or the
    /// statutory label when the case was filed under a statutory type.
    pub fn case_label(&self, lang: Lang, t: DisputeType, local: Option<&str>) -> String {
        let statutory = self.label(lang, t);
        match local.and_then(|code| self.row(code)) {
            Some(row) => i18n::t_with(
                lang,
                "case.type_local",
                &[("local", row.name(lang)), ("type", &statutory)],
            ),
            None => statutory,
        }
    }

    /// The label for a stored code, statutory or local; an unknown code is
    /// shown as it is.
    pub fn label_of_code(&self, lang: Lang, code: &str) -> String {
        match (DisputeType::parse(code), self.row(code)) {
            (Some(t), _) => self.label(lang, t),
            (None, Some(row)) => row.name(lang).to_owned(),
            (None, None) => code.to_owned(),
        }
    }

    /// Whether new cases may be given this statutory type directly.
    pub fn offered(&self, t: DisputeType) -> bool {
        self.row(t.code()).is_none_or(|r| !r.retired())
    }

    /// The types new cases may be filed under, statutory and local, in the
    /// admins' order.
    pub fn offered_types(&self) -> Vec<OfferedType> {
        let mut types: Vec<OfferedType> = self
            .rows
            .iter()
            .filter(|r| !r.retired())
            .filter_map(|r| {
                r.statutory().map(|statutory| OfferedType {
                    code: r.code.clone(),
                    statutory,
                })
            })
            .collect();
        // A statutory type missing from the table is still offered: last.
        types.extend(
            DisputeType::ALL
                .iter()
                .copied()
                .filter(|t| self.row(t.code()).is_none())
                .map(OfferedType::statutory),
        );
        types
    }

    /// Every statutory type in the admins' order, retired ones too (filters
    /// over old cases; a local type is found under its statutory one).
    pub fn every_type(&self) -> Vec<DisputeType> {
        let mut types: Vec<DisputeType> = self.rows.iter().filter_map(|r| DisputeType::parse(&r.code)).collect();
        types.extend(
            DisputeType::ALL
                .iter()
                .copied()
                .filter(|t| self.row(t.code()).is_none()),
        );
        types
    }

    /// (code, label) pairs for a select of `types`.
    pub fn options(&self, lang: Lang, types: &[DisputeType]) -> Vec<(&'static str, String)> {
        types.iter().map(|&t| (t.code(), self.label(lang, t))).collect()
    }

    /// The group a type is listed under; a type without a row is "other".
    pub fn group(&self, code: &str) -> DisputeGroup {
        self.row(code).map_or(DisputeGroup::Other, |r| r.group_code)
    }

    /// The name a form shows for an offered type (a local type's own name).
    pub fn offered_label(&self, lang: Lang, o: &OfferedType) -> String {
        match o.local_code() {
            Some(code) => self.label_of_code(lang, code),
            None => self.label(lang, o.statutory),
        }
    }

    /// The plain-words hint of a type ("" when there is none).
    pub fn hint(&self, lang: Lang, code: &str) -> &str {
        self.row(code).map_or("", |r| r.hint(lang))
    }

    /// `types` by group, groups in their declared order and types in the
    /// admins' order within each; empty groups are left out.
    pub fn grouped<'a>(&self, types: &'a [OfferedType]) -> Vec<(DisputeGroup, Vec<&'a OfferedType>)> {
        DisputeGroup::ALL
            .iter()
            .map(|&g| (g, types.iter().filter(|o| self.group(&o.code) == g).collect::<Vec<_>>()))
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }
}
