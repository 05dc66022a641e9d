//! The portal's open consultations (issue 14 item 8, DESIGN.md §11 "projects
//! near me"): projects whose intention form takes answers today, the
//! resident's own compound first, each with its days left and the tally's
//! headline.
//!
//! The headline is read from `project_headlines`, one row per project shown,
//! kept in step with the project page's tally by every write that changes
//! it (`headline`).

use super::RenovationError;
use super::headline;
use crate::db::project_headlines;
use crate::db::projects::{self, Project};
use crate::db::{DbConn, places};
use crate::domain::project_schedule::{WindowState, days_left};
use crate::domain::renovation::Stage;

/// One open consultation as the portal lists it.
#[derive(Debug, Clone)]
pub struct OpenConsultation {
    pub project: Project,
    pub compound: String,
    /// In the resident's chosen compound.
    pub mine: bool,
    /// Whole days before answers close: the opinion window's last day, or
    /// the stage's target when the window has no end; None without either.
    /// 0 means today is the last day.
    pub days_left: Option<i64>,
    /// Owners (in the Art. 278 sense) that answered so far, and all of
    /// them, for the item with the most answers; None without items yet.
    pub headline: Option<(u64, u64)>,
}

/// Days left to answer as of `now` (a timestamp).
fn days_to_answer(project: &Project, now: i64) -> Option<i64> {
    let schedule = project.schedule();
    let today = crate::dates::china_day(now);
    match schedule.window.close_day {
        Some(close) => Some(close - today),
        None => days_left(&schedule.targets, project.stage, project.stage_started_at, now).map(|d| d.max(0)),
    }
}

/// The open consultations, the resident's compound first, then those
/// closing soonest; at most `limit`.
pub fn open_consultations(
    conn: &mut DbConn,
    my_compound: Option<&str>,
    limit: usize,
) -> Result<Vec<OpenConsultation>, RenovationError> {
    let now = crate::db::now_ts();
    let today = crate::dates::china_day(now);
    let open_stages: Vec<&str> = Stage::ALL
        .iter()
        .filter(|s| s.accepts_opinions())
        .map(|s| s.code())
        .collect();
    let mut open: Vec<(bool, Option<i64>, Project)> = projects::in_stages(conn, &open_stages)?
        .into_iter()
        .filter(|p| p.schedule().window.state(today) == WindowState::Open)
        .map(|p| (my_compound == Some(p.compound_id.as_str()), days_to_answer(&p, now), p))
        .collect();
    // Mine first; then the soonest to close (no end last); the sort is
    // stable, so ties keep newest first.
    open.sort_by_key(|(mine, days, _)| (!mine, days.unwrap_or(i64::MAX)));
    open.truncate(limit);
    let mut out = Vec::with_capacity(open.len());
    for (mine, days_left, project) in open {
        let compound = places::find(conn, &project.compound_id)?
            .map(|c| c.name)
            .unwrap_or_default();
        let headline = project_headlines::find(conn, &project.id)?.and_then(headline::shown);
        out.push(OpenConsultation {
            project,
            compound,
            mine,
            days_left,
            headline,
        });
    }
    Ok(out)
}
