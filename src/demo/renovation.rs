//! Demo renovation content for `seed-demo`: 塔坪小区 (观音桥街道, 塔坪社区)
//! with three buildings of households and a project with the five items of
//! the Taping renovation, plus opinions from several channels. Idempotent.

use crate::db::audit::AuditActor;
use crate::db::opinions::{self, NewOpinion};
use crate::db::projects::{self, NewProject};
use crate::db::{DbConn, DbError, ballots, menu_items, places, write_tx};
use crate::domain::consensus::Choice;
use crate::domain::household_csv;
use crate::domain::place::PlaceKind;
use crate::domain::project_schedule::{OpinionWindow, Schedule, StageTargets};
use crate::domain::renovation::Channel;
use crate::renovation::{RenovationError, Scope};

const ITEMS: [&str; 5] = ["雨棚", "飞线整治", "污水管网", "外立面", "店招"];

/// 3 buildings × 2 entrances × 6 units. 陈国华 owns two flats; three flats
/// of building 3 are still the developer's.
fn demo_csv() -> String {
    const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
    let mut csv = String::from("building,entrance,unit,area_m2,owners\n");
    for b in 1..=3 {
        for e in 1..=2 {
            for u in 1..=6 {
                let unit = format!("{}0{}", (u + 1) / 2, 2 - u % 2);
                let n = (b * 12 + e * 6 + u) as usize;
                let owner = match (b, e, u) {
                    (1, 1, 1) | (2, 1, 1) => "陈国华".to_owned(),
                    (3, 2, 4..=6) => "开发商".to_owned(),
                    _ => format!(
                        "{}{}",
                        SURNAMES[n % 12],
                        ["秀英", "建国", "德明", "桂兰", "志强", "玉梅"][(n / 12) % 6]
                    ),
                };
                let area = 62 + (n * 7) % 30;
                csv.push_str(&format!("{b}栋,{e}单元,{unit},{area}.50,{owner}\n"));
            }
        }
    }
    csv
}

/// Adds the demo compound and project unless the project already exists.
pub fn seed(conn: &mut DbConn) -> Result<(), DbError> {
    let fail = |e: RenovationError| match e {
        RenovationError::Db(e) => e,
        other => DbError::Migration(other.to_string()),
    };
    let Some(street) = places::find_street_by_name(conn, "观音桥街道")? else {
        return Ok(());
    };
    let community = places::ensure(conn, Some(&street.id), PlaceKind::Community, "塔坪社区", None, 0)?;
    let grid = places::ensure(conn, Some(&community), PlaceKind::Grid, "塔坪一网格", None, 0)?;
    let compound = places::ensure(conn, Some(&grid), PlaceKind::Compound, "塔坪小区", None, 0)?;
    // The community office's contact, shown in the portal footer once a
    // resident chooses 塔坪小区 (demo values).
    crate::db::place_contacts::set(
        conn,
        &community,
        "023-6700 0001（演示）",
        "观音桥街道塔坪社区居委会（演示地址）",
        "周一至周六 8:30–12:00，14:00–17:30",
    )?;
    if !projects::for_compound(conn, &compound)?.is_empty() {
        return Ok(());
    }
    let rows = household_csv::parse(&demo_csv()).map_err(|e| DbError::Migration(format!("{e:?}")))?;
    crate::renovation::places::import(conn, &Scope::All, &compound, &rows, &AuditActor::system()).map_err(fail)?;
    write_tx(conn, |conn| add_project(conn, &street.id, &compound))?;
    Ok(())
}

/// Open for opinions from today for the default 17 days of consulting,
/// publicity and voting; the default stage targets.
fn demo_schedule() -> Schedule {
    let today = crate::dates::china_day(crate::db::now_ts());
    let targets = StageTargets::defaults();
    Schedule {
        window: OpinionWindow {
            open_day: Some(today),
            close_day: Some(today + targets.0[..3].iter().sum::<i64>()),
        },
        targets,
    }
}

fn add_project(conn: &mut DbConn, street: &str, compound: &str) -> Result<(), DbError> {
    let new = NewProject {
        street_id: street,
        compound_id: compound,
        population_id: compound,
        title: "塔坪小区“微整形”改造",
        description: "按居民意向，整治飞线、改造污水管网，加装雨棚，清洗外立面，统一店招。",
        created_by: None,
        schedule: demo_schedule(),
    };
    let project = projects::insert(conn, &new)?;
    for name in ITEMS {
        if let Some(menu) = menu_items::find_by_name(conn, name)? {
            projects::add_item(conn, &project, &menu.id, menu.default_rule, "按菜单默认规则", None)?;
        }
    }
    let items: Vec<String> = projects::items(conn, &project)?
        .into_iter()
        .map(|(i, _)| i.id)
        .collect();
    let units =
        crate::renovation::places::population_units(conn, compound).map_err(|e| DbError::Migration(e.to_string()))?;
    let channels = [
        Channel::CourtyardMeeting,
        Channel::PaperForm,
        Channel::GridVisit,
        Channel::Online,
    ];
    for (i, unit) in units.iter().enumerate().take(20) {
        let channel = channels[i % channels.len()];
        // Online answers here carry no code: opinions only.
        let counted = channel != Channel::Online;
        let choice = if i % 5 == 4 { Choice::No } else { Choice::Yes };
        let answers: Vec<_> = items.iter().map(|id| (id.clone(), choice, 2)).collect();
        let token = crate::auth::tokens::random_token();
        let new = NewOpinion {
            project_id: &project,
            unit_id: Some(&unit.unit),
            channel,
            counted,
            free_text: "",
            form_token: &token,
            recorded_by: None,
            meeting_id: None,
            evidence: if counted { "纸质意向表存档" } else { "" },
            contact: Default::default(),
            submitted_by: None,
        };
        let opinion = opinions::insert(conn, &new, &answers)?;
        for (item, choice, _) in answers.iter().filter(|_| counted) {
            let ballot = ballots::NewBallot {
                project_item_id: item,
                unit_id: &unit.unit,
                opinion_id: &opinion,
                choice: *choice,
                channel,
            };
            ballots::append(conn, &ballot)?;
        }
    }
    crate::renovation::headline::refresh(conn, &project)?;
    Ok(())
}
