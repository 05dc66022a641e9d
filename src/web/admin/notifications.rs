//! The outbox, `/admin/notifications` (issue 14 item 2): how many messages
//! are in each state, the failures with their attempts and error, the
//! recipient masked, and a retry button (audited).

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::dates::datetime;
use crate::db::audit;
use crate::db::notifications::{self, Notification};
use crate::db::{now_ts, write_tx};
use crate::domain::masking::mask_phone;
use crate::domain::notification::{NotificationState, RecipientKind, mask_email};
use crate::notify::Outbox;
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::state::AppState;

/// Failures listed at once; older ones wait until these are dealt with.
const FAILURES_SHOWN: i64 = 100;

/// One state and its count.
struct StateCount {
    state: NotificationState,
    count: i64,
}

/// A failed message as the admin sees it: never the full address.
struct FailureRow {
    id: String,
    created: String,
    template_key: &'static str,
    channel_key: &'static str,
    recipient: String,
    attempts: i32,
    error: String,
}

#[derive(Template)]
#[template(path = "admin/notifications.html")]
struct OutboxPage {
    ctx: PageCtx,
    counts: Vec<StateCount>,
    failures: Vec<FailureRow>,
}

fn masked(outbox: &Outbox, row: &Notification) -> String {
    match (outbox.open_address(row), row.recipient_kind) {
        (None, _) => "—".to_owned(),
        (Some(a), RecipientKind::Email) => mask_email(&a),
        (Some(a), _) => mask_phone(&a),
    }
}

fn failure_row(ctx: &PageCtx, outbox: &Outbox, row: &Notification) -> FailureRow {
    FailureRow {
        id: row.id.clone(),
        created: datetime(row.created_at),
        template_key: row.template.label_key(),
        channel_key: row.channel.label_key(),
        recipient: masked(outbox, row),
        attempts: row.attempts,
        error: error_words(ctx, &row.last_error),
    }
}

/// The stored error code in the admin's language (`notify.error.<code>`,
/// with the status number); a code without words shows as it is.
fn error_words(ctx: &PageCtx, stored: &str) -> String {
    let (code, status) = stored.split_once(':').unwrap_or((stored, ""));
    let key = format!("notify.error.{code}");
    if crate::i18n::has_key(ctx.lang, &key) {
        ctx.t_with(&key, "status", status)
    } else {
        stored.to_owned()
    }
}

pub async fn outbox(ctx: PageCtx, Admin(_admin): Admin, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (stored, failed) = state
        .db(|conn| {
            Ok((
                notifications::counts_by_state(conn)?,
                notifications::failures(conn, FAILURES_SHOWN)?,
            ))
        })
        .await?;
    // Every state is listed, with 0 where there is none.
    let counts = NotificationState::ALL
        .iter()
        .map(|s| StateCount {
            state: *s,
            count: stored.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n),
        })
        .collect();
    let failures = failed.iter().map(|r| failure_row(&ctx, &state.outbox, r)).collect();
    render::page(&OutboxPage { ctx, counts, failures })
}

/// Puts a failed message back in the queue, due now. A message that is not
/// failed (retried already by another admin) is left as it is.
pub async fn retry(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = audit_actor(&req, Some(&admin));
    state
        .db(move |conn| {
            write_tx(conn, |conn| {
                if notifications::retry_failed(conn, &id, now_ts())? {
                    audit::record(conn, &actor, "notification.retry", Some(("notification", &id)), "")?;
                }
                Ok::<_, diesel::result::Error>(())
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/notifications"))
}
