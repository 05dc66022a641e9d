//! The parties a receiving organisation sees on a referral it accepted
//! (`domain::resolution::referral::shares_parties`): role, name and phone,
//! masked unless its user asks to see them in full, which is audited in
//! the same transaction that reads them.

use crate::db::{self, DbConn, case_parties};
use crate::domain::mediation::PartyRole;
use crate::domain::resolution::ReferralState;
use crate::domain::resolution::referral::shares_parties;
use crate::reveal::Reveal;

pub struct PartyLine {
    pub role: PartyRole,
    pub name: String,
    pub phone: String,
}

/// The parties of `case_id` for the organisation holding `referral_id` in
/// `state`; `None` when the organisation may not see them now.
pub fn for_org(
    conn: &mut DbConn,
    referral_id: &str,
    case_id: &str,
    state: ReferralState,
    reveal: Reveal<'_>,
) -> diesel::QueryResult<Option<Vec<PartyLine>>> {
    if !shares_parties(state) {
        return Ok(None);
    }
    let load = |conn: &mut DbConn| -> diesel::QueryResult<Vec<PartyLine>> {
        reveal.audit(conn, "referral.contact_view", ("referral", referral_id), "")?;
        Ok(case_parties::for_case(conn, case_id)?
            .into_iter()
            .map(|p| PartyLine {
                role: p.party_role,
                name: reveal.name(&p.name),
                phone: reveal.phone(&p.phone),
            })
            .collect())
    };
    let lines = if reveal.is_unmasked() {
        db::write_tx(conn, load)?
    } else {
        load(conn)?
    };
    Ok(Some(lines))
}
