//! The `case_extensions` and `case_extension_consents` tables: each
//! extension of a case's mediation period, numbered per case, with every
//! party's recorded consent.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{case_extension_consents, case_extensions};
use crate::domain::extension_consent::ConsentMethod;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_extensions)]
pub struct Extension {
    pub id: String,
    pub case_id: String,
    /// 1, 2, … per case.
    pub seq: i32,
    pub days: i32,
    /// The period's last day before and after, YYYY-MM-DD.
    pub last_day_before: String,
    pub last_day_after: String,
    pub note: String,
    pub recorded_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_extension_consents)]
pub struct ExtensionConsent {
    pub id: String,
    pub extension_id: String,
    pub party_id: String,
    pub method: ConsentMethod,
    /// YYYY-MM-DD, China time.
    pub consented_on: String,
}

/// An extension with its consents, for the case page.
#[derive(Debug, Clone)]
pub struct ExtensionWithConsents {
    pub extension: Extension,
    pub consents: Vec<ExtensionConsent>,
}

pub fn next_seq(conn: &mut DbConn, case_id: &str) -> QueryResult<i32> {
    let max: Option<i32> = case_extensions::table
        .filter(case_extensions::case_id.eq(case_id))
        .select(diesel::dsl::max(case_extensions::seq))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// Writes the extension and its consents; inside the change transaction.
pub fn insert(conn: &mut DbConn, extension: &Extension, consents: &[ExtensionConsent]) -> QueryResult<()> {
    diesel::insert_into(case_extensions::table)
        .values(extension)
        .execute(conn)?;
    for consent in consents {
        diesel::insert_into(case_extension_consents::table)
            .values(consent)
            .execute(conn)?;
    }
    Ok(())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<ExtensionWithConsents>> {
    let extensions: Vec<Extension> = case_extensions::table
        .filter(case_extensions::case_id.eq(case_id))
        .order(case_extensions::seq.asc())
        .select(Extension::as_select())
        .load(conn)?;
    let ids: Vec<&str> = extensions.iter().map(|e| e.id.as_str()).collect();
    let consents: Vec<ExtensionConsent> = case_extension_consents::table
        .filter(case_extension_consents::extension_id.eq_any(ids))
        .select(ExtensionConsent::as_select())
        .load(conn)?;
    Ok(extensions
        .into_iter()
        .map(|extension| {
            let consents = consents
                .iter()
                .filter(|c| c.extension_id == extension.id)
                .cloned()
                .collect();
            ExtensionWithConsents { extension, consents }
        })
        .collect())
}
