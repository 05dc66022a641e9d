//! The graduation criteria as a table: each criterion, its current value,
//! its target and whether it is met (DESIGN.md §6: "the mentee's page shows
//! progress against each criterion").

use crate::db::mentorship::Settings;
use crate::db::{DbConn, DbError, mentorship as store, mentorship_counts};
use crate::domain::mentorship::{Criterion, Record, evaluate, tenths_text};
use crate::web::context::PageCtx;

pub struct CriterionRow {
    pub code: &'static str,
    pub label: String,
    pub value: String,
    pub target: String,
    pub met: bool,
}

/// `part / whole` as a percentage with one decimal, in integers.
fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    let per_mille = part * 1000 / whole;
    format!("{part}/{whole} ({}.{}%)", per_mille / 10, per_mille % 10)
}

fn value_and_target(ctx: &PageCtx, s: &Settings, r: &Record, c: Criterion) -> (String, String) {
    let k = &s.criteria;
    match c {
        Criterion::CasesClosed => (r.cases_closed.to_string(), format!("≥ {}", k.min_cases)),
        Criterion::SuccessRate => (
            percent(r.successes, r.cases_closed),
            format!("≥ {}%", k.min_success_pct),
        ),
        Criterion::OralShare => (
            percent(r.oral_agreements, r.successes),
            format!("≤ {}%", k.max_oral_pct),
        ),
        Criterion::TrainingHours => (
            tenths_text(r.training_tenths),
            format!("≥ {}", tenths_text(k.min_training_tenths)),
        ),
        Criterion::NoCriminalEscalation => (r.criminal_incidents.to_string(), "0".to_owned()),
        Criterion::MentorRecommendation => {
            let said = if r.recommended {
                "mentoring.answer_yes"
            } else {
                "mentoring.answer_no"
            };
            (ctx.t(said), ctx.t("mentoring.answer_yes"))
        }
    }
}

pub fn rows(ctx: &PageCtx, settings: &Settings, record: &Record) -> Vec<CriterionRow> {
    evaluate(&settings.criteria, record)
        .into_iter()
        .map(|(c, met)| {
            let (value, target) = value_and_target(ctx, settings, record, c);
            CriterionRow {
                code: c.code(),
                label: ctx.label(&c),
                value,
                target,
                met,
            }
        })
        .collect()
}

/// The facts of one mediator, with the recommendation read from whether
/// their active pairing has a graduation proposal.
pub fn record_of(conn: &mut DbConn, mediator_id: &str) -> Result<Record, DbError> {
    let recommended = match store::active_of_mentee(conn, mediator_id)? {
        Some(p) => store::graduation_of(conn, &p.id)?.is_some(),
        None => false,
    };
    Ok(mentorship_counts::record(conn, mediator_id, recommended)?)
}

/// The names of unmet criteria, for a refusal message.
pub fn unmet_labels(ctx: &PageCtx, unmet: &[Criterion]) -> Vec<String> {
    unmet.iter().map(|c| ctx.label(c)).collect()
}
