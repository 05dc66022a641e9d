//! The court connection of a court-entrusted case (issue 16, 诉调对接):
//! what the case page and the 调解结果告知函 show of the court, and its
//! edit. The rules are `domain::court_entrustment`; an edit goes through
//! `actions::apply` (the case's version, permission, timeline, audit).

use super::actions::{ChangeContext, apply, may_edit};
use super::{ChangeOutcome, MediationError};
use crate::db::cases::{Case, CaseChanges};
use crate::db::court_entrustments::{self, CourtEntrustment};
use crate::db::{DbConn, resolution_orgs};
use crate::domain::court_entrustment::{self, CourtInput};
use crate::domain::mediation::{CaseEventKind, CaseSource};
use crate::domain::resolution::ChannelType;

/// The longest court case number kept (as at registration).
const MAX_CASE_NUMBER: usize = 100;

/// What the pages show of the court.
#[derive(Debug, Clone, Default)]
pub struct CourtView {
    pub case_number: String,
    /// `YYYY-MM-DD`, or empty.
    pub deadline: String,
    pub court_org_id: String,
    /// The court record's name, or empty when none is named.
    pub court_name: String,
    /// Every active court record, (id, name), for the edit form's select.
    pub courts: Vec<(String, String)>,
}

/// The court facts of a court-entrusted case; `None` for any other case.
pub fn view(conn: &mut DbConn, case: &Case) -> diesel::QueryResult<Option<CourtView>> {
    if case.source != CaseSource::CourtReferral {
        return Ok(None);
    }
    let row = court_entrustments::find(conn, &case.id)?;
    let org_id = row.as_ref().and_then(|r| r.court_org_id.clone());
    let court_name = match &org_id {
        Some(id) => resolution_orgs::find(conn, id)?.map(|o| o.name).unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some(CourtView {
        case_number: case.external_ref.clone(),
        deadline: row.map(|r| r.court_deadline).unwrap_or_default(),
        court_org_id: org_id.unwrap_or_default(),
        court_name,
        courts: courts(conn)?,
    }))
}

/// The active court records, as (id, name), for the court select.
pub fn courts(conn: &mut DbConn) -> diesel::QueryResult<Vec<(String, String)>> {
    Ok(resolution_orgs::active(conn)?
        .into_iter()
        .filter(|o| o.channel == ChannelType::CourtPreLitigation)
        .map(|o| (o.id, o.name))
        .collect())
}

/// The edit form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CourtForm {
    pub case_number: String,
    pub court_deadline: String,
    pub court_org_id: String,
}

/// Saves the court case number, deadline and court of a court case. A
/// bad field is refused with its catalogue key; nothing is half-stored.
pub fn edit(conn: &mut DbConn, ctx: &ChangeContext<'_>, form: &CourtForm) -> Result<ChangeOutcome<()>, MediationError> {
    let form = form.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::Flags,
        may_edit,
        Box::new(move |conn, case, now| {
            let number = form.case_number.trim().to_owned();
            if number.chars().count() > MAX_CASE_NUMBER {
                return Ok(Err("form.error.too_long"));
            }
            let ids: Vec<String> = courts(conn)?.into_iter().map(|(id, _)| id).collect();
            let input = CourtInput {
                source: Some(case.source),
                deadline: &form.court_deadline,
                court_org_id: &form.court_org_id,
            };
            let today = crate::dates::china_day(now);
            let facts = match court_entrustment::parse(input, today, crate::dates::parse_day, &ids) {
                Ok(Some(facts)) => facts,
                Ok(None) => return Ok(Err("court_entrust.error.not_court_case")),
                Err(errors) => return Ok(Err(errors[0].1)),
            };
            let deadline = facts.deadline.map(crate::dates::day_text).unwrap_or_default();
            store(conn, &case.id, &deadline, facts.court_org_id.as_deref(), now)?;
            let note = format!("{number} · {deadline}");
            let changes = CaseChanges {
                external_ref: Some(number),
                ..Default::default()
            };
            Ok(Ok((changes, note.trim_matches([' ', '·']).to_owned())))
        }),
    )
}

/// Writes the court row (the case row is locked by the edit, so no one
/// else writes it meanwhile).
fn store(conn: &mut DbConn, case_id: &str, deadline: &str, org: Option<&str>, now: i64) -> diesel::QueryResult<()> {
    match court_entrustments::find(conn, case_id)? {
        Some(row) => {
            court_entrustments::update_versioned(conn, case_id, row.version, deadline, org, now)?;
        }
        None => court_entrustments::insert(
            conn,
            &CourtEntrustment {
                case_id: case_id.to_owned(),
                court_deadline: deadline.to_owned(),
                court_org_id: org.map(str::to_owned),
                version: 1,
                updated_at: now,
            },
        )?,
    }
    Ok(())
}
