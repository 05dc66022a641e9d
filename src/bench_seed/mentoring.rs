//! The 老马带小马 side of a generated district (issue 12's scale: 4,000
//! 小马, 500 老马): studios (老马工作室 by street, a 小马工作站 in every
//! community), a profile for every mediator, each 老马 at the mentee cap
//! with active pairings and plans, the other 小马 with an ended pairing in
//! their history, training hours for every 小马, proposals waiting for an
//! admin and a year of approved graduations.

use super::cast::{Cast, Mediator, StreetCast};
use super::rng::Rng;
use super::sql::{Batch, V};
use crate::dates::date;
use crate::db::DbConn;
use crate::domain::mentorship::{StudioKind, TrainingCategory};
use diesel::connection::Connection;

/// The mentee cap of the default settings.
const CAP: usize = 3;
const DAY: i64 = 86_400;
/// 老马工作室 in the whole district (47 in Jiangbei), shared by weight.
const LAOMA_STUDIOS: u32 = 47;
const PLAN: [&str; 4] = [
    "旁听调解并写心得",
    "独立制作调解笔录",
    "在老马陪同下主持调解",
    "起草书面调解协议",
];
const TOPICS: [(TrainingCategory, &str); 3] = [
    (TrainingCategory::Induction, "人民调解法与调解程序"),
    (TrainingCategory::Specialised, "婚姻家庭纠纷调解技巧"),
    (TrainingCategory::Annual, "年度人民调解员轮训"),
];

#[derive(Debug, Clone, Copy, Default)]
pub struct MentoringCounts {
    pub studios: u64,
    pub active_pairings: u64,
    pub ended_pairings: u64,
    pub graduations: u64,
}

struct Batches {
    studios: Batch,
    profiles: Batch,
    pairings: Batch,
    items: Batch,
    hours: Batch,
    graduations: Batch,
}

impl Batches {
    fn new() -> Self {
        Batches {
            studios: Batch::new("studios", "id, name, kind, place_id, created_by, created_at"),
            profiles: Batch::new(
                "mediator_profiles",
                "user_id, studio_id, community_id, introduction, updated_at",
            ),
            pairings: Batch::new(
                "pairings",
                "id, mentor_id, mentee_id, program, starts_on, ends_on, active, ended_on, end_reason, created_by, created_at",
            ),
            items: Batch::new("pairing_plan_items", "pairing_id, position, text, done_on, comment"),
            hours: Batch::new(
                "training_hours",
                "id, mediator_id, category, day, topic, tenths, entered_by, created_at",
            ),
            graduations: Batch::new(
                "graduations",
                "pairing_id, mentee_id, proposed_by, proposed_at, approved_by, approved_at",
            ),
        }
    }

    /// Writes every batch, parents first, once any is full (or when `all`):
    /// a child row never goes in before its parent.
    fn flush(&mut self, conn: &mut DbConn, all: bool) -> diesel::QueryResult<()> {
        let batches = [
            &mut self.studios,
            &mut self.profiles,
            &mut self.pairings,
            &mut self.items,
            &mut self.hours,
            &mut self.graduations,
        ];
        if all || batches.iter().any(|b| b.is_full()) {
            for batch in batches {
                batch.flush(conn)?;
            }
        }
        Ok(())
    }
}

struct Ctx<'a> {
    rng: &'a mut Rng,
    b: Batches,
    admin: &'a str,
    now: i64,
    counts: MentoringCounts,
}

pub fn write(conn: &mut DbConn, cast: &Cast, rng: &mut Rng, now: i64) -> diesel::QueryResult<MentoringCounts> {
    conn.transaction(|conn| {
        let mut ctx = Ctx {
            rng,
            b: Batches::new(),
            admin: &cast.admin.id,
            now,
            counts: MentoringCounts::default(),
        };
        for (s, st) in cast.streets.iter().enumerate() {
            street(conn, &mut ctx, s, st, cast.weight_of(s))?;
            ctx.b.flush(conn, false)?;
        }
        ctx.b.flush(conn, true)?;
        Ok(ctx.counts)
    })
}

