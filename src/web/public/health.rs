use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;

use crate::web::state::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
    version: &'static str,
}

/// For load balancers: 200 when the app can reach its database, else 503.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(Into::into))
        .await
        .is_ok();
    let body = Health {
        status: if db_ok { "ok" } else { "degraded" },
        database: if db_ok { "ok" } else { "unreachable" },
        backend: state.backend.name(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut res = if db_ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    res.insert_header((crate::web::middleware::RENDERED_HEADER, "1"))
        .json(body)
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
}

/// For a load balancer deciding whether to send traffic here: 200 when the
/// database answers and has every migration this release needs, 503
/// otherwise (during an upgrade that has not migrated yet, or a database
/// outage). The body says only which; the reason goes to the log.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let current = state
        .db(|conn| crate::db::migration_state::is_current(conn).map_err(Into::into))
        .await;
    let ready = match current {
        Ok(true) => true,
        Ok(false) => {
            tracing::warn!("not ready: migrations are pending");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database did not answer");
            false
        }
    };
    let mut res = if ready {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    res.insert_header((crate::web::middleware::RENDERED_HEADER, "1"))
        .json(Readiness {
            status: if ready { "ready" } else { "not ready" },
        })
}
