//! The two migration folders describe one schema. Most files are byte-for-byte
//! the same SQL (types are kept portable: TEXT, BIGINT, INTEGER); this test
//! keeps them so, and makes every difference an explicit, explained entry.
//! A migration added to one folder only, or a copy edited on one side only,
//! fails here instead of surfacing as a backend-specific bug later.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The files allowed to differ, as (version folder, file, why). Everything
/// else must be identical in `migrations/sqlite` and `migrations/postgres`.
/// Even these may differ only in their trigger and trigger-function
/// statements: `without_triggers` removes those and the rest must match.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    // Append-only tables refuse UPDATE and DELETE by trigger. SQLite writes
    // the trigger body inline with RAISE(ABORT); PostgreSQL needs a plpgsql
    // function, one trigger for both events, and dropping the function too.
    (
        "2026-11-26-000001_foundation",
        "up.sql",
        "audit_log append-only triggers",
    ),
    (
        "2026-11-26-000001_foundation",
        "down.sql",
        "audit_log append-only triggers",
    ),
    (
        "2026-11-26-000002_mediation",
        "up.sql",
        "case_events append-only triggers",
    ),
    (
        "2026-11-26-000002_mediation",
        "down.sql",
        "case_events append-only triggers",
    ),
    (
        "2026-11-26-000003_mailbox",
        "up.sql",
        "letter_events append-only triggers",
    ),
    (
        "2026-11-26-000003_mailbox",
        "down.sql",
        "letter_events append-only triggers",
    ),
    (
        "2026-12-01-000100_ballot_anchors",
        "up.sql",
        "ballots and ballot_anchors append-only triggers",
    ),
    (
        "2026-12-01-000100_ballot_anchors",
        "down.sql",
        "ballots and ballot_anchors append-only triggers",
    ),
];

/// Migrations written separately for each backend because SQLite can only
/// change a CHECK by rebuilding the table, as (version folder, why). Their
/// up.sql and down.sql may differ wholly; everything else must not.
const REWRITES: &[(&str, &str)] = &[(
    "2026-12-05-000300_org_staff",
    "users.role gains org_staff: SQLite rebuilds users, PostgreSQL alters its constraint",
)];

fn folder(backend: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend)
}

/// The names of the entries directly in `dir`, sorted.
fn names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn read(backend: &str, version: &str, file: &str) -> String {
    let path = folder(backend).join(version).join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn exception(version: &str, file: &str) -> Option<&'static str> {
    EXCEPTIONS
        .iter()
        .find(|(v, f, _)| *v == version && *f == file)
        .map(|(_, _, why)| *why)
}

/// The SQL with every CREATE/DROP TRIGGER and CREATE/DROP FUNCTION statement
/// removed. Statement ends are found line by line: a `;` at the end of a
/// line ends the statement unless it sits inside a trigger body
/// (`BEGIN` … `END;`) or a dollar-quoted function body (`$$` … `$$`).
fn without_triggers(sql: &str) -> String {
    let mut kept = Vec::new();
    let (mut skipping, mut in_begin, mut in_dollar) = (false, false, false);
    for line in sql.lines() {
        let trimmed = line.trim();
        if !skipping {
            let upper = trimmed.to_ascii_uppercase();
            let starts = ["CREATE TRIGGER", "DROP TRIGGER", "CREATE FUNCTION", "DROP FUNCTION"]
                .iter()
                .any(|s| upper.starts_with(s));
            if !starts {
                kept.push(line);
                continue;
            }
            skipping = true;
        }
        if trimmed.matches("$$").count() % 2 == 1 {
            in_dollar = !in_dollar;
        }
        if trimmed.eq_ignore_ascii_case("BEGIN") {
            in_begin = true;
        } else if trimmed.eq_ignore_ascii_case("END;") {
            in_begin = false;
        }
        if !in_begin && !in_dollar && trimmed.ends_with(';') {
            skipping = false;
        }
    }
    kept.join("\n")
}

#[test]
fn both_folders_hold_the_same_migration_versions() {
    let sqlite = names(&folder("sqlite"));
    let postgres = names(&folder("postgres"));
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "every migration needs both backends; only in sqlite/: {only_sqlite:?}, only in postgres/: {only_postgres:?}"
    );
    for version in &sqlite {
        let files = names(&folder("sqlite").join(version));
        assert_eq!(
            files,
            names(&folder("postgres").join(version)),
            "{version}: the two folders hold different files"
        );
        assert!(
            files.contains("up.sql") && files.contains("down.sql"),
            "{version}: needs up.sql and down.sql"
        );
    }
}

#[test]
fn migration_files_are_identical_except_where_listed() {
    for version in names(&folder("sqlite")) {
        for file in names(&folder("sqlite").join(&version)) {
            let (sqlite, postgres) = (read("sqlite", &version, &file), read("postgres", &version, &file));
            let rewritten = REWRITES.iter().any(|(v, _)| *v == version) && file.ends_with(".sql");
            match exception(&version, &file) {
                None if rewritten => assert!(sqlite != postgres, "{version}/{file}: listed in REWRITES but identical"),
                None => assert!(
                    sqlite == postgres,
                    "{version}/{file} differs between sqlite/ and postgres/; make them the same, \
                     or add it to EXCEPTIONS with the reason"
                ),
                Some(why) => {
                    assert!(
                        sqlite != postgres,
                        "{version}/{file} is listed as an exception ({why}) but is now identical: remove the entry"
                    );
                    assert_eq!(
                        without_triggers(&sqlite),
                        without_triggers(&postgres),
                        "{version}/{file} may differ only in its triggers ({why})"
                    );
                }
            }
        }
    }
}

#[test]
fn every_exception_names_an_existing_file() {
    for (version, file, why) in EXCEPTIONS {
        assert!(!why.is_empty(), "{version}/{file}: say why it differs");
        for backend in ["sqlite", "postgres"] {
            assert!(
                folder(backend).join(version).join(file).is_file(),
                "exception {version}/{file} names no file in {backend}/"
            );
        }
    }
}

#[test]
fn trigger_statements_of_both_dialects_are_removed() {
    let sqlite = "CREATE TABLE t (id TEXT);\n\
                  CREATE TRIGGER t_no_update BEFORE UPDATE ON t\nBEGIN\n    SELECT RAISE(ABORT, 'no');\nEND;\n\
                  CREATE INDEX t_idx ON t (id);";
    let postgres = "CREATE TABLE t (id TEXT);\n\
                    CREATE FUNCTION t_only() RETURNS trigger AS $$\nBEGIN\n    RAISE EXCEPTION 'no';\nEND;\n\
                    $$ LANGUAGE plpgsql;\n\
                    CREATE TRIGGER t_no_change BEFORE UPDATE OR DELETE ON t\n    FOR EACH ROW EXECUTE FUNCTION t_only();\n\
                    CREATE INDEX t_idx ON t (id);";
    let expected = "CREATE TABLE t (id TEXT);\nCREATE INDEX t_idx ON t (id);";
    assert_eq!(without_triggers(sqlite), expected);
    assert_eq!(without_triggers(postgres), expected);
    assert_eq!(
        without_triggers("DROP TRIGGER IF EXISTS x;\nDROP TABLE t;\nDROP FUNCTION f();"),
        "DROP TABLE t;"
    );
}