fn street(conn: &mut DbConn, c: &mut Ctx<'_>, s: usize, st: &StreetCast, weight: u32) -> diesel::QueryResult<()> {
    let mut studios = Vec::new();
    for n in 0..(weight * LAOMA_STUDIOS / 100).max(1) {
        let name = format!("{}第{}老马工作室", st.short_name, n + 1);
        studios.push(studio(c, &name, StudioKind::LaomaStudio, &st.street_id)?);
    }
    let mut stations = Vec::new();
    for compound in &st.compounds {
        if !stations
            .iter()
            .any(|(community, _)| *community == compound.community_id)
        {
            let name = format!("{}小马工作站{}", st.short_name, stations.len() + 1);
            let id = studio(c, &name, StudioKind::XiaomaStation, &compound.community_id)?;
            stations.push((compound.community_id.clone(), id));
        }
    }
    let (seniors, trainees): (Vec<&Mediator>, Vec<&Mediator>) = st.mediators.iter().partition(|m| !m.trainee);
    for (n, m) in seniors.iter().enumerate() {
        let community = &stations[n % stations.len()].0;
        profile(c, &m.person.id, &studios[n % studios.len()], community)?;
    }
    for (n, m) in trainees.iter().enumerate() {
        let (community, station) = &stations[n % stations.len()];
        profile(c, &m.person.id, station, community)?;
        hours(c, &m.person.id, &seniors[n % seniors.len()].person.id)?;
    }
    // Each 老马 at the cap; the 小马 beyond get an ended pairing.
    for (n, m) in trainees.iter().enumerate() {
        let mentor = &seniors[(n / CAP) % seniors.len()].person.id;
        let active = n < CAP * seniors.len();
        let id = pairing(c, mentor, &m.person.id, active)?;
        if active && n % 20 == 7 {
            graduation(c, &id, &m.person.id, mentor, None)?;
        }
    }
    // A year of graduations: about one 老马 in ten came up this way.
    for (n, m) in seniors.iter().enumerate().skip(1).step_by(10) {
        let mentor = &seniors[(n + 1) % seniors.len()].person.id;
        let id = pairing(c, mentor, &m.person.id, false)?;
        let approved = c.now - (s as i64 * 29 + n as i64 * 7) % 360 * DAY;
        graduation(c, &id, &m.person.id, mentor, Some(approved))?;
    }
    c.b.flush(conn, false)
}

fn studio(c: &mut Ctx<'_>, name: &str, kind: StudioKind, place: &str) -> diesel::QueryResult<String> {
    let id = c.rng.uuid_at(c.now - 400 * DAY);
    c.b.studios.row(&[
        V::T(&id),
        V::T(name),
        V::T(kind.code()),
        V::T(place),
        V::T(c.admin),
        V::I(c.now - 400 * DAY),
    ])?;
    c.counts.studios += 1;
    Ok(id)
}

fn profile(c: &mut Ctx<'_>, user: &str, studio: &str, community: &str) -> diesel::QueryResult<()> {
    c.b.profiles
        .row(&[V::T(user), V::T(studio), V::T(community), V::T(""), V::I(c.now)])
}

fn hours(c: &mut Ctx<'_>, mediator: &str, entered_by: &str) -> diesel::QueryResult<()> {
    let entries = 2 + c.rng.below(4) as usize;
    for k in 0..entries {
        let (category, topic) = TOPICS[k % TOPICS.len()];
        let at = c.now - (30 + c.rng.below(300) as i64) * DAY;
        let id = c.rng.uuid_at(at);
        let tenths = 40 + 10 * c.rng.below(12) as i64;
        c.b.hours.row(&[
            V::T(&id),
            V::T(mediator),
            V::T(category.code()),
            V::T(&date(at)),
            V::T(topic),
            V::I(tenths),
            V::T(entered_by),
            V::I(at),
        ])?;
    }
    Ok(())
}

fn pairing(c: &mut Ctx<'_>, mentor: &str, mentee: &str, active: bool) -> diesel::QueryResult<String> {
    let started = c.now - (60 + c.rng.below(600) as i64) * DAY;
    let id = c.rng.uuid_at(started);
    let ends = date(started + 365 * DAY);
    let (ended_on, reason) = if active {
        (String::new(), "")
    } else {
        (date((started + 365 * DAY).min(c.now)), "结对期满")
    };
    c.b.pairings.row(&[
        V::T(&id),
        V::T(mentor),
        V::T(mentee),
        V::T("老马带小马年度结对"),
        V::T(&date(started)),
        V::T(&ends),
        V::B(active),
        V::T(&ended_on),
        V::T(reason),
        V::T(c.admin),
        V::I(started),
    ])?;
    let done = if active {
        c.rng.below(PLAN.len() as u64 + 1) as usize
    } else {
        PLAN.len()
    };
    for (k, text) in PLAN.iter().enumerate() {
        let done_on = if k < done {
            date(started + (k as i64 + 1) * 30 * DAY)
        } else {
            String::new()
        };
        let comment = if k < done { "完成得好" } else { "" };
        c.b.items
            .row(&[V::T(&id), V::I(k as i64 + 1), V::T(text), V::T(&done_on), V::T(comment)])?;
    }
    if active {
        c.counts.active_pairings += 1;
    } else {
        c.counts.ended_pairings += 1;
    }
    Ok(id)
}

fn graduation(
    c: &mut Ctx<'_>,
    pairing: &str,
    mentee: &str,
    mentor: &str,
    approved: Option<i64>,
) -> diesel::QueryResult<()> {
    let proposed = approved.unwrap_or(c.now) - 10 * DAY;
    c.b.graduations.row(&[
        V::T(pairing),
        V::T(mentee),
        V::T(mentor),
        V::I(proposed),
        approved.map_or(V::Null, |_| V::T(c.admin)),
        approved.map_or(V::Null, V::I),
    ])?;
    c.counts.graduations += 1;
    Ok(())
}
