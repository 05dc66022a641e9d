//! The renovation figures (微整形, DESIGN.md §7): projects by stage,
//! opinions by channel, by menu class and by compound, and the consensus
//! status of every open vote, for a street or the district.
//!
//! These are grouped queries, not counters: projects are a few hundred per
//! district and their opinions a few hundred each, read through the
//! projects' indexes. Open votes are few at any time (a vote lasts weeks and
//! a district runs a handful); at most [`MAX_OPEN_VOTES`] are assessed, each
//! with `domain::consensus` on its current tallies, the same arithmetic as
//! the public tally.

use crate::db::{DbConn, places, renovation_counts};
use crate::domain::consensus::Choice;
use crate::domain::renovation::{Channel, MenuClass, Stage};
use crate::domain::statistics::figures;
use crate::renovation::RenovationError;
use crate::renovation::projects::{ItemTally, tallies};

use super::dashboard::StatsFilter;

/// The compounds listed by name; the rest are summed as "other".
pub const TOP_COMPOUNDS: usize = 20;
/// Open votes assessed on the dashboard (the oldest first).
pub const MAX_OPEN_VOTES: i64 = 50;

/// Answers on the intention forms for one menu class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassAnswers {
    pub want: i64,
    pub dont_want: i64,
    pub abstain: i64,
}

/// A project in its voting stage, with each item's live tally.
#[derive(Debug, Clone)]
pub struct OpenVote {
    pub project_id: String,
    pub title: String,
    pub compound: String,
    pub items: Vec<ItemTally>,
}

#[derive(Debug, Clone)]
pub struct Renovation {
    /// Every stage in order, with the projects now in it.
    pub stages: Vec<(Stage, i64)>,
    /// Every channel, with the opinions received in the filter's months.
    pub channels: Vec<(Channel, i64)>,
    /// Every menu class, with the answers it received in those months.
    pub classes: Vec<(MenuClass, ClassAnswers)>,
    /// The compounds with most opinions, most first.
    pub compounds: CompoundCounts,
    /// Opinions on the projects of every compound not listed.
    pub other_compounds: i64,
    pub open_votes: Vec<OpenVote>,
}

fn count(rows: &[(String, i64)], code: &str) -> i64 {
    rows.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n)
}

fn classes(rows: &[(String, String, i64)]) -> Vec<(MenuClass, ClassAnswers)> {
    MenuClass::ALL
        .iter()
        .map(|class| {
            let mut a = ClassAnswers::default();
            for (_, choice, n) in rows.iter().filter(|(c, _, _)| c == class.code()) {
                match Choice::parse(choice) {
                    Some(Choice::Yes) => a.want += n,
                    Some(Choice::No) => a.dont_want += n,
                    Some(Choice::Abstain) => a.abstain += n,
                    None => {}
                }
            }
            (*class, a)
        })
        .collect()
}

/// (compound id, name, opinions) of the listed compounds.
type CompoundCounts = Vec<(String, String, i64)>;

/// The top compounds (ties by id) with their names, and the rest's sum.
fn compounds(conn: &mut DbConn, mut rows: Vec<(String, i64)>) -> Result<(CompoundCounts, i64), RenovationError> {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rest = rows.iter().skip(TOP_COMPOUNDS).map(|(_, n)| n).sum();
    rows.truncate(TOP_COMPOUNDS);
    let mut out = Vec::with_capacity(rows.len());
    for (id, n) in rows {
        let name = places::find(conn, &id)?.map(|p| p.name).unwrap_or_default();
        out.push((id, name, n));
    }
    Ok((out, rest))
}

fn open_votes(conn: &mut DbConn, street: Option<&str>) -> Result<Vec<OpenVote>, RenovationError> {
    let mut out = Vec::new();
    for project in renovation_counts::voting_projects(conn, street, MAX_OPEN_VOTES)? {
        let compound = places::find(conn, &project.compound_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        out.push(OpenVote {
            items: tallies(conn, &project)?,
            project_id: project.id,
            title: project.title,
            compound,
        });
    }
    Ok(out)
}

pub fn load(conn: &mut DbConn, filter: &StatsFilter) -> Result<Renovation, RenovationError> {
    let street = filter.street_id.as_deref();
    let stages = renovation_counts::projects_by_stage(conn, street)?;
    let from = crate::dates::month_start(filter.from);
    let to = crate::dates::month_start(figures::next_month(filter.to));
    let channels = renovation_counts::opinions_by_channel(conn, street, from, to)?;
    let answers = renovation_counts::answers_by_class(conn, street, from, to)?;
    let by_compound = renovation_counts::opinions_by_compound(conn, street, from, to)?;
    let (compounds, other_compounds) = compounds(conn, by_compound)?;
    Ok(Renovation {
        stages: Stage::ALL.iter().map(|s| (*s, count(&stages, s.code()))).collect(),
        channels: Channel::ALL.iter().map(|c| (*c, count(&channels, c.code()))).collect(),
        classes: classes(&answers),
        compounds,
        other_compounds,
        open_votes: open_votes(conn, street)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_split_by_class_and_choice_and_unknown_codes_ignored() {
        let rows = vec![
            ("basic".to_owned(), "yes".to_owned(), 3),
            ("basic".to_owned(), "no".to_owned(), 1),
            ("upgrade".to_owned(), "abstain".to_owned(), 2),
            ("upgrade".to_owned(), "maybe".to_owned(), 9),
            ("unknown".to_owned(), "yes".to_owned(), 5),
        ];
        let got = classes(&rows);
        assert_eq!(got.len(), MenuClass::ALL.len());
        let of = |c: MenuClass| got.iter().find(|(k, _)| *k == c).map(|(_, a)| *a).unwrap();
        assert_eq!(
            of(MenuClass::Basic),
            ClassAnswers {
                want: 3,
                dont_want: 1,
                abstain: 0
            }
        );
        assert_eq!(of(MenuClass::Improvement), ClassAnswers::default());
        assert_eq!(
            of(MenuClass::Upgrade),
            ClassAnswers {
                want: 0,
                dont_want: 0,
                abstain: 2
            }
        );
    }
}
