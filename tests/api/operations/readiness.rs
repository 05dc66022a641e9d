//! `/readyz`: ready only when the database answers and carries every
//! migration this release embeds; the body never shows why not.

use reqwest::StatusCode;
use yuanba::db::{Backend, migration_state};

use crate::helpers::*;

#[tokio::test]
async fn readyz_is_ready_only_with_every_migration_applied() {
    let app = spawn_app().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), r#"{"status":"ready"}"#);

    // As if an upgraded binary started before `yuanba migrate` ran.
    let latest = migration_state::latest_embedded(Backend::Sqlite).unwrap();
    app.run_sql(&format!(
        "DELETE FROM __diesel_schema_migrations WHERE version = '{latest}'"
    ))
    .unwrap();
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = res.text().await.unwrap();
    assert_eq!(body, r#"{"status":"not ready"}"#, "no internals in the body");
    // Liveness is another question: the process and its database are up.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

    app.run_sql(&format!(
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('{latest}')"
    ))
    .unwrap();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}
