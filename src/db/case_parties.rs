//! The `case_parties` table: applicants, respondents and third parties.

use crate::domain::mediation::{Consent, PartyRole};
use diesel::prelude::*;

use super::schema::case_parties;
use super::{DbConn, new_id, now_ts};
use crate::domain::party_details::PartyDetails;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_parties)]
pub struct Party {
    pub id: String,
    pub case_id: String,
    pub party_role: PartyRole,
    pub kind: String,
    pub name: String,
    pub sex: String,
    pub age: Option<i32>,
    pub occupation: String,
    pub phone: String,
    pub address: String,
    pub agent: String,
    pub rights_notice_served: bool,
    pub consent: Consent,
    pub sort_order: i32,
    pub created_at: i64,
    /// Sealed with `auth::field_crypto`; empty when not given.
    pub id_number_enc: String,
    /// The agent's authority: entrusted, statutory, designated or
    /// legal_representative; empty when the party has no agent.
    pub agent_kind: String,
    pub agent_relation: String,
    pub agent_phone: String,
}

/// The columns the party edit form changes; an empty age is stored as NULL.
#[derive(AsChangeset)]
#[diesel(table_name = case_parties, treat_none_as_null = true)]
struct DetailsChanges<'a> {
    kind: &'a str,
    name: &'a str,
    sex: &'a str,
    age: Option<i32>,
    occupation: &'a str,
    phone: &'a str,
    address: &'a str,
    agent: &'a str,
    agent_kind: &'a str,
    agent_relation: &'a str,
    agent_phone: &'a str,
}

impl Party {
    /// The details as the edit form shows them.
    pub fn details(&self) -> PartyDetails {
        PartyDetails {
            kind: self.kind.clone(),
            name: self.name.clone(),
            sex: self.sex.clone(),
            age: self.age,
            occupation: self.occupation.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            agent: self.agent.clone(),
            agent_kind: self.agent_kind.clone(),
            agent_relation: self.agent_relation.clone(),
            agent_phone: self.agent_phone.clone(),
        }
    }
}

impl Party {
    /// A new party of `case_id`, with nothing served or consented yet.
    pub fn new(case_id: &str, party_role: PartyRole, name: &str, phone: &str, sort_order: i32) -> Self {
        Party {
            id: new_id(),
            case_id: case_id.to_owned(),
            party_role,
            kind: "person".to_owned(),
            name: name.to_owned(),
            sex: String::new(),
            age: None,
            occupation: String::new(),
            phone: phone.to_owned(),
            address: String::new(),
            agent: String::new(),
            rights_notice_served: false,
            consent: Consent::Pending,
            sort_order,
            created_at: now_ts(),
            id_number_enc: String::new(),
            agent_kind: String::new(),
            agent_relation: String::new(),
            agent_phone: String::new(),
        }
    }
}

pub fn insert(conn: &mut DbConn, party: &Party) -> QueryResult<()> {
    diesel::insert_into(case_parties::table)
        .values(party)
        .execute(conn)
        .map(|_| ())
}

pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Party>> {
    case_parties::table
        .filter(case_parties::case_id.eq(case_id))
        .order((case_parties::sort_order.asc(), case_parties::created_at.asc()))
        .select(Party::as_select())
        .load(conn)
}

/// Parties of many cases at once, for lists (one query, not one per row).
pub fn for_cases(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<Party>> {
    case_parties::table
        .filter(case_parties::case_id.eq_any(case_ids))
        .order(case_parties::sort_order.asc())
        .select(Party::as_select())
        .load(conn)
}

/// The applicant shown on a case list row: the first applicant's name and
/// phone, which the list masks.
#[derive(Debug, Clone, Queryable)]
pub struct ListedApplicant {
    pub case_id: String,
    pub name: String,
    pub phone: String,
}

/// The applicants of many cases at once, for a list page. Only the three
/// columns a row shows are read: a page of whole party rows cost more to
/// decode than the rest of the page's queries together (issue 10).
pub fn applicants_of(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<ListedApplicant>> {
    case_parties::table
        .filter(case_parties::case_id.eq_any(case_ids))
        .filter(case_parties::party_role.eq(PartyRole::Applicant))
        .order(case_parties::sort_order.asc())
        .select((case_parties::case_id, case_parties::name, case_parties::phone))
        .load(conn)
}

/// Records the rights notice and the party's consent. Returns false if the
/// party does not belong to the case.
pub fn set_notice_and_consent(
    conn: &mut DbConn,
    case_id: &str,
    party_id: &str,
    served: bool,
    consent: Consent,
) -> QueryResult<bool> {
    let rows = diesel::update(
        case_parties::table
            .filter(case_parties::id.eq(party_id))
            .filter(case_parties::case_id.eq(case_id)),
    )
    .set((
        case_parties::rights_notice_served.eq(served),
        case_parties::consent.eq(consent),
    ))
    .execute(conn)?;
    Ok(rows == 1)
}

pub fn find(conn: &mut DbConn, case_id: &str, party_id: &str) -> QueryResult<Option<Party>> {
    case_parties::table
        .filter(case_parties::id.eq(party_id))
        .filter(case_parties::case_id.eq(case_id))
        .select(Party::as_select())
        .first(conn)
        .optional()
}

/// Replaces a party's details. Returns false if the party does not belong
/// to the case.
pub fn update_details(conn: &mut DbConn, case_id: &str, party_id: &str, details: &PartyDetails) -> QueryResult<bool> {
    let rows = diesel::update(
        case_parties::table
            .filter(case_parties::id.eq(party_id))
            .filter(case_parties::case_id.eq(case_id)),
    )
    .set(DetailsChanges {
        kind: &details.kind,
        name: &details.name,
        sex: &details.sex,
        age: details.age,
        occupation: &details.occupation,
        phone: &details.phone,
        address: &details.address,
        agent: &details.agent,
        agent_kind: &details.agent_kind,
        agent_relation: &details.agent_relation,
        agent_phone: &details.agent_phone,
    })
    .execute(conn)?;
    Ok(rows == 1)
}
