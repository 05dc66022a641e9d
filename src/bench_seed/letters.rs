//! Generated letters (群众信箱) over the same three years, each with its
//! submission event and the status changes that led to its status.

use super::cast::Cast;
use super::names;
use super::plan::DAY;
use super::rng::Rng;
use super::sql::{Batch, V, opt_int};
use crate::db::{self, DbConn, DbError};

const CHUNK: u64 = 20_000;
const LETTER_COLUMNS: &str = "id, street_id, community_id, place_detail, category, body, contact_name, contact_phone, \
     consent, status, receipt_hash, form_token, ack_due_at, resolve_due_at, acknowledged_at, resolved_at, \
     version, created_at, updated_at, place_id, compound_id";
const EVENT_COLUMNS: &str = "id, letter_id, kind, from_status, to_status, body, public, actor_id, actor_label, at";

/// (category, resolve days, body).
const LETTERS: [(&str, i64, &str); 6] = [
    ("environment", 15, "小区垃圾站清运不及时，夏天气味很大。"),
    ("facilities", 30, "楼道灯坏了两个月，老人晚上上下楼不方便。"),
    ("safety", 7, "小区围墙有裂缝，担心下雨垮塌。"),
    ("property", 30, "物业收费公示不清楚，希望公开明细。"),
    ("parking", 30, "小区门口乱停车，消防通道经常被堵。"),
    ("renovation", 30, "希望老旧小区改造时加装电梯和扶手。"),
];

#[derive(Default, Debug, Clone)]
pub struct LetterCounts {
    pub letters: u64,
    pub events: u64,
}

pub fn write(conn: &mut DbConn, cast: &Cast, rng: &mut Rng, total: u64, now: i64) -> Result<LetterCounts, DbError> {
    let mut letters = Batch::new("letters", LETTER_COLUMNS);
    let mut events = Batch::new("letter_events", EVENT_COLUMNS);
    let span = 3 * 365 * DAY;
    let start = now - 3_600 - span;
    let mut i = 0;
    while i < total {
        let upto = (i + CHUNK).min(total);
        db::write_tx(conn, |conn| {
            for k in i..upto {
                let created_at = start + (k as i128 * span as i128 / total as i128) as i64;
                one_letter(conn, cast, rng, (&mut letters, &mut events), created_at, now)?;
            }
            letters.flush(conn)?;
            events.flush(conn)
        })?;
        i = upto;
    }
    Ok(LetterCounts {
        letters: letters.written,
        events: events.written,
    })
}

/// The statuses a letter of this age went through after "received".
fn path(rng: &mut Rng, age_days: i64) -> &'static [&'static str] {
    let roll = rng.below(10);
    if age_days < 3 {
        return if roll < 6 { &[] } else { &["in_progress"] };
    }
    if age_days < 30 && roll < 6 {
        return if roll < 2 { &[] } else { &["in_progress"] };
    }
    match roll {
        0 => &["declined"],
        1 | 2 => &["answered"],
        3 | 4 => &["in_progress", "answered", "done"],
        _ => &["in_progress", "done"],
    }
}

fn one_letter(
    conn: &mut DbConn,
    cast: &Cast,
    rng: &mut Rng,
    (letters, events): (&mut Batch, &mut Batch),
    created_at: i64,
    now: i64,
) -> diesel::QueryResult<()> {
    let st = &cast.streets[cast.pick_street(rng)];
    let compound = rng.pick(&st.compounds);
    let (category, resolve_days, body) = *rng.pick(&LETTERS);
    let ack_days = if category == "safety" { 1 } else { 3 };
    let id = rng.uuid_at(created_at);
    let steps = path(rng, (now - created_at) / DAY);
    let mut at = created_at;
    let mut times = Vec::new();
    for _ in steps {
        at = (at + rng.between(3_600, 10 * DAY)).min(now - 60).max(at + 1);
        times.push(at);
    }
    let acknowledged = times.first().copied();
    let resolved = steps
        .iter()
        .zip(&times)
        .find(|(s, _)| !matches!(**s, "in_progress"))
        .map(|(_, t)| *t);
    let status = steps.last().copied().unwrap_or("received");
    let consent = rng.chance(0.6);
    let (name, phone) = if consent {
        (names::person(rng), names::phone(rng))
    } else {
        (String::new(), String::new())
    };
    letters.row(&[
        V::T(&id),
        V::T(&st.street_id),
        V::T(&compound.community_id),
        V::T(""),
        V::T(category),
        V::T(body),
        V::T(&name),
        V::T(&phone),
        V::B(consent),
        V::T(status),
        V::T(&rng.hex64()),
        V::T(&rng.hex64()),
        V::I(created_at + ack_days * DAY),
        V::I(created_at + resolve_days * DAY),
        opt_int(acknowledged),
        opt_int(resolved),
        V::I(1 + steps.len() as i64),
        V::I(created_at),
        V::I(at),
        V::T(&compound.id),
        V::T(&compound.id),
    ])?;
    let coordinator = &st.coordinator;
    let mut from: Option<&str> = None;
    let submitted = std::iter::once(("received", created_at));
    for (to, when) in submitted.chain(steps.iter().copied().zip(times.iter().copied())) {
        let (actor_id, label) = match from {
            None => (V::Null, "resident"),
            Some(_) => (V::T(&coordinator.id), coordinator.label.as_str()),
        };
        let from_value = from.map_or(V::Null, V::T);
        let body = if to == "answered" {
            "已联系物业处理，感谢反映。"
        } else {
            ""
        };
        events.row(&[
            V::T(&rng.uuid_at(when)),
            V::T(&id),
            V::T("status"),
            from_value,
            V::T(to),
            V::T(body),
            V::B(true),
            actor_id,
            V::T(label),
            V::I(when),
        ])?;
        from = Some(to);
    }
    if letters.is_full() || events.is_full() {
        letters.flush(conn)?;
        events.flush(conn)?;
    }
    Ok(())
}
