//! The `referral_events` table: a referral's timeline. Rows are only inserted.

use diesel::prelude::*;

use super::schema::referral_events;
use super::{DbConn, new_id};
use crate::domain::resolution::{ReferralEventKind, ReferralState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referral_events)]
pub struct ReferralEvent {
    pub id: String,
    pub referral_id: String,
    pub kind: ReferralEventKind,
    pub from_state: Option<ReferralState>,
    pub to_state: ReferralState,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub at: i64,
    /// Internal: evidence, reasons, escalation notes. Never shown on `/track`.
    pub note: String,
}

impl ReferralEvent {
    pub fn new(referral_id: &str, kind: ReferralEventKind, to_state: ReferralState, at: i64, note: &str) -> Self {
        ReferralEvent {
            id: new_id(),
            referral_id: referral_id.to_owned(),
            kind,
            from_state: None,
            to_state,
            actor_id: None,
            actor_label: String::new(),
            at,
            note: note.to_owned(),
        }
    }
}

pub fn append(conn: &mut DbConn, event: &ReferralEvent) -> QueryResult<()> {
    diesel::insert_into(referral_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// A referral's timeline, oldest first (ids are time-ordered).
pub fn for_referral(conn: &mut DbConn, referral_id: &str) -> QueryResult<Vec<ReferralEvent>> {
    referral_events::table
        .filter(referral_events::referral_id.eq(referral_id))
        .order(referral_events::id.asc())
        .select(ReferralEvent::as_select())
        .load(conn)
}
