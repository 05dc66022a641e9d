//! A case as the JSON document handed to the city's mediation platform
//! (DESIGN.md §10): the stable case number, standard dispute-type and
//! source codes, the state, the dates, the places by id and name, and the
//! parties masked. Reading it is audited like printing: the document leaves
//! the system.

use crate::db::dispute_types::DisputeTypes;
use serde::Serialize;

use super::MediationError;
use super::access::{Viewer, access};
use crate::db::audit::{self, AuditActor};
use crate::db::cases::{self, Case};
use crate::db::{DbConn, case_parties, committees, places};
use crate::domain::handoff::{SCHEMA, StatutorySource};
use crate::domain::id_number::mask_id_number;
use crate::domain::masking::{mask_address, mask_name, mask_phone};
use crate::domain::open311::iso_time;
use crate::i18n::{Lang, t};

#[derive(Debug, Serialize)]
pub struct Handoff {
    pub schema: &'static str,
    pub case_id: String,
    /// `(2026)江北观音桥人调字第5号`; null before acceptance.
    pub case_number: Option<String>,
    pub dispute_type: Coded,
    /// The district's own type the case was filed under, if any (its code
    /// is local; `dispute_type` is the statutory type it counts as).
    pub local_type: Option<LocalType>,
    pub source: Source,
    pub state: Coded,
    pub state_since: String,
    pub registered_at: String,
    pub accepted_at: Option<String>,
    /// The last day of the mediation period (China date).
    pub period_ends_on: Option<String>,
    pub on_hold: bool,
    pub risk_level: Option<&'static str>,
    pub committee: Named,
    pub place: Places,
    pub parties: Vec<PartyOut>,
    pub exported_at: String,
}

/// A vocabulary value: its stable code and its Chinese name.
#[derive(Debug, Serialize)]
pub struct Coded {
    pub code: &'static str,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct LocalType {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Source {
    pub code: &'static str,
    pub name: String,
    /// 主动调解 / 申请调解 / 接受委托移送.
    pub statutory_code: &'static str,
    pub statutory_name: &'static str,
}

/// A place by its stable id and its name.
#[derive(Debug, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Places {
    pub street: Option<Named>,
    pub community: Option<Named>,
    pub grid: Option<Named>,
    pub compound: Option<Named>,
}

/// A party with personal data masked.
#[derive(Debug, Serialize)]
pub struct PartyOut {
    pub role: &'static str,
    pub kind: String,
    pub name: String,
    pub phone: String,
    pub id_number: String,
    pub address: String,
}

/// The hand-off of case `id` for `viewer`, audited as `actor`. `open_id`
/// unseals an identity number (to mask it).
pub fn load(
    conn: &mut DbConn,
    viewer: &Viewer,
    actor: &AuditActor,
    id: &str,
    open_id: &dyn Fn(&str) -> Option<String>,
) -> Result<Handoff, MediationError> {
    let case = cases::find(conn, id)?.ok_or(MediationError::NotFound)?;
    if !access(conn, viewer, &case)?.can_view {
        return Err(MediationError::Forbidden);
    }
    let parties = case_parties::for_case(conn, id)?
        .into_iter()
        .map(|p| PartyOut {
            role: p.party_role.code(),
            kind: p.kind.clone(),
            name: mask_name(&p.name),
            phone: mask_phone(&p.phone),
            id_number: open_id(&p.id_number_enc)
                .map(|n| mask_id_number(&n))
                .unwrap_or_default(),
            address: mask_address(&p.address),
        })
        .collect();
    let committee = committees::find(conn, &case.committee_id)?.map_or_else(
        || Named {
            id: case.committee_id.clone(),
            name: String::new(),
        },
        |c| Named { id: c.id, name: c.name },
    );
    let place = Places {
        street: named(conn, Some(&case.street_id))?,
        community: named(conn, case.community_id.as_ref())?,
        grid: named(conn, case.grid_id.as_ref())?,
        compound: named(conn, case.compound_id.as_ref())?,
    };
    // The code is the statutory one; the name is the label admins give it.
    let types = DisputeTypes::load(conn)?;
    let type_name = types.label(Lang::Zh, case.dispute_type);
    let local_type = case.local_type.as_ref().map(|code| LocalType {
        name: types.label_of_code(Lang::Zh, code),
        code: code.clone(),
    });
    audit::record(conn, actor, "case.handoff", Some(("case", id)), "")?;
    Ok(document(case, committee, place, parties, (type_name, local_type)))
}

fn document(
    case: Case,
    committee: Named,
    place: Places,
    parties: Vec<PartyOut>,
    (type_name, local_type): (String, Option<LocalType>),
) -> Handoff {
    let name = |key: &str| t(Lang::Zh, key);
    let statutory = StatutorySource::of(case.source);
    Handoff {
        schema: SCHEMA,
        case_number: case.case_number.clone(),
        dispute_type: Coded {
            code: case.dispute_type.code(),
            name: type_name,
        },
        local_type,
        source: Source {
            code: case.source.code(),
            name: name(case.source.label_key()),
            statutory_code: statutory.code(),
            statutory_name: statutory.name(),
        },
        state: Coded {
            code: case.state().code(),
            name: name(case.state().label_key()),
        },
        state_since: iso_time(case.state_entered_at),
        registered_at: iso_time(case.created_at),
        accepted_at: case.accepted_at.map(iso_time),
        period_ends_on: case.deadline_day().map(crate::dates::day_text),
        on_hold: case.on_hold,
        risk_level: case.risk_level.map(|r| r.code()),
        committee,
        place,
        parties,
        exported_at: iso_time(crate::db::now_ts()),
        case_id: case.id,
    }
}

fn named(conn: &mut DbConn, id: Option<&String>) -> diesel::QueryResult<Option<Named>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(places::find(conn, id)?.map(|p| Named { id: p.id, name: p.name }))
}
