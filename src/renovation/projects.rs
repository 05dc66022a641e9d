//! Renovation projects: creation, menu items with their rule, stage moves,
//! and the live per-item tally from the ballot log.

use super::places::population_units;
use super::{RenovationError, Scope, scoped_place};
use crate::db::audit::{self, AuditActor};
use crate::db::menu_items;
use crate::db::opinions::{self, Opinion};
use crate::db::places::{self, Place};
use crate::db::projects::{self, ItemTerms, NewProject, Project, ProjectItem};
use crate::db::{DbConn, ballot_anchors, ballots, write_tx};
use crate::domain::consensus::{self, Ballot, Choice, DecisionRule, Tally, Unit};
use crate::domain::place::PlaceKind;
use crate::domain::project_schedule::ScheduleForm;
use crate::domain::renovation::{self, MAX_DESCRIPTION_CHARS, MAX_REASON_CHARS, MAX_TITLE_CHARS, Stage};

/// The project form as posted.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ProjectForm {
    #[serde(default)]
    pub compound_id: String,
    #[serde(default)]
    pub population_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The opinion window and stage targets (all text fields).
    #[serde(flatten)]
    pub schedule: ScheduleForm,
}

pub type FieldProblems = Vec<(&'static str, &'static str)>;

/// Creates a project; Err(problems) names the fields to correct.
pub fn create(
    conn: &mut DbConn,
    scope: &Scope,
    form: &ProjectForm,
    actor: &AuditActor,
) -> Result<Result<String, FieldProblems>, RenovationError> {
    let mut problems = Vec::new();
    let title = renovation::required_text(&form.title, MAX_TITLE_CHARS)
        .map_err(|k| problems.push(("title", k)))
        .ok();
    let description = renovation::required_text(&form.description, MAX_DESCRIPTION_CHARS)
        .map_err(|k| problems.push(("description", k)))
        .ok();
    let compound = match scoped_place(conn, scope, &form.compound_id) {
        Ok(p) if p.kind == PlaceKind::Compound => Some(p),
        Err(e @ (RenovationError::Db(_) | RenovationError::Forbidden)) => return Err(e),
        _ => {
            problems.push(("compound_id", "form.error.choose"));
            None
        }
    };
    let schedule = form
        .schedule
        .parse(crate::dates::parse_day)
        .map_err(|errors| problems.extend(errors))
        .ok();
    let population = match &compound {
        Some(c) => valid_population(conn, c, &form.population_id)?,
        None => None,
    };
    if compound.is_some() && population.is_none() {
        problems.push(("population_id", "form.error.choose"));
    }
    let (Some(title), Some(description), Some(compound), Some(population), Some(schedule)) =
        (title, description, compound, population, schedule)
    else {
        return Ok(Err(problems));
    };
    let street = places::street_of(conn, &compound.id)?.ok_or(RenovationError::NotFound)?;
    let id = write_tx(conn, |conn| {
        let new = NewProject {
            street_id: &street,
            compound_id: &compound.id,
            population_id: &population,
            title: &title,
            description: &description,
            created_by: actor.user_id.as_deref(),
            schedule,
        };
        let id = projects::insert(conn, &new)?;
        audit::record(conn, actor, "project.create", Some(("project", &id)), "")?;
        // Its headline row from the start ("being prepared" until items come).
        super::headline::refresh(conn, &id)?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(Ok(id))
}

/// The compound itself or one of its buildings or entrances; "" means the compound.
fn valid_population(conn: &mut DbConn, compound: &Place, id: &str) -> Result<Option<String>, RenovationError> {
    if id.is_empty() || id == compound.id {
        return Ok(Some(compound.id.clone()));
    }
    let lineage = places::lineage(conn, id)?;
    let inside = lineage.iter().any(|p| p.id == compound.id);
    let ok = inside && lineage.first().is_some_and(|p| p.kind.is_population());
    Ok(ok.then(|| id.to_owned()))
}

/// The compound's possible deciding populations: itself, buildings, entrances.
pub fn population_choices(conn: &mut DbConn, compound: &Place) -> diesel::QueryResult<Vec<Place>> {
    let mut out = vec![compound.clone()];
    for building in places::children(conn, &compound.id)? {
        let entrances = places::children(conn, &building.id)?;
        out.push(building);
        out.extend(entrances);
    }
    Ok(out)
}

/// A project within scope.
pub fn scoped(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<Project, RenovationError> {
    let project = projects::find(conn, id)?.ok_or(RenovationError::NotFound)?;
    if scope.allows_street(Some(&project.street_id)) {
        Ok(project)
    } else {
        Err(RenovationError::Forbidden)
    }
}

/// Changes the opinion window and stage targets. Ok(Ok(false)): someone
/// else changed the project first.
pub fn set_schedule(
    conn: &mut DbConn,
    scope: &Scope,
    id: &str,
    version: i32,
    form: &ScheduleForm,
    actor: &AuditActor,
) -> Result<Result<bool, FieldProblems>, RenovationError> {
    let project = scoped(conn, scope, id)?;
    let schedule = match form.parse(crate::dates::parse_day) {
        Ok(s) => s,
        Err(problems) => return Ok(Err(problems)),
    };
    let changed = write_tx(conn, |conn| {
        if !projects::set_schedule(conn, &project.id, version, &schedule)? {
            return Ok(false);
        }
        audit::record(conn, actor, "project.schedule", Some(("project", &project.id)), "")?;
        Ok::<_, RenovationError>(true)
    })?;
    Ok(Ok(changed))
}

/// An opinion's contact details, unmasked for staff of the project's area;
/// the view itself is audited, as for letters.
pub fn reveal_opinion_contact(
    conn: &mut DbConn,
    scope: &Scope,
    project_id: &str,
    opinion_id: &str,
    actor: &AuditActor,
) -> Result<Opinion, RenovationError> {
    let project = scoped(conn, scope, project_id)?;
    write_tx(conn, |conn| {
        let opinion = opinions::find(conn, opinion_id)?
            .filter(|o| o.project_id == project.id)
            .ok_or(RenovationError::NotFound)?;
        audit::record(conn, actor, "opinion.contact_view", Some(("opinion", &opinion.id)), "")?;
        Ok(opinion)
    })
}

/// A menu item to add, as posted. `subject` ("building/entrance/unit") names
/// the unit an Art. 279 unanimity item is about.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub menu_item_id: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub subject: String,
}

/// Adds a menu item with its rule and the reason for it; Err(problems) on bad input.
pub fn add_item(
    conn: &mut DbConn,
    scope: &Scope,
    project_id: &str,
    form: &ItemForm,
    actor: &AuditActor,
) -> Result<Result<(), FieldProblems>, RenovationError> {
    let (menu_item_id, rule) = (form.menu_item_id.as_str(), form.rule.as_str());
    let project = scoped(conn, scope, project_id)?;
    let mut problems = Vec::new();
    // A retired item is no longer offered to new projects.
    let menu = menu_items::find(conn, menu_item_id)?.filter(|m| m.retired_at.is_none());
    let taken = projects::items(conn, &project.id)?
        .iter()
        .any(|(i, _)| i.menu_item_id == menu_item_id);
    if menu.is_none() || taken {
        problems.push((
            "menu_item_id",
            if taken {
                "project.err_item_taken"
            } else {
                "form.error.choose"
            },
        ));
    }
    let parsed_rule = DecisionRule::parse(rule);
    if parsed_rule.is_none() {
        problems.push(("rule", "form.error.choose"));
    }
    let reason = renovation::required_text(&form.reason, MAX_REASON_CHARS)
        .map_err(|k| problems.push(("reason", k)))
        .unwrap_or_default();
    let subject = match parsed_rule {
        Some(DecisionRule::Unanimity) => {
            let found = subject_unit(conn, &project.compound_id, &form.subject)?;
            if found.is_none() {
                problems.push(("subject", "project.err_subject"));
            }
            found
        }
        _ => None,
    };
    let (Some(rule), true) = (parsed_rule, problems.is_empty()) else {
        return Ok(Err(problems));
    };
    let added = write_tx(conn, |conn| {
        if !projects::add_item(conn, &project.id, menu_item_id, rule, &reason, subject.as_deref())? {
            // Retired (or removed) since it was checked above.
            return Ok(false);
        }
        let detail = format!("menu={menu_item_id} rule={rule}");
        audit::record(conn, actor, "project.add_item", Some(("project", &project.id)), &detail)?;
        // A new item is counted over its own population: the headline may move.
        super::headline::refresh(conn, &project.id)?;
        Ok::<_, diesel::result::Error>(true)
    })?;
    if !added {
        return Ok(Err(vec![("menu_item_id", "form.error.choose")]));
    }
    Ok(Ok(()))
}

/// The unit named "building/entrance/unit" in the compound.
fn subject_unit(conn: &mut DbConn, compound_id: &str, text: &str) -> diesel::QueryResult<Option<String>> {
    let parts: Vec<&str> = text.split(['/', '／']).map(str::trim).collect();
    let [building, entrance, unit] = parts[..] else {
        return Ok(None);
    };
    crate::renovation::places::find_unit(conn, compound_id, building, entrance, unit)
}

/// Art. 279 (DESIGN.md §4.3): the interested owners of a change of use are by
/// default all other owners in the subject unit's building.
fn interested_units(conn: &mut DbConn, subject: &str) -> Result<Vec<Unit>, RenovationError> {
    let lineage = places::lineage(conn, subject)?;
    let Some(building) = lineage.get(2).filter(|p| p.kind == PlaceKind::Building) else {
        return Ok(Vec::new());
    };
    let units = population_units(conn, &building.id)?;
    let holder = units.iter().find(|u| u.unit == subject).map(|u| u.holder.clone());
    Ok(units
        .into_iter()
        .filter(|u| Some(&u.holder) != holder.as_ref())
        .collect())
}

/// Moves the project to its next stage. Ok(false): someone else moved it
/// first, or it is already at the last stage.
pub fn advance(
    conn: &mut DbConn,
    scope: &Scope,
    id: &str,
    version: i32,
    actor: &AuditActor,
) -> Result<bool, RenovationError> {
    let project = scoped(conn, scope, id)?;
    let Some(next) = project.stage.next() else {
        return Ok(false);
    };
    write_tx(conn, |conn| {
        if !projects::set_stage(conn, &project.id, version, next)? {
            return Ok(false);
        }
        let mut detail = format!("{}->{}", project.stage, next.code());
        // Voting closes: publish the ballot chain's head in the same
        // transaction, so the result notice and the project page carry the
        // anchor that later reveals a removed tail (DESIGN.md §4.3).
        if project.stage == Stage::Voting {
            let anchor = ballot_anchors::publish(conn, &project.id, actor.user_id.as_deref())?;
            detail.push_str(&format!(" anchor={}:{}", anchor.head_seq, anchor.head_hash));
        }
        audit::record(conn, actor, "project.stage", Some(("project", &project.id)), &detail)?;
        Ok::<_, RenovationError>(true)
    })
}

/// One item of a project with its live tally.
#[derive(Debug, Clone)]
pub struct ItemTally {
    pub item: ProjectItem,
    /// The terms residents were shown (`db::projects::ItemTerms`).
    pub menu: ItemTerms,
    pub tally: Tally,
}

/// Every item with its live tally over the project's deciding population.
pub fn tallies(conn: &mut DbConn, project: &Project) -> Result<Vec<ItemTally>, RenovationError> {
    tallies_up_to(conn, project, None)
}

/// Every item's tally counting only ballots up to `last_seq` of the log:
/// the result as it stood when an anchor was published (None: all).
pub fn tallies_up_to(
    conn: &mut DbConn,
    project: &Project,
    last_seq: Option<i64>,
) -> Result<Vec<ItemTally>, RenovationError> {
    let units = population_units(conn, &project.population_id)?;
    let mut out = Vec::new();
    for (item, menu) in projects::items(conn, &project.id)? {
        let rule = item.rule;
        let interested = match (&item.subject_unit_id, rule) {
            (Some(subject), DecisionRule::Unanimity) => Some(interested_units(conn, subject)?),
            _ => None,
        };
        let ballots: Vec<Ballot> = ballots::for_item(conn, &item.id)?
            .into_iter()
            .filter(|b| last_seq.is_none_or(|last| b.seq <= last))
            .filter_map(|b| {
                Some(Ballot {
                    unit: b.unit_id,
                    seq: u64::try_from(b.seq).ok()?,
                    choice: Choice::parse(&b.choice)?,
                })
            })
            .collect();
        let tally = consensus::tally(rule, interested.as_deref().unwrap_or(&units), &ballots);
        out.push(ItemTally { item, menu, tally });
    }
    Ok(out)
}

/// The project's opinions, newest first, each with its unit's "building
/// entrance unit" label: the history staff see per household.
pub fn opinion_history(conn: &mut DbConn, project_id: &str) -> Result<Vec<(Opinion, String)>, RenovationError> {
    let mut out = Vec::new();
    for opinion in opinions::list_for_project(conn, project_id)? {
        let label = match &opinion.unit_id {
            Some(unit) => {
                let lineage = places::lineage(conn, unit)?;
                let names: Vec<&str> = lineage.iter().take(3).rev().map(|p| p.name.as_str()).collect();
                names.join(" ")
            }
            None => String::new(),
        };
        out.push((opinion, label));
    }
    Ok(out)
}
