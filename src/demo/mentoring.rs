//! 老马带小马 demo: the 五里店老马工作室 with two 老马 and five 小马 in
//! pairings at different stages — new (nothing done yet), mid-way (half the
//! plan, some hours) and late (the whole plan, more than 44 hours and 22 closed cases: ready to
//! graduate once their mentor recommends them) — plus a
//! 小马工作站, profiles and training hours. Built through the same use cases
//! as the pages; does nothing once a studio exists.

use crate::db::audit::AuditActor;
use crate::db::mentorship::{self as store, Profile, Studio, TrainingEntry};
use crate::db::{DbConn, DbError, new_id, now_ts, places, users};
use crate::domain::mediation::DisputeType;
use crate::domain::mentorship::{StudioKind, TrainingCategory};
use crate::domain::place::PlaceKind;
use crate::mentorship::{self, NewPairing};

const PLAN: [&str; 4] = [
    "旁听老马调解三次并写心得",
    "独立制作一份规范的调解笔录",
    "在老马陪同下主持一次调解",
    "起草一份书面调解协议",
];

#[derive(Clone, Copy)]
enum Stage {
    New,
    MidWay,
    Late,
}

/// (mentor, mentee, stage). demo-laoma keeps mentoring demo-xiaoma.
const PAIRINGS: [(&str, &str, Stage); 5] = [
    ("demo-laoma", "demo-xiaoma", Stage::MidWay),
    ("demo-laoma", "demo-xiaoma2", Stage::New),
    ("demo-laoma", "demo-xiaoma5", Stage::New),
    ("demo-laoma2", "demo-xiaoma3", Stage::Late),
    ("demo-laoma2", "demo-xiaoma4", Stage::MidWay),
];

fn not_found() -> DbError {
    DbError::Query(diesel::result::Error::NotFound)
}

fn studio(conn: &mut DbConn, name: &str, kind: StudioKind, place: &str, admin: &str) -> Result<String, DbError> {
    let row = Studio {
        id: new_id(),
        name: name.into(),
        kind,
        place_id: place.into(),
        created_by: admin.into(),
        created_at: now_ts(),
    };
    store::insert_studio(conn, &row)?;
    Ok(row.id)
}

fn profile(conn: &mut DbConn, user: &str, studio: &str, community: &str, intro: &str) -> Result<(), DbError> {
    let row = Profile {
        user_id: user.into(),
        studio_id: Some(studio.into()),
        community_id: Some(community.into()),
        introduction: intro.into(),
        updated_at: now_ts(),
    };
    store::save_profile(conn, &row)?;
    store::set_specialties(conn, user, &[DisputeType::Neighbour, DisputeType::MarriageFamily])?;
    Ok(())
}

/// Hours by stage, in tenths: (category, topic, tenths).
fn hours(stage: Stage) -> Vec<(TrainingCategory, &'static str, i32)> {
    let induction = (TrainingCategory::Induction, "人民调解法与调解程序", 80);
    let specialised = (TrainingCategory::Specialised, "婚姻家庭纠纷调解技巧", 120);
    match stage {
        Stage::New => vec![induction],
        Stage::MidWay => vec![induction, specialised],
        Stage::Late => vec![
            induction,
            (TrainingCategory::Induction, "调解文书制作", 80),
            specialised,
            (TrainingCategory::Specialised, "物业纠纷调解", 60),
            (TrainingCategory::Annual, "年度人民调解员轮训", 120),
        ],
    }
}

fn pair(conn: &mut DbConn, mentor: &str, mentee: &str, stage: Stage, admin: &str) -> Result<(), DbError> {
    let actor = AuditActor::system();
    let (mentor, mentee) = (id_of(conn, mentor)?, id_of(conn, mentee)?);
    let new = NewPairing {
        mentor_id: mentor.clone(),
        mentee_id: mentee.clone(),
        program: "2026 年度老马带小马".into(),
        starts_on: "2026-03-01".into(),
        ends_on: "2027-02-28".into(),
        items: PLAN.iter().map(|s| s.to_string()).collect(),
        created_by: admin.into(),
    };
    let id = mentorship::pair(conn, new, &actor)?.map_err(|_| not_found())?;
    let done = match stage {
        Stage::New => 0,
        Stage::MidWay => 2,
        Stage::Late => PLAN.len(),
    };
    for position in 1..=done {
        let day = format!("2026-{:02}-15", 3 + position);
        mentorship::tick(conn, &id, position as i32, &day, "完成得好，注意倾听双方", &actor)?;
    }
    for (i, (category, topic, tenths)) in hours(stage).into_iter().enumerate() {
        let row = TrainingEntry {
            id: new_id(),
            mediator_id: mentee.clone(),
            category,
            day: format!("2026-{:02}-10", 3 + i),
            topic: topic.into(),
            tenths,
            entered_by: mentor.clone(),
            created_at: now_ts(),
        };
        mentorship::add_training(conn, &row, &actor)?;
    }
    Ok(())
}

fn id_of(conn: &mut DbConn, username: &str) -> Result<String, DbError> {
    Ok(users::find_by_username(conn, username)?.ok_or_else(not_found)?.id)
}

pub fn seed(conn: &mut DbConn) -> Result<(), DbError> {
    if !store::all_studios(conn)?.is_empty() {
        return Ok(());
    }
    let admin = id_of(conn, "demo-admin")?;
    let street = places::find_street_by_name(conn, "五里店街道")?.ok_or_else(not_found)?;
    let community = |conn: &mut DbConn, name: &str| -> Result<String, DbError> {
        Ok(places::find_child(conn, Some(&street.id), name)?
            .filter(|p| p.kind == PlaceKind::Community)
            .ok_or_else(not_found)?
            .id)
    };
    let wld = community(conn, "五里店社区")?;
    let ydt = community(conn, "玉带山社区")?;
    let laoma = studio(conn, "五里店老马工作室", StudioKind::LaomaStudio, &street.id, &admin)?;
    studio(conn, "玉带山小马工作站", StudioKind::XiaomaStation, &ydt, &admin)?;
    for (name, place, intro) in [
        ("demo-laoma", &wld, "从事人民调解二十年，擅长邻里和婚姻家庭纠纷。"),
        ("demo-laoma2", &ydt, "退休法官，擅长合同与物业纠纷。"),
        ("demo-xiaoma", &wld, "社区网格员，跟随马建国学习调解。"),
        ("demo-xiaoma2", &ydt, ""),
        ("demo-xiaoma3", &ydt, "已独立主持多次调解。"),
        ("demo-xiaoma4", &wld, ""),
        ("demo-xiaoma5", &wld, ""),
    ] {
        let id = id_of(conn, name)?;
        profile(conn, &id, &laoma, place, intro)?;
    }
    for (mentor, mentee, stage) in PAIRINGS {
        pair(conn, mentor, mentee, stage, &admin)?;
    }
    // The late-stage 小马 has the closed cases that make them ready to graduate.
    let (mentor, mentee, _) = PAIRINGS[3];
    super::mediation::seed_track_record(conn, mentee, mentor).map_err(DbError::Migration)
}
