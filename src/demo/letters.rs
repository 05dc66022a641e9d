//! Demo letters for `seed-demo`: letters about 塔坪小区 (塔坪社区, 观音桥街道)
//! in several states, handled by the demo coordinator, so its board has
//! content; the adopted one links the demo project. Needs the renovation
//! demo first. Idempotent: each letter has a fixed form token, so a second
//! run stores nothing new.

use crate::db::audit::AuditActor;
use crate::db::{DbConn, DbError, letters, places, projects, users};
use crate::domain::letters::{LetterInput, LetterStatus, Placement, StatusChange};
use crate::domain::place::PlaceKind;
use crate::domain::role::Role;
use crate::mailbox::actions::{self, ActionCtx};
use crate::mailbox::submit::{self, Submission};
use crate::mailbox::{MailboxError, Viewer};
use crate::receipts::receipt_code;

struct DemoLetter {
    category: &'static str,
    /// A building of the compound, or "" for the compound itself.
    building: &'static str,
    place_detail: &'static str,
    body: &'static str,
    reply: &'static str,
    /// Status changes in order, each with its public reason.
    steps: &'static [(LetterStatus, &'static str)],
}

const LETTERS: [DemoLetter; 5] = [
    DemoLetter {
        category: "renovation",
        building: "3栋",
        place_detail: "塔坪小区 3 栋 2 单元门口",
        body: "单元门口没有雨棚，下雨天老人进出容易滑倒，希望加装雨棚。",
        reply: "已纳入塔坪小区“微整形”项目，雨棚安装方案正在征求居民意见。",
        steps: &[
            (LetterStatus::InProgress, ""),
            (LetterStatus::Adopted, "纳入微整形项目：雨棚"),
        ],
    },
    DemoLetter {
        category: "safety",
        building: "",
        place_detail: "塔坪小区 5 栋外墙",
        body: "外墙上电线、网线乱拉乱接，一下雨就打火花，存在安全隐患。",
        reply: "供电和通信单位已到场整治飞线。",
        steps: &[(LetterStatus::InProgress, ""), (LetterStatus::Done, "飞线整治已完成")],
    },
    DemoLetter {
        category: "environment",
        building: "",
        place_detail: "塔坪小区后门",
        body: "后门的污水管好像堵了，气味很大，夏天蚊虫多。",
        reply: "",
        steps: &[],
    },
    DemoLetter {
        category: "parking",
        building: "",
        place_detail: "塔坪小区内道路",
        body: "希望在小区道路两侧划停车位，方便居民停车。",
        reply: "",
        steps: &[(
            LetterStatus::Declined,
            "小区道路宽度不足 4 米，划设车位会妨碍消防通道，建议使用附近的公共停车场。",
        )],
    },
    DemoLetter {
        category: "renovation",
        building: "3栋",
        place_detail: "塔坪小区 3 栋",
        body: "3 栋门口能不能装个雨棚？下雨天很不方便。",
        reply: "",
        steps: &[],
    },
];

/// Seeds the letters; needs the demo compound, project and coordinator.
pub fn seed(conn: &mut DbConn) -> Result<(), MailboxError> {
    let Some(street) = places::find_street_by_name(conn, "观音桥街道")? else {
        return Ok(());
    };
    let compound = places::find_child(conn, Some(&street.id), "塔坪社区")?
        .map(|c| places::find_child(conn, Some(&c.id), "塔坪一网格"))
        .transpose()?
        .flatten()
        .map(|g| places::find_child(conn, Some(&g.id), "塔坪小区"))
        .transpose()?
        .flatten();
    let (Some(compound), Some(coordinator)) = (compound, users::find_by_username(conn, "demo-coordinator")?) else {
        return Ok(());
    };
    let viewer = Viewer {
        id: coordinator.id.clone(),
        role: Role::Coordinator,
        area_id: Some(street.id.clone()),
    };
    let project = projects::for_compound(conn, &compound.id)?
        .into_iter()
        .next()
        .map(|p| p.id);
    let mut ids = Vec::new();
    for (i, demo) in LETTERS.iter().enumerate() {
        let input = LetterInput {
            category: demo.category.to_owned(),
            place: placement(conn, &compound.id, demo.building)?,
            place_detail: demo.place_detail.to_owned(),
            body: demo.body.to_owned(),
            contact_name: String::new(),
            contact_phone: String::new(),
            consent: false,
        };
        let id = submit_one(conn, &input, i)?;
        handle(conn, &viewer, &id, demo, project.as_deref())?;
        ids.push(id);
    }
    // The last letter repeats the first one.
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        let change = StatusChange {
            to: LetterStatus::Duplicate,
            reason: "与先前的雨棚建议重复，请关注该建议的办理进展。".to_owned(),
            duplicate_of: Some(first.clone()),
            project_id: None,
        };
        apply_if_received(conn, &viewer, last, |conn, ctx| {
            actions::change_status(conn, ctx, &change)
        })?;
    }
    Ok(())
}

