//! The lease itself, under contention: many workers claiming from one
//! outbox at once never get the same row (PostgreSQL: FOR UPDATE SKIP
//! LOCKED; SQLite: a conditional UPDATE with one winner).

use std::collections::HashSet;

use crate::helpers::*;
use yuanba::db::notifications::{self, Lease, Notification};
use yuanba::domain::notification::{ChannelKind, NotificationState, NotificationTemplate, ObjectKind, RecipientKind};

const ROWS: usize = 60;
const WORKERS: usize = 8;

fn row(i: usize, now: i64) -> Notification {
    Notification {
        id: format!("lease-test-{i:03}"),
        recipient_kind: RecipientKind::Phone,
        recipient_user_id: None,
        address_sealed: "sealed".into(),
        address_hash: format!("hash-{i}"),
        channel: ChannelKind::Log,
        template: NotificationTemplate::LetterReply,
        params: "{}".into(),
        object_kind: ObjectKind::Letter,
        object_id: "no-letter".into(),
        state: NotificationState::Pending,
        attempts: 0,
        next_attempt_at: now,
        last_error: String::new(),
        lease_owner: None,
        leased_until: None,
        sent_at: None,
        created_at: now,
    }
}

#[tokio::test]
async fn concurrent_workers_never_claim_the_same_row() {
    let app = spawn_app_with(|c| c.pool_size = WORKERS as u32 + 2).await;
    let now = yuanba::db::now_ts();
    for i in 0..ROWS {
        notifications::insert(&mut app.conn(), &row(i, now)).unwrap();
    }
    let handles: Vec<_> = (0..WORKERS)
        .map(|w| {
            let pool = app.pool.clone();
            std::thread::spawn(move || {
                let owner = format!("worker-{w}");
                let mut mine = Vec::new();
                loop {
                    let mut conn = pool.get().unwrap();
                    let lease = Lease {
                        owner: &owner,
                        now,
                        until: now + 300,
                    };
                    let claimed = notifications::claim_due(&mut conn, &lease, 3).unwrap();
                    if claimed.is_empty() {
                        return mine;
                    }
                    for r in claimed {
                        assert_eq!(r.lease_owner.as_deref(), Some(owner.as_str()));
                        mine.push(r.id);
                    }
                }
            })
        })
        .collect();
    let all: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!(
        (all.len(), distinct.len()),
        (ROWS, ROWS),
        "every row claimed exactly once"
    );

    // While the leases hold nobody else gets them; once they run out, a
    // worker takes the row over (the first one died mid-delivery).
    let mut conn = app.conn();
    let late = Lease {
        owner: "late",
        now: now + 1,
        until: now + 400,
    };
    assert!(notifications::claim_due(&mut conn, &late, 100).unwrap().is_empty());
    let after = Lease {
        owner: "late",
        now: now + 301,
        until: now + 700,
    };
    let retaken = notifications::claim_due(&mut conn, &after, 100).unwrap();
    assert_eq!(retaken.len(), ROWS);
    assert!(retaken.iter().all(|r| r.attempts == 2));
}
