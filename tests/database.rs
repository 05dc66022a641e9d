//! Database behaviour: PRAGMAs, first run, the append-only audit log, backup.

mod common;

use common::*;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use yuanba::accounts;
use yuanba::config::Config;
use yuanba::db::{self, DbConn};
use yuanba::domain::role::Role;

#[derive(diesel::QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(diesel::QueryableByName)]
struct IntRow {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yuanba-db-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// SQLite-specific: this always runs on SQLite, whatever TEST_DATABASE_URL says.
#[test]
fn sqlite_pragmas_are_in_force_on_every_pooled_connection() {
    let dir = temp_dir();
    let config = Config::for_data_dir(&dir, None);
    let pool = yuanba::startup::prepare_database(&config).unwrap();
    // Hold several connections at once so they are distinct.
    let mut held: Vec<_> = (0..4).map(|_| pool.get().unwrap()).collect();
    for conn in held.iter_mut() {
        let DbConn::Sqlite(sqlite) = &mut **conn else {
            panic!("expected SQLite")
        };
        let text = |sql: &str, c: &mut diesel::SqliteConnection| {
            diesel::sql_query(sql).get_result::<TextRow>(c).unwrap().value
        };
        let int =
            |sql: &str, c: &mut diesel::SqliteConnection| diesel::sql_query(sql).get_result::<IntRow>(c).unwrap().value;
        assert_eq!(
            text("SELECT journal_mode AS value FROM pragma_journal_mode", sqlite),
            "wal"
        );
        assert_eq!(
            int("SELECT synchronous AS value FROM pragma_synchronous", sqlite),
            2,
            "FULL"
        );
        assert_eq!(int("SELECT foreign_keys AS value FROM pragma_foreign_keys", sqlite), 1);
        assert_eq!(
            int("SELECT timeout AS value FROM pragma_busy_timeout", sqlite),
            i64::from(db::SQLITE_BUSY_TIMEOUT_MS)
        );
    }
    drop(held);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn first_run_creates_exactly_one_admin_and_restarts_do_not_add_more() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert_eq!(db::users::count_by_role(&mut conn, Role::Admin).unwrap(), 1);
    // A restart runs the same bootstrap again.
    let second = yuanba::startup::prepare_database(&app.config).unwrap();
    drop(second);
    assert_eq!(
        accounts::bootstrap_admin(&mut conn, None).unwrap(),
        None,
        "no new password is generated"
    );
    assert_eq!(db::users::count_by_role(&mut conn, Role::Admin).unwrap(), 1);
    // The district's twelve streets and towns exist once.
    assert_eq!(db::places::streets_and_towns(&mut conn).unwrap().len(), 12);
}

#[test]
fn a_generated_admin_password_must_be_changed_at_first_login() {
    let dir = temp_dir();
    let config = Config::for_data_dir(&dir, None);
    let pool = db::build_pool(&config.database_url, 2).unwrap();
    let mut conn = pool.get().unwrap();
    db::run_migrations(&mut conn).unwrap();
    let password = accounts::bootstrap_admin(&mut conn, None)
        .unwrap()
        .expect("a password is generated");
    assert!(password.len() >= 16);
    let admin = db::users::find_by_username(&mut conn, "admin").unwrap().unwrap();
    assert!(admin.must_change_password);
    assert_eq!(
        yuanba::auth::password::verify(&password, &admin.password_hash),
        yuanba::auth::password::Verified::Yes { needs_rehash: false }
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let app = spawn_app().await;
    assert!(app.audit_count("user.create") >= 1);
    assert!(app.run_sql("UPDATE audit_log SET action = 'tampered'").is_err());
    assert!(app.run_sql("DELETE FROM audit_log").is_err());
    assert_eq!(app.audit_count("tampered"), 0);
    assert!(app.audit_count("user.create") >= 1);
}

#[tokio::test]
async fn backup_copies_the_database_and_the_copy_restores() {
    let app = spawn_app().await;
    if app.is_postgres() {
        // PostgreSQL backups are pg_dump's job; the command says so.
        let mut conn = app.conn();
        let err = db::backup::sqlite_backup(&mut conn, &temp_dir().join("x.db")).unwrap_err();
        assert!(err.to_string().contains("pg_dump"));
        return;
    }
    app.create_user("kept", Role::Coordinator, None, Some("观音桥街道"));
    let target = temp_dir().join("backup.db");
    db::backup::sqlite_backup(&mut app.conn(), &target).unwrap();
    assert!(
        db::backup::sqlite_backup(&mut app.conn(), &target).is_err(),
        "never overwrites"
    );
    // Restore = start on the copy (see README).
    let restored_dir = temp_dir();
    std::fs::copy(&target, restored_dir.join("yuanba.db")).unwrap();
    let config = Config::for_data_dir(&restored_dir, None);
    let pool = yuanba::startup::prepare_database(&config).unwrap();
    let mut conn = pool.get().unwrap();
    assert!(db::users::find_by_username(&mut conn, "kept").unwrap().is_some());
    assert_eq!(db::users::count_by_role(&mut conn, Role::Admin).unwrap(), 1);
}

#[test]
fn an_unreachable_postgres_reports_its_own_error() {
    let err = db::build_pool("postgres://nobody@127.0.0.1:1/none", 1).expect_err("must fail");
    let text = err.to_string();
    assert!(
        text.contains("could not connect") && (text.contains("Connection refused") || text.contains("connection")),
        "{text}"
    );
}

#[test]
fn writes_in_parallel_all_commit_on_sqlite() {
    let dir = temp_dir();
    let config = Config::for_data_dir(&dir, None);
    let pool = yuanba::startup::prepare_database(&config).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                for j in 0..10 {
                    db::write_tx(&mut conn, |c| {
                        db::audit::record(
                            c,
                            &db::audit::AuditActor::system(),
                            "test.parallel",
                            None,
                            &format!("{i}-{j}"),
                        )
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut conn = pool.get().unwrap();
    assert_eq!(db::audit::count_action(&mut conn, "test.parallel").unwrap(), 80);
    conn.batch_execute("SELECT 1").unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}

/// Issue 10: when every pooled connection is taken, a request is answered
/// with 503, Retry-After and the friendly "busy" page, not a 500 after a
/// long wait; and the app recovers once connections are free again.
#[tokio::test]
async fn an_exhausted_pool_answers_503_with_retry_after_and_recovers() {
    let app = spawn_app().await;
    app.login_admin().await;
    let held: Vec<_> = (0..app.config.pool_size).map(|_| app.pool.get().unwrap()).collect();

    let res = app.get("/staff/cases").await;
    assert_eq!(res.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        res.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "h1"), vec!["系统繁忙"]);

    drop(held);
    assert_eq!(app.get("/staff/cases").await.status(), reqwest::StatusCode::OK);
}
