//! Database behaviour: PRAGMAs, first run, the append-only audit log, backup.

use crate::helpers::*;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use yuanba::config::Config;
use yuanba::db::{self, DbConn};
use yuanba::domain::role::Role;
use yuanba::reference;

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
        reference::ensure_first_admin(&mut conn, None).unwrap(),
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
    let pool = db::build_pool(&config.database_url, 2, db::POOL_WAIT).unwrap();
    let mut conn = pool.get().unwrap();
    db::run_migrations(&mut conn).unwrap();
    let password = reference::ensure_first_admin(&mut conn, None)
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
    let err = db::build_pool("postgres://nobody@127.0.0.1:1/none", 1, db::POOL_WAIT).expect_err("must fail");
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
    let app = spawn_app_with(|c| c.pool_wait = yuanba::db::POOL_WAIT).await;
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

/// Lines written by the log subscriber of this test binary. Once installed it
/// also takes the lines of every other test in the binary; the test below
/// picks its own line by the table it broke and the request id.
fn captured_log() -> &'static std::sync::Mutex<Vec<u8>> {
    use std::sync::{Mutex, OnceLock};
    static LOG: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOG.get_or_init(|| {
        struct Capture;
        impl std::io::Write for Capture {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                captured_log().lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let _ = tracing_subscriber::fmt()
            .with_writer(|| Capture)
            .with_ansi(false)
            .try_init();
        Mutex::new(Vec::new())
    })
}

#[tokio::test]
async fn an_error_logged_inside_a_database_closure_carries_the_request_id_of_its_500_page() {
    captured_log();
    let app = spawn_app().await;
    // The letter form reads the categories inside `AppState::db`.
    app.run_sql("ALTER TABLE letter_categories RENAME TO letter_categories_gone")
        .unwrap();
    let (status, html) = app.get_html("/letters/new").await;
    assert_eq!(status, reqwest::StatusCode::INTERNAL_SERVER_ERROR);
    let id = select_text(&html, "code.request-id")
        .pop()
        .expect("the page shows its id");
    assert!(!id.is_empty());
    let log = String::from_utf8_lossy(&captured_log().lock().unwrap()).into_owned();
    let line = log
        .lines()
        .find(|l| l.contains("internal error") && l.contains("letter_categories"))
        .expect("the database error is logged");
    assert!(
        line.contains(&format!("request_id={id}")),
        "the line names the request: {line}"
    );
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// SQLite-specific: the folder, the database file (and so its WAL, which
/// SQLite creates with the database's mode) and the session key are the
/// service user's alone.
#[cfg(unix)]
#[test]
fn the_data_folder_and_the_database_are_private() {
    let root = temp_dir();
    let data = root.join("data");
    let config = Config::for_data_dir(&data, None);
    let pool = yuanba::startup::prepare_database(&config).unwrap();
    reference::ensure_first_admin(&mut pool.get().unwrap(), Some("another-admin-password")).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("yuanba.db")), 0o600);
    assert_eq!(mode(&data.join("yuanba.db-wal")), 0o600);
    let _ = std::fs::remove_dir_all(root);
}

fn yuanba_command(work: &std::path::Path, database_url: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_yuanba"));
    command
        .current_dir(work)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("YUANBA_DATA_DIR", work.join("data"))
        .env("YUANBA_ADMIN_PASSWORD", ADMIN_PASSWORD);
    command
}

/// SQLite-specific: `sqlite:///abs/…` (as other Rust tools write it) opens
/// that file and creates no folder named `sqlite:` where the server starts.
#[test]
fn a_sqlite_url_creates_only_the_real_folder() {
    let root = temp_dir();
    let work = root.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let db = root.join("db").join("yuanba.db");
    let url = format!("sqlite://{}", db.display());
    let out = yuanba_command(&work, &url).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.is_file(), "the database is where the URL says");
    let mut made: Vec<String> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    made.sort();
    assert_eq!(made, vec!["data".to_owned()], "only the data folder, no `sqlite:`");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn an_unknown_database_scheme_stops_start_up_with_a_clear_message() {
    let root = temp_dir();
    let out = yuanba_command(&root, "mysql://yuanba@db.example/yuanba")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`mysql:` is not supported"), "{stderr}");
    assert!(!root.join("data").exists(), "nothing is created for it");
    assert!(!root.join("mysql:").exists());
    let _ = std::fs::remove_dir_all(root);
}

/// The log goes to a file or a collector here (stdout is a pipe): no
/// colour codes in it.
#[tokio::test]
async fn the_log_has_no_colour_codes_when_it_is_not_a_terminal() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let root = temp_dir();
    let mut command = tokio::process::Command::from(yuanba_command(&root, &root.join("y.db").to_string_lossy()));
    command
        .env("YUANBA_BIND", "127.0.0.1:0")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut listening = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if line.contains("Yuanba is listening") {
            listening = Some(line);
            break;
        }
    }
    child.kill().await.unwrap();
    let line = listening.expect("the start-up line is logged");
    assert!(!line.contains('\u{1b}'), "no ANSI escape: {line:?}");
    assert!(line.contains("INFO"), "{line}");
    let _ = std::fs::remove_dir_all(root);
}
