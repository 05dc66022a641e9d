//! The derived queue data (team rows flagged open, the "全部" counters) agree
//! with a recount from the cases after a mix of workflow paths (issue 10),
//! and the queue tabs show the same numbers.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;

/// The ends a case can be driven to, each through the real workflow.
#[derive(Clone, Copy, Debug)]
enum Path {
    Registered,
    NotAccepted,
    Accepted,
    Mediating,
    Failed,
    Closed,
}

const PATHS: [Path; 6] = [
    Path::Registered,
    Path::NotAccepted,
    Path::Accepted,
    Path::Mediating,
    Path::Failed,
    Path::Closed,
];

/// A fixed-seed linear congruential sequence: the same "random" mix on
/// every run and backend, so a failure can be replayed.
fn mix(seed: u64, n: usize) -> Vec<Path> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            PATHS[(state >> 33) as usize % PATHS.len()]
        })
        .collect()
}

async fn drive(app: &TestApp, cast: &Cast, case_id: &str, path: Path) {
    let coordinator = &cast.coordinator;
    match path {
        Path::Registered => {}
        Path::NotAccepted => {
            let fields = [("reason_code", "in_court"), ("notification_method", "电话告知")];
            expect_step(coordinator, app, case_id, "NOT_ACCEPTED", &fields).await;
        }
        Path::Accepted => expect_step(coordinator, app, case_id, "ACCEPTED", &[]).await,
        Path::Mediating => to_mediating(app, cast, case_id).await,
        Path::Failed | Path::Closed => {
            to_mediating(app, cast, case_id).await;
            let held_on = day(0);
            let session = [
                ("kind", "session"),
                ("held_on", held_on.as_str()),
                ("place", "观音桥社区调解室"),
                ("persons", "双方当事人"),
                ("content", "双方各执己见。"),
                ("result", "未达成协议"),
            ];
            let res = post_case(&cast.lead, app, case_id, "/records", &session).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
            let today = day(0);
            expect_step(
                &cast.lead,
                app,
                case_id,
                "FAILED",
                &ending_fields(&today, "告知可向法院起诉"),
            )
            .await;
            if matches!(path, Path::Closed) {
                expect_step(&cast.lead, app, case_id, "CLOSURE_REVIEW", &[]).await;
                let file = [("identity_proof", "yes"), ("back_cover", "yes")];
                expect_step(&cast.mentor, app, case_id, "CLOSED", &file).await;
            }
        }
    }
}

/// The count shown on each queue tab, by tab code.
fn tab_counts(page: &Html) -> Vec<(String, Option<i64>)> {
    let tab = scraper::Selector::parse("ul.tabs a").unwrap();
    let count = scraper::Selector::parse(".count").unwrap();
    page.select(&tab)
        .map(|a| {
            let code = a
                .value()
                .attr("href")
                .unwrap_or_default()
                .rsplit('=')
                .next()
                .unwrap_or_default();
            let n = a
                .select(&count)
                .next()
                .map(|c| c.text().collect::<String>().trim().parse().unwrap());
            (code.to_owned(), n)
        })
        .collect()
}

fn count_of(tabs: &[(String, Option<i64>)], code: &str) -> Option<i64> {
    tabs.iter().find(|(c, _)| c == code).and_then(|(_, n)| *n)
}

#[tokio::test]
async fn queue_counters_and_team_rows_agree_with_a_recount_after_a_mix_of_paths() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let paths = mix(20_261_131, 12);
    for path in PATHS {
        let seen = paths
            .iter()
            .any(|p| std::mem::discriminant(p) == std::mem::discriminant(&path));
        assert!(seen, "the seed's mix covers {path:?}: {paths:?}");
    }
    let mut cases = Vec::new();
    for path in &paths {
        let id = apply_online(&app, "观音桥街道").await;
        drive(&app, &cast, &id, *path).await;
        cases.push((id, *path));
    }
    // One case in another street, so the street counter is not the district's.
    apply_online(&app, "五里店街道").await;

    let differences = yuanba::mediation::queue_index::differences(&mut app.conn()).unwrap();
    assert!(differences.is_empty(), "{differences:#?}");
    // A rebuild from the cases (bulk loads, restores) gives the same rows.
    yuanba::mediation::queue_index::rebuild(&mut app.conn()).unwrap();
    let differences = yuanba::mediation::queue_index::differences(&mut app.conn()).unwrap();
    assert!(differences.is_empty(), "after rebuild: {differences:#?}");

    // The coordinator's "全部" is the street's cases; the admin's the district's.
    let (_, page) = get_html(&cast.coordinator, &app.url("/staff/cases?queue=all")).await;
    assert_eq!(count_of(&tab_counts(&page), "all"), Some(paths.len() as i64));
    app.login_admin().await;
    let (_, page) = get_html(&app.client, &app.url("/staff/cases?queue=all")).await;
    assert_eq!(count_of(&tab_counts(&page), "all"), Some(paths.len() as i64 + 1));

    // The 小马's "我的案件" holds exactly the cases in hand; the ended ones
    // are in their history tab, which has no count.
    let in_hand = |p: &Path| matches!(p, Path::Mediating | Path::Failed);
    let (_, page) = get_html(&cast.lead, &app.url("/staff/cases?queue=mine")).await;
    let tabs = tab_counts(&page);
    assert_eq!(
        count_of(&tabs, "mine"),
        Some(paths.iter().filter(|p| in_hand(p)).count() as i64)
    );
    assert!(tabs.iter().any(|(code, n)| code == "ended" && n.is_none()));
    let listed = select_text(&page, "table.case-table tbody tr").len();
    assert_eq!(listed, paths.iter().filter(|p| in_hand(p)).count(), "{paths:?}");
    let (_, ended) = get_html(&cast.lead, &app.url("/staff/cases?queue=ended")).await;
    let closed = paths.iter().filter(|p| matches!(p, Path::Closed)).count();
    assert_eq!(select_text(&ended, "table.case-table tbody tr").len(), closed);
}
