//! Case files archived longer than their 保管期限 (the period the filing
//! mediator wrote on the archive step). The case row stays with every
//! figure the statistics count (state, type, dates, amounts, places, the
//! number of parties); what identifies a person goes: the parties' names
//! become 当事人1, 当事人2 …, their numbers and addresses are cleared, the
//! records', follow-ups' and agreements' texts are cleared, and the proofs
//! are deleted with their files.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::Batch;
use crate::db::schema::{agreement_terms, agreements, case_follow_ups, case_parties, case_proofs, case_records, cases};
use crate::db::{DbConn, DbError, now_ts};
use crate::domain::mediation_workflow::CaseState;
use crate::domain::retention::{ArchivePeriod, RetentionPolicy};
use crate::uploads::Folder;

/// The distinct periods written on archived, unpurged files: a handful of
/// texts (永久, 长期, 10 年 …) however many files there are.
fn periods(conn: &mut DbConn) -> Result<Vec<(String, i64)>, DbError> {
    Ok(cases::table
        .filter(cases::state.eq(CaseState::Archived.code()))
        .filter(cases::personal_data_purged_at.is_null())
        .group_by(cases::archive_retention)
        .select((cases::archive_retention, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Archived, unpurged files kept for `period` that were archived before `cutoff`.
macro_rules! due_files {
    ($period:expr, $cutoff:expr) => {
        cases::table
            .filter(cases::state.eq(CaseState::Archived.code()))
            .filter(cases::personal_data_purged_at.is_null())
            .filter(cases::archive_retention.eq($period))
            .filter(cases::state_entered_at.lt($cutoff))
    };
}

/// Files due, their proofs, and the files kept because their period
/// cannot be read.
pub(super) fn due(conn: &mut DbConn, policy: &RetentionPolicy, now: i64) -> Result<(u64, u64, u64), DbError> {
    let (mut records, mut files, mut unreadable) = (0, 0, 0);
    for (text, n) in periods(conn)? {
        let period = ArchivePeriod::read(&text);
        if period == ArchivePeriod::Unreadable {
            unreadable += n as u64;
        }
        let Some(cutoff) = policy.case_cutoff(period, now) else {
            continue;
        };
        let r: i64 = due_files!(&text, cutoff).count().get_result(conn)?;
        let f: i64 = case_proofs::table
            .filter(case_proofs::case_id.eq_any(due_files!(&text, cutoff).select(cases::id)))
            .count()
            .get_result(conn)?;
        records += r as u64;
        files += f as u64;
    }
    Ok((records, files, unreadable))
}

pub(super) fn purge(conn: &mut DbConn, policy: &RetentionPolicy, now: i64, limit: i64) -> Result<Batch, DbError> {
    for (text, _) in periods(conn)? {
        let Some(cutoff) = policy.case_cutoff(ArchivePeriod::read(&text), now) else {
            continue;
        };
        let ids: Vec<String> = due_files!(&text, cutoff)
            .select(cases::id)
            .order(cases::id)
            .limit(limit)
            .load(conn)?;
        if !ids.is_empty() {
            return anonymise(conn, &ids);
        }
    }
    Ok(Batch::default())
}

fn anonymise(conn: &mut DbConn, ids: &[String]) -> Result<Batch, DbError> {
    // Claim the files first, conditionally: a concurrent purge that got
    // here first leaves nothing to claim, and this batch then does nothing.
    let records = diesel::update(
        cases::table
            .filter(cases::id.eq_any(ids))
            .filter(cases::personal_data_purged_at.is_null()),
    )
    .set((
        cases::personal_data_purged_at.eq(now_ts()),
        cases::summary.eq(""),
        cases::requests.eq(""),
        cases::place_detail.eq(""),
        cases::police_report.eq(""),
        cases::outcome_note.eq(""),
        cases::hold_reason.eq(""),
        cases::external_ref.eq(""),
    ))
    .execute(conn)?;
    if records == 0 {
        return Ok(Batch::default());
    }
    clear_parties(conn, ids)?;
    clear_texts(conn, ids)?;
    let proofs: Vec<String> = case_proofs::table
        .filter(case_proofs::case_id.eq_any(ids))
        .select(case_proofs::stored_name)
        .load(conn)?;
    diesel::delete(case_proofs::table.filter(case_proofs::case_id.eq_any(ids))).execute(conn)?;
    Ok(Batch {
        records: records as u64,
        files: proofs.into_iter().map(|name| (Folder::Proofs, name)).collect(),
    })
}

fn clear_parties(conn: &mut DbConn, ids: &[String]) -> Result<(), DbError> {
    diesel::update(case_parties::table.filter(case_parties::case_id.eq_any(ids)))
        .set((
            case_parties::name.eq(sql::<Text>("'当事人' || CAST(sort_order + 1 AS TEXT)")),
            case_parties::sex.eq(""),
            case_parties::age.eq(None::<i32>),
            case_parties::occupation.eq(""),
            case_parties::phone.eq(""),
            case_parties::address.eq(""),
            case_parties::agent.eq(""),
            case_parties::agent_phone.eq(""),
            case_parties::agent_relation.eq(""),
            case_parties::id_number_enc.eq(""),
        ))
        .execute(conn)?;
    Ok(())
}

fn clear_texts(conn: &mut DbConn, ids: &[String]) -> Result<(), DbError> {
    diesel::update(case_records::table.filter(case_records::case_id.eq_any(ids)))
        .set((
            case_records::place.eq(""),
            case_records::persons.eq(""),
            case_records::content.eq(""),
            case_records::result.eq(""),
        ))
        .execute(conn)?;
    diesel::update(case_follow_ups::table.filter(case_follow_ups::case_id.eq_any(ids)))
        .set((
            case_follow_ups::visitor.eq(""),
            case_follow_ups::remaining_risk.eq(""),
            case_follow_ups::measures.eq(""),
        ))
        .execute(conn)?;
    let agreement_ids = agreements::table
        .filter(agreements::case_id.eq_any(ids))
        .select(agreements::id);
    diesel::update(agreement_terms::table.filter(agreement_terms::agreement_id.eq_any(agreement_ids)))
        .set((agreement_terms::content.eq(""), agreement_terms::place.eq("")))
        .execute(conn)?;
    diesel::update(agreements::table.filter(agreements::case_id.eq_any(ids)))
        .set((
            agreements::facts.eq(""),
            agreements::responsibilities.eq(""),
            agreements::terms.eq(""),
        ))
        .execute(conn)?;
    Ok(())
}
