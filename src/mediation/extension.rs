//! Extending a case's mediation period (issue 11, item 7): every party's
//! consent is checked and stored in the same transaction as the new
//! deadline, through the case change pipeline (`actions::apply`).

use super::access::Viewer;
use super::actions::{ChangeContext, apply, may_edit};
use super::details::{self, FormView};
use super::{ChangeOutcome, MediationError};
use crate::dates::{china_day, day_text};
use crate::db::case_extensions::{self, Extension, ExtensionConsent};
use crate::db::cases::CaseChanges;
use crate::db::{DbConn, case_parties, holidays, new_id};
use crate::domain::extension_consent::{ConsentInput, DateBounds, check_consents};
use crate::domain::legal_period::{Period, end_instant, last_day, last_day_of};
use crate::domain::masking::mask_name;
use crate::domain::mediation::{CaseEventKind, PartyRole};

/// A party as the extension form lists it: name masked, as on the case page.
pub struct FormParty {
    pub id: String,
    pub role: PartyRole,
    pub name: String,
}

/// The case and its parties, for the extension form; 404/403 as the case page.
pub fn form(conn: &mut DbConn, viewer: &Viewer, case_id: &str) -> Result<(FormView, Vec<FormParty>), MediationError> {
    let view = details::form_view(conn, viewer, case_id)?;
    let parties = case_parties::for_case(conn, case_id)?
        .into_iter()
        .map(|p| FormParty {
            id: p.id,
            role: p.party_role,
            name: mask_name(&p.name),
        })
        .collect();
    Ok((view, parties))
}

/// The day a case was registered and today, bounding consent dates.
pub fn date_bounds(registered_at: i64, now: i64) -> DateBounds {
    DateBounds {
        registered: china_day(registered_at),
        today: china_day(now),
    }
}

/// Extends the period by `days` from its current last day, with each
/// party's consent. The form has checked the consents against the parties
/// it showed; they are checked again here against the parties as stored in
/// this transaction, so a party added meanwhile cannot be skipped.
pub fn extend(
    conn: &mut DbConn,
    ctx: &ChangeContext<'_>,
    days: u32,
    rows: Vec<ConsentInput>,
    note: String,
) -> Result<ChangeOutcome<()>, MediationError> {
    let recorded_by = ctx.viewer.id.clone();
    apply(
        conn,
        ctx,
        CaseEventKind::Extension,
        may_edit,
        Box::new(move |conn, case, now| {
            let Some(end) = case.deadline_at else {
                return Ok(Err("case.error.extension_days"));
            };
            let parties: Vec<String> = case_parties::for_case(conn, &case.id)?
                .into_iter()
                .map(|p| p.id)
                .collect();
            let Ok(consents) = check_consents(&parties, &rows, date_bounds(case.created_at, now)) else {
                return Ok(Err("extension.error.consents"));
            };
            // Counted from the current period's last day (Art. 201: that
            // day is not counted again), then the rest-day rule (Art. 203).
            let calendar = holidays::calendar(conn)?;
            let before = last_day_of(end);
            let after = last_day(before, Period::Days(days), &calendar);
            let extension = Extension {
                id: new_id(),
                case_id: case.id.clone(),
                seq: case_extensions::next_seq(conn, &case.id)?,
                days: days as i32,
                last_day_before: day_text(before),
                last_day_after: day_text(after),
                note: note.trim().to_owned(),
                recorded_by,
                created_at: now,
            };
            let rows: Vec<ExtensionConsent> = consents
                .into_iter()
                .map(|c| ExtensionConsent {
                    id: new_id(),
                    extension_id: extension.id.clone(),
                    party_id: c.party_id,
                    method: c.method,
                    consented_on: c.consented_on,
                })
                .collect();
            case_extensions::insert(conn, &extension, &rows)?;
            let changes = CaseChanges {
                extension_days: Some(case.extension_days + days as i32),
                deadline_at: Some(Some(end_instant(after))),
                ..Default::default()
            };
            let note = format!("+{days}d → {} {}", extension.last_day_after, extension.note);
            Ok(Ok((changes, note.trim_end().to_owned())))
        }),
    )
}
