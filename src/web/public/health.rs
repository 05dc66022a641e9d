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
