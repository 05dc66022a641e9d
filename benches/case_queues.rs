//! How the case queues scale: the same queries on a small and a large
//! database, built in the same run, reported as ratios (large ÷ small).
//!
//!     cargo bench --bench case_queues                # SQLite, 10k vs 1M cases
//!     BENCH_ROWS=200000 cargo bench --bench case_queues
//!     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/postgres cargo bench --bench case_queues
//!
//! Keyset pagination should keep the page queries flat; counts grow with
//! the rows they count.

use std::hint::black_box;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use yuanba::config::Config;
use yuanba::db::cases::{self, CaseFilter, CaseScope};
use yuanba::db::{DbConn, places};

const SMALL: usize = 10_000;
const REPEAT: usize = 15;

fn main() {
    let large: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let backend = std::env::var("BENCH_DATABASE_URL").ok();
    println!("backend: {}", if backend.is_some() { "postgresql" } else { "sqlite" });
    let small = measure(SMALL, backend.as_deref());
    let big = measure(large, backend.as_deref());
    println!("\n| query | {SMALL} cases (ms) | {large} cases (ms) | ratio |");
    println!("|---|---:|---:|---:|");
    for ((name, a), (_, b)) in small.iter().zip(&big) {
        println!(
            "| {name} | {:.2} | {:.2} | {:.2} |",
            ms(*a),
            ms(*b),
            ms(*b) / ms(*a).max(0.001)
        );
    }
    println!("\npeak RSS of the bench process: {} MiB", peak_rss_mib());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn database(rows: usize, backend: Option<&str>) -> (Config, Option<String>) {
    let dir = std::env::temp_dir().join(format!("yuanba-bench-{rows}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let Some(admin_url) = backend else {
        return (Config::for_data_dir(&dir, None), None);
    };
    let name = format!("yuanba_bench_{}", uuid::Uuid::new_v4().simple());
    PgConnection::establish(admin_url)
        .unwrap()
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    (Config::for_data_dir(&dir, Some(url)), Some(name))
}

fn measure(rows: usize, backend: Option<&str>) -> Vec<(&'static str, Duration)> {
    let (config, pg_name) = database(rows, backend);
    let pool = yuanba::startup::prepare_database(&config).unwrap();
    let mut conn = pool.get().unwrap();
    let started = Instant::now();
    let (streets, middle) = fill(&mut conn, rows);
    println!("{rows} cases inserted in {:.1} s", started.elapsed().as_secs_f64());
    let street = streets[2].clone();
    let registered = CaseFilter {
        states: vec![yuanba::domain::mediation_workflow::CaseState::Registered],
        ..Default::default()
    };
    let results = vec![
        (
            "newest page, all cases (admin)",
            time(|| {
                black_box(cases::list(&mut conn, &CaseScope::All, &CaseFilter::default(), 31).unwrap());
            }),
        ),
        (
            "keyset page from the middle",
            time(|| {
                drop(
                    cases::list(
                        &mut conn,
                        &CaseScope::All,
                        &CaseFilter {
                            before_id: Some(middle.clone()),
                            ..Default::default()
                        },
                        31,
                    )
                    .unwrap(),
                )
            }),
        ),
        (
            "street queue: registered",
            time(|| {
                black_box(cases::list(&mut conn, &CaseScope::Street(street.clone()), &registered, 31).unwrap());
            }),
        ),
        (
            "mediator queue: my cases",
            time(|| {
                drop(
                    cases::list(
                        &mut conn,
                        &CaseScope::Mediator("nobody".into()),
                        &CaseFilter::default(),
                        31,
                    )
                    .unwrap(),
                )
            }),
        ),
        (
            "search by exact case number",
            time(|| {
                let search = Some("(2026)江北五里店人调字第7号".to_owned());
                black_box(
                    cases::list(
                        &mut conn,
                        &CaseScope::All,
                        &CaseFilter {
                            search,
                            ..Default::default()
                        },
                        31,
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "search: a common name prefix",
            time(|| {
                let search = Some("王建1".to_owned());
                black_box(
                    cases::list(
                        &mut conn,
                        &CaseScope::All,
                        &CaseFilter {
                            search,
                            ..Default::default()
                        },
                        31,
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "search: a full name (rare)",
            time(|| {
                drop(
                    cases::list(
                        &mut conn,
                        &CaseScope::All,
                        &CaseFilter {
                            search: Some("王建8000".into()),
                            ..Default::default()
                        },
                        31,
                    )
                    .unwrap(),
                )
            }),
        ),
        (
            "count: street registered tab",
            time(|| {
                black_box(cases::count_filtered(&mut conn, &CaseScope::Street(street.clone()), &registered).unwrap());
            }),
        ),
    ];
    drop(conn);
    drop(pool);
    if let (Some(name), Some(admin)) = (pg_name, backend) {
        let _ = PgConnection::establish(admin)
            .unwrap()
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"));
    }
    let _ = std::fs::remove_dir_all(&config.data_dir);
    results
}

/// Median of `REPEAT` runs after one warm-up.
fn time(mut f: impl FnMut()) -> Duration {
    f();
    let mut runs: Vec<Duration> = (0..REPEAT)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    runs.sort();
    runs[REPEAT / 2]
}

const STATES: [&str; 6] = ["REGISTERED", "ACCEPTED", "MEDIATING", "CLOSED", "ARCHIVED", "FOLLOW_UP"];
const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];

/// Bulk-loads cases and one party each with multi-row INSERTs (raw SQL,
/// since the MultiConnection has no batch insert).
fn fill(conn: &mut DbConn, rows: usize) -> (Vec<String>, String) {
    let mut middle = String::new();
    let streets: Vec<String> = places::streets_and_towns(conn)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    let committees: Vec<String> = streets
        .iter()
        .map(|s| yuanba::db::committees::for_street(conn, s).unwrap().unwrap().id)
        .collect();
    let base_ts = 1_700_000_000i64;
    for chunk_start in (0..rows).step_by(1000) {
        let end = (chunk_start + 1000).min(rows);
        let mut case_values = Vec::with_capacity(end - chunk_start);
        let mut party_values = Vec::with_capacity(end - chunk_start);
        for i in chunk_start..end {
            let id = uuid::Uuid::now_v7().to_string();
            if i == rows / 2 {
                middle = id.clone();
            }
            let s = i % streets.len();
            let ts = base_ts + i as i64 * 30;
            case_values.push(format!(
                "('{id}','{}','{}','{}','application','neighbour','demo summary','demo request',{ts},{ts},{ts})",
                committees[s],
                streets[s],
                STATES[i % STATES.len()]
            ));
            party_values.push(format!(
                "('{}','{id}','applicant','person','{}建{}','',{ts})",
                uuid::Uuid::new_v4(),
                SURNAMES[i % 8],
                i % 97
            ));
        }
        let sql = format!(
            "BEGIN; INSERT INTO cases (id, committee_id, street_id, state, source, dispute_type, summary, requests, state_entered_at, created_at, updated_at) VALUES {}; \
             INSERT INTO case_parties (id, case_id, party_role, kind, name, phone, created_at) VALUES {}; COMMIT;",
            case_values.join(","),
            party_values.join(",")
        );
        conn.batch_execute(&sql).unwrap();
    }
    conn.batch_execute("ANALYZE").unwrap();
    (streets, middle)
}

fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}
