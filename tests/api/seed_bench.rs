//! `seed-bench` (issue 10): the generated history is consistent with the
//! workflow and the numbering rules, and the bench accounts can work with
//! it over HTTP.

use crate::helpers::*;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use reqwest::StatusCode;
use yuanba::bench_seed::{self, BENCH_PASSWORD, Options, SeedError};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.conn();
    diesel::sql_query(sql).get_result::<Count>(&mut *conn).unwrap().n
}

fn ids(app: &TestApp, sql: &str) -> Vec<String> {
    let mut conn = app.conn();
    let rows: Vec<IdRow> = diesel::sql_query(sql).load(&mut *conn).unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

fn seed(app: &TestApp) -> bench_seed::Summary {
    let options = Options {
        cases: 400,
        letters: 60,
        seed: 7,
        people: Default::default(),
    };
    bench_seed::generate(&mut app.conn(), &options).expect("seed-bench runs")
}

#[tokio::test]
async fn the_generated_history_follows_the_workflow_and_the_numbering() {
    let app = spawn_app().await;
    let summary = seed(&app);
    assert_eq!(summary.cases.cases, 400);
    assert_eq!(count(&app, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases"), 400);
    assert_eq!(count(&app, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM letters"), 60);
    // Mostly finished, with an open backlog.
    assert!(summary.cases.open > 0 && summary.cases.open < 200, "{summary:?}");
    // Every case's last event leads into its state.
    let mismatched = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases c WHERE c.state <> \
        (SELECT e.to_state FROM case_events e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)";
    assert_eq!(count(&app, mismatched), 0);
    // Every event continues from the state the previous one led into.
    let broken_chain = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM case_events e WHERE e.from_state IS NOT NULL \
        AND e.from_state <> (SELECT p.to_state FROM case_events p WHERE p.case_id = e.case_id AND p.id < e.id \
        ORDER BY p.id DESC LIMIT 1)";
    assert_eq!(count(&app, broken_chain), 0);
    // Numbers: one per accepted case, unique and gap-free per committee and
    // year, the counter at the last one given.
    assert_eq!(
        count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases WHERE (accepted_at IS NULL) <> (case_number IS NULL)"
        ),
        0
    );
    let off_counters = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM case_number_counters k WHERE k.last_n <> \
        (SELECT COUNT(DISTINCT c.case_seq) FROM cases c WHERE c.committee_id = k.committee_id AND c.case_year = k.year) \
        OR k.last_n <> (SELECT MAX(c.case_seq) FROM cases c WHERE c.committee_id = k.committee_id AND c.case_year = k.year)";
    assert_eq!(count(&app, off_counters), 0);
    let numbered = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases WHERE case_number IS NOT NULL";
    let counted = "SELECT CAST(COALESCE(SUM(last_n), 0) AS BIGINT) AS n FROM case_number_counters";
    assert_eq!(count(&app, numbered), count(&app, counted));
    // Every assigned case has a lead, and a 小马's case a mentor.
    let no_mentor = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases c JOIN users u ON u.id = c.lead_mediator_id \
        WHERE u.mediator_level = 'trainee' AND c.mentor_id IS NULL";
    assert_eq!(count(&app, no_mentor), 0);
    // The derived queue data (team rows, counters) agrees with a recount.
    let differences = yuanba::mediation::queue_index::differences(&mut app.conn()).unwrap();
    assert!(differences.is_empty(), "{differences:?}");
    // A second run would mix two histories: it is refused.
    let again = bench_seed::generate(
        &mut app.conn(),
        &Options {
            cases: 10,
            letters: 0,
            seed: 1,
            people: Default::default(),
        },
    );
    assert!(matches!(again, Err(SeedError::NotEmpty)));
}

async fn logged_in(app: &TestApp, username: &str) -> reqwest::Client {
    let client = new_client();
    let res = login(&client, &app.address, username, BENCH_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{username} logs in");
    client
}

async fn page_has(client: &reqwest::Client, app: &TestApp, path: &str, css: &str) {
    let (status, html) = get_html(client, &app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let selector = scraper::Selector::parse(css).unwrap();
    assert!(html.select(&selector).next().is_some(), "{path} shows {css}");
}

#[tokio::test]
async fn the_bench_accounts_open_their_queues_and_cases_in_every_state() {
    let app = spawn_app().await;
    seed(&app);
    let admin = logged_in(&app, "bench-admin").await;
    let coordinator = logged_in(&app, "bench-coordinator").await;
    let laoma = logged_in(&app, "bench-laoma").await;
    let xiaoma = logged_in(&app, "bench-xiaoma").await;
    page_has(&coordinator, &app, "/staff/cases", "ul.tabs").await;
    page_has(&laoma, &app, "/staff/cases?queue=mine", "ul.tabs").await;
    page_has(&xiaoma, &app, "/staff/cases?queue=mine", "ul.tabs").await;
    page_has(&laoma, &app, "/staff/cases?queue=ended", "table.case-table").await;
    page_has(&laoma, &app, "/staff/cases?queue=review", "ul.tabs").await;
    page_has(&admin, &app, "/staff/cases?queue=all", "table.case-table").await;
    page_has(
        &admin,
        &app,
        "/staff/cases?queue=all&state=ARCHIVED",
        "table.case-table",
    )
    .await;
    page_has(&xiaoma, &app, "/staff", "h1").await;
    // One case of each state the history holds opens for the admin.
    let per_state = ids(&app, "SELECT MIN(id) AS id FROM cases GROUP BY state");
    assert!(per_state.len() >= 6, "several states: {}", per_state.len());
    for id in per_state {
        page_has(&admin, &app, &format!("/staff/cases/{id}"), "h1").await;
    }
    // The 老马's own cases open for him (he leads or mentors them).
    let his = ids(
        &app,
        "SELECT c.id AS id FROM cases c JOIN users u ON u.id = c.lead_mediator_id OR u.id = c.mentor_id \
         WHERE u.username = 'bench-laoma' ORDER BY c.id DESC LIMIT 3",
    );
    assert!(!his.is_empty(), "the bench 老马 has cases");
    for id in his {
        page_has(&laoma, &app, &format!("/staff/cases/{id}"), "h1").await;
    }
}

/// Every page of `scope`/`filter`, following the keyset like the list page.
fn all_pages(
    app: &TestApp,
    scope: &yuanba::db::cases::CaseScope,
    filter: &yuanba::db::cases::CaseFilter,
    page: i64,
) -> Vec<String> {
    let mut filter = filter.clone();
    let mut out = Vec::new();
    loop {
        let rows = yuanba::db::cases::list(&mut app.conn(), scope, &filter, page).unwrap();
        out.extend(rows.iter().map(|c| c.id.clone()));
        match rows.last() {
            Some(last) if rows.len() as i64 == page => filter.before_id = Some(last.id.clone()),
            _ => return out,
        }
    }
}

/// Issue 10: a mediator's history and a party-name search are read through
/// their own indexes a chunk at a time; page after page they list exactly
/// the cases a plain query finds, newest first, across chunk boundaries
/// and with a further filter.
#[tokio::test]
async fn history_and_name_search_pages_list_exactly_the_matching_cases() {
    use yuanba::db::cases::{CaseFilter, CaseScope};
    use yuanba::domain::mediation::DisputeType;
    let app = spawn_app().await;
    let options = Options {
        cases: 6000,
        letters: 0,
        seed: 11,
        people: Default::default(),
    };
    bench_seed::generate(&mut app.conn(), &options).expect("seed-bench runs");
    let busiest = ids(
        &app,
        "SELECT user_id AS id FROM case_team WHERE open = FALSE GROUP BY user_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .remove(0);
    let expected = ids(
        &app,
        &format!(
            "SELECT DISTINCT case_id AS id FROM case_team WHERE user_id = '{busiest}' AND open = FALSE ORDER BY case_id DESC"
        ),
    );
    assert!(expected.len() > 200, "more than one chunk: {}", expected.len());
    let ended = CaseScope::MediatorEnded(busiest.clone());
    assert_eq!(all_pages(&app, &ended, &CaseFilter::default(), 30), expected);
    // With a filter the chunks are filtered, not the page.
    let neighbour = CaseFilter {
        dispute_type: Some(DisputeType::Neighbour),
        ..Default::default()
    };
    let expected_neighbour = ids(
        &app,
        &format!(
            "SELECT DISTINCT t.case_id AS id FROM case_team t JOIN cases c ON c.id = t.case_id \
             WHERE t.user_id = '{busiest}' AND t.open = FALSE AND c.dispute_type = 'neighbour' ORDER BY t.case_id DESC"
        ),
    );
    assert_eq!(all_pages(&app, &ended, &neighbour, 7), expected_neighbour);

    // The commonest two-character name start among the parties.
    let common = ids(
        &app,
        "SELECT substr(name, 1, 2) AS id FROM case_parties GROUP BY substr(name, 1, 2) ORDER BY COUNT(*) DESC, substr(name, 1, 2) LIMIT 1",
    )
    .remove(0);
    let expected = ids(
        &app,
        &format!("SELECT DISTINCT case_id AS id FROM case_parties WHERE name LIKE '{common}%' ORDER BY case_id DESC"),
    );
    assert!(expected.len() > 200, "more than one chunk: {}", expected.len());
    let search = CaseFilter {
        search: Some(common.clone()),
        ..Default::default()
    };
    assert_eq!(all_pages(&app, &CaseScope::All, &search, 30), expected);
    // Within one street, as a coordinator searches.
    let street = ids(
        &app,
        "SELECT street_id AS id FROM cases GROUP BY street_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .remove(0);
    let expected_street = ids(
        &app,
        &format!(
            "SELECT DISTINCT p.case_id AS id FROM case_parties p JOIN cases c ON c.id = p.case_id \
             WHERE p.name LIKE '{common}%' AND c.street_id = '{street}' ORDER BY p.case_id DESC"
        ),
    );
    assert!(!expected_street.is_empty());
    assert_eq!(
        all_pages(&app, &CaseScope::Street(street), &search, 30),
        expected_street
    );
}

/// Issue 12 at scale: `--trainees/--seniors` give every 老马 a full set of
/// mentees (never past the cap), every other 小马 an ended pairing, and
/// the bench 老马 the bench 小马 among their mentees; the dashboards
/// render on the generated data.
#[tokio::test]
async fn a_generated_mentoring_district_keeps_the_cap_and_renders() {
    use yuanba::bench_seed::cast::People;
    let app = spawn_app().await;
    let options = Options {
        cases: 300,
        letters: 0,
        seed: 5,
        people: People {
            trainees: 200,
            seniors: 40,
        },
    };
    let summary = bench_seed::generate(&mut app.conn(), &options).expect("seed-bench runs");
    let trainees = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users WHERE role = 'mediator' AND mediator_level = 'trainee'",
    );
    assert!(trainees >= 200, "{trainees}");
    let over_cap = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT mentor_id FROM pairings WHERE active \
        GROUP BY mentor_id HAVING COUNT(*) > 3) t";
    assert_eq!(count(&app, over_cap), 0);
    let unpaired = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users u WHERE u.mediator_level = 'trainee' \
        AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.mentee_id = u.id)";
    assert_eq!(count(&app, unpaired), 0);
    let active = count(&app, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM pairings WHERE active");
    assert_eq!(active as u64, summary.mentoring.active_pairings);
    assert!(summary.mentoring.ended_pairings > 0 && summary.mentoring.graduations > 0);
    let profiles = count(&app, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM mediator_profiles");
    let mediators = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users WHERE role = 'mediator' AND username LIKE 'bench-%' AND username NOT LIKE 'bench-head-%'",
    );
    assert_eq!(profiles, mediators);

    let laoma = new_client();
    login(&laoma, &app.address, "bench-laoma", BENCH_PASSWORD).await;
    let (status, html) = get_html(&laoma, &app.url("/mentoring")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, ".pairing-card").len(), 3);
    let admin = new_client();
    login(&admin, &app.address, "bench-admin", BENCH_PASSWORD).await;
    let (status, html) = get_html(&admin, &app.url("/mentoring")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!select_text(&html, ".ready-mentee").is_empty());
    assert!(!select_text(&html, "#by-month li").is_empty());
}