/// The compound, or its building when one is named.
fn placement(conn: &mut DbConn, compound: &str, building: &str) -> Result<Placement, DbError> {
    let place_id = match building {
        "" => compound.to_owned(),
        name => places::find_child(conn, Some(compound), name)?.map_or_else(|| compound.to_owned(), |b| b.id),
    };
    let lineage = places::lineage(conn, compound)?;
    let area = |level: fn(PlaceKind) -> bool| lineage.iter().find(|p| level(p.kind)).map(|p| p.id.clone());
    Ok(Placement {
        place_id,
        compound_id: Some(compound.to_owned()),
        community_id: area(PlaceKind::is_community_level),
        street_id: area(PlaceKind::is_street_level).unwrap_or_default(),
    })
}

fn submit_one(conn: &mut DbConn, input: &LetterInput, i: usize) -> Result<String, DbError> {
    // Demo codes are never shown: nobody follows a demo letter by code.
    let mut random = [0u8; 20];
    getrandom::fill(&mut random).expect("the OS random source failed");
    let submission = Submission {
        input,
        photos: &[],
        pending_ids: &[],
        form_token: &format!("demo-letter-{i}"),
        receipt_code: &receipt_code(&random),
        submitted_by: None,
        actor: &AuditActor::system(),
    };
    Ok(submit::submit(conn, submission)?.letter_id)
}

/// Replies and steps only while the letter is fresh, so re-runs add nothing.
fn handle(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: &str,
    demo: &DemoLetter,
    project: Option<&str>,
) -> Result<(), MailboxError> {
    if !demo.reply.is_empty() {
        apply_if_received(conn, viewer, id, |conn, ctx| actions::reply(conn, ctx, demo.reply))?;
    }
    for (to, reason) in demo.steps {
        let change = StatusChange {
            to: *to,
            reason: (*reason).to_owned(),
            duplicate_of: None,
            project_id: project.filter(|_| *to == LetterStatus::Adopted).map(str::to_owned),
        };
        let letter = letters::find(conn, id)?.ok_or(MailboxError::NotFound)?;
        // Without the demo project an adoption cannot be recorded: skip it.
        let linkable = *to != LetterStatus::Adopted || change.project_id.is_some();
        if linkable && letter.status().next().contains(to) {
            run(conn, viewer, id, letter.version, |conn, ctx| {
                actions::change_status(conn, ctx, &change)
            })?;
        }
    }
    Ok(())
}

fn apply_if_received(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: &str,
    f: impl FnOnce(&mut DbConn, &ActionCtx<'_>) -> Result<actions::Outcome, MailboxError>,
) -> Result<(), MailboxError> {
    let letter = letters::find(conn, id)?.ok_or(MailboxError::NotFound)?;
    if letter.status() == LetterStatus::Received && letter.version == 1 {
        run(conn, viewer, id, letter.version, f)?;
    }
    Ok(())
}

fn run(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: &str,
    version: i32,
    f: impl FnOnce(&mut DbConn, &ActionCtx<'_>) -> Result<actions::Outcome, MailboxError>,
) -> Result<(), MailboxError> {
    let actor = AuditActor::system();
    // Demo residents are made up: nobody is to be told.
    let outbox = crate::notify::Outbox::off();
    let ctx = ActionCtx {
        letter_id: id,
        viewer,
        seen_version: version,
        actor: &actor,
        outbox: &outbox,
    };
    f(conn, &ctx).map(|_| ())
}
