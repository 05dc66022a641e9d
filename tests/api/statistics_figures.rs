//! The mailbox figures and the grid breakdown of the statistics dashboard
//! (issue 13): a known set of letters and cases, each figure against its
//! hand count, the counters against a recount after the mix, and each
//! table's CSV/XLSX export.

use crate::helpers::mailbox::{act, compound_named, coordinator, send_letter_at};
use crate::helpers::mediation::*;
use crate::helpers::*;
use crate::statistics::{closed_with_agreement, failed_and_closed, figure, stats_page};
use reqwest::StatusCode;
use scraper::Html;
use yuanba::db::places;
use yuanba::domain::place::PlaceKind;

const DAY: i64 = 86_400;

fn assert_no_differences(app: &TestApp, when: &str) {
    let found = yuanba::statistics::index::differences(&mut app.conn()).unwrap();
    assert!(found.is_empty(), "{when}: {found:#?}");
}

/// As if the letter had arrived `days` ago: its receipt and both due times
/// move back together (the clocks keep their category's targets).
fn received_days_ago(app: &TestApp, letter: &str, days: i64) {
    let shift = days * DAY;
    app.run_sql(&format!(
        "UPDATE letters SET created_at = created_at - {shift}, ack_due_at = ack_due_at - {shift}, \
         resolve_due_at = resolve_due_at - {shift} WHERE id = '{letter}'"
    ))
    .unwrap();
}

fn rows(page: &Html, table: &str) -> Vec<String> {
    select_text(page, &format!("#{table} tbody tr"))
}

/// Five letters about two compounds of 塔坪社区, handled as follows (days
/// from receipt; the facilities targets are 3 days to respond and 30 to
/// resolve, the environment ones 3 and 15):
/// - L1 facilities, 10 days ago: replied now (10, late), answered now (10, on time);
/// - L2 facilities, now: replied now (0, on time), still open;
/// - L3 environment, 40 days ago: in progress now (40, late), done now (40, late);
/// - L4 facilities, now: nothing yet;
/// - L5 environment, 2 days ago: declined now (2, on time; 2, on time).
#[tokio::test]
async fn mailbox_figures_match_the_hand_count_and_the_counters_a_recount() {
    let app = spawn_app().await;
    let taping = compound_named(&app, "观音桥街道", "塔坪小区");
    let yudai = compound_named(&app, "观音桥街道", "玉带山小区");
    let mut ids = Vec::new();
    for compound in [&taping, &taping, &yudai, &taping, &yudai] {
        ids.push(send_letter_at(&app, compound, &[]).await.0.id);
    }
    for id in [&ids[2], &ids[4]] {
        app.run_sql(&format!(
            "UPDATE letters SET category = 'environment' WHERE id = '{id}'"
        ))
        .unwrap();
    }
    received_days_ago(&app, &ids[0], 10);
    received_days_ago(&app, &ids[2], 40);
    received_days_ago(&app, &ids[4], 2);
    // The letters were moved behind the counters' back, as a bulk load
    // would: the rebuild recounts them, then the staff actions move the
    // counters live.
    yuanba::statistics::index::rebuild(&mut app.conn()).unwrap();
    assert_no_differences(&app, "after the rebuild");
    let staff = coordinator(&app, "gyq-letters", "观音桥街道").await;
    let done = StatusCode::SEE_OTHER;
    let reply = [("body", "已收到，正在安排维修。")];
    assert_eq!(act(&staff, &app, &ids[0], "reply", &reply).await.status(), done);
    let answered = [("to", "answered"), ("reason", "已维修完毕。")];
    assert_eq!(act(&staff, &app, &ids[0], "status", &answered).await.status(), done);
    assert_eq!(act(&staff, &app, &ids[1], "reply", &reply).await.status(), done);
    let busy = [("to", "in_progress"), ("reason", "")];
    assert_eq!(act(&staff, &app, &ids[2], "status", &busy).await.status(), done);
    let finished = [("to", "done"), ("reason", "已清理。")];
    assert_eq!(act(&staff, &app, &ids[2], "status", &finished).await.status(), done);
    let declined = [("to", "declined"), ("reason", "不属于社区职责范围。")];
    assert_eq!(act(&staff, &app, &ids[4], "status", &declined).await.status(), done);
    // A note is no response: it moves nothing.
    assert_eq!(
        act(&staff, &app, &ids[3], "note", &[("body", "待核实。")])
            .await
            .status(),
        done
    );
    assert_no_differences(&app, "after the staff actions");

    app.login_admin().await;
    let page = stats_page(&app.client, &app, "").await;
    let expected = [
        ("letters", "5"),
        ("letters_waiting", "1"),
        // Responses after 0, 2, 10 and 40 days: the 2nd of 4 and the 4th.
        ("ack_median", "2"),
        ("ack_p90", "40"),
        // L2 and L5 of the four responded within 3 days.
        ("ack_share", "50.0%"),
        ("letters_open", "2"),
        // Resolutions after 2, 10 and 40 days.
        ("resolve_median", "10"),
        ("resolve_p90", "40"),
        // L1 (10 ≤ 30) and L5 (2 ≤ 15) of three; L3 took 40 > 15.
        ("resolve_share", "66.7%"),
    ];
    for (id, value) in expected {
        assert_eq!(figure(&page, id), value, "figure {id}");
    }
    // By category, in the catalogue's order, with the targets set now.
    assert_eq!(
        rows(&page, "stats-letter-categories"),
        vec!["环境卫生3 / 152250.0%250.0%", "公共设施3 / 303250.0%1100.0%"]
    );
    assert_eq!(rows(&page, "stats-letter-compounds"), vec!["塔坪小区3", "玉带山小区2"]);
    // A coordinator of another street sees none of them.
    app.create_user(
        "wld-letters",
        yuanba::domain::role::Role::Coordinator,
        None,
        Some("五里店街道"),
    );
    let other = logged_in(&app, "wld-letters").await;
    let theirs = stats_page(&other, &app, "").await;
    assert_eq!(figure(&theirs, "letters"), "0");
    assert_eq!(figure(&theirs, "ack_median"), "—");
    assert_eq!(figure(&theirs, "ack_share"), "—");

    // Each table downloads as CSV and XLSX with the page's figures.
    let res = get(
        &app.client,
        &app.url("/admin/stats/export/letter-categories?format=csv"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    assert!(csv.contains("环境卫生,3 / 15,2,2,50.0%,2,50.0%"), "{csv}");
    let res = get(
        &app.client,
        &app.url("/admin/stats/export/letter-compounds?format=xlsx"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    let res = get(&app.client, &app.url("/admin/stats/export/letter-compounds?format=pdf")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = get(&app.client, &app.url("/admin/stats/export/nothing?format=csv")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Reopening a resolved letter takes its resolution back, live.
    let reopen = [("to", "in_progress"), ("reason", "居民反映仍未修好。")];
    assert_eq!(act(&staff, &app, &ids[0], "status", &reopen).await.status(), done);
    assert_no_differences(&app, "after reopening");
    let page = stats_page(&app.client, &app, "").await;
    assert_eq!(figure(&page, "letters_open"), "3");
    assert_eq!(figure(&page, "resolve_share"), "50.0%");
}

/// A resident applies online naming a community and a grid.
async fn apply_in_grid(app: &TestApp, street: &str, community: &str, grid: &str) -> String {
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水\n赔偿天花板维修费 3000 元"),
        ("street_id", street),
        ("community_id", community),
        ("grid_id", grid),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt = Html::parse_document(&res.text().await.unwrap());
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .expect("case stored");
    assert_eq!(case.grid_id.as_deref(), Some(grid));
    case.id
}

/// In 塔坪社区: grid 一网格 has a case closed with an agreement of 3,000
/// yuan, one failed and closed and one only accepted; grid 二网格 one
/// accepted; one case names the community but no grid.
#[tokio::test]
async fn the_grid_breakdown_matches_the_hand_count_and_the_counters_a_recount() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let street = places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    compound_named(&app, "观音桥街道", "塔坪小区");
    let community = places::find_child(&mut app.conn(), Some(&street), "塔坪社区")
        .unwrap()
        .unwrap()
        .id;
    let first = places::find_child(&mut app.conn(), Some(&community), "一网格")
        .unwrap()
        .unwrap()
        .id;
    let second = places::ensure(&mut app.conn(), Some(&community), PlaceKind::Grid, "二网格", None, 1).unwrap();
    let a = apply_in_grid(&app, &street, &community, &first).await;
    closed_with_agreement(&app, &cast, &a).await;
    let b = apply_in_grid(&app, &street, &community, &first).await;
    failed_and_closed(&app, &cast, &b).await;
    let c = apply_in_grid(&app, &street, &community, &first).await;
    expect_step(&cast.coordinator, &app, &c, "ACCEPTED", &[]).await;
    let d = apply_in_grid(&app, &street, &community, &second).await;
    expect_step(&cast.coordinator, &app, &d, "ACCEPTED", &[]).await;
    // Not accepted: counts nowhere.
    apply_in_grid(&app, &street, &community, &second).await;
    assert_no_differences(&app, "after the workflow");

    app.login_admin().await;
    // The district and street views have no grid table.
    let page = stats_page(&app.client, &app, &format!("?street={street}")).await;
    assert!(select_text(&page, "#stats-grids").is_empty());
    let page = stats_page(&app.client, &app, &format!("?street={street}&community={community}")).await;
    assert_eq!(figure(&page, "accepted"), "4");
    assert_eq!(select_text(&page, "#h-grids"), vec!["按网格"]);
    assert_eq!(select_text(&page, "#stats-grids tbody .name"), vec!["一网格", "二网格"]);
    assert_eq!(rows(&page, "stats-grids"), vec!["一网格32150.0%0.30", "二网格100—0.00"]);
    // One grid chosen: its row and its months, the URL carrying it.
    let query = format!("?street={street}&community={community}&grid={second}");
    let page = stats_page(&app.client, &app, &query).await;
    assert_eq!(rows(&page, "stats-grids"), vec!["二网格100—0.00"]);
    let months = rows(&page, "stats-grid-months");
    assert_eq!(months.len(), 12);
    assert!(months.last().unwrap().contains("1——0—"), "{months:?}");
    assert_eq!(first_attr(&page, "#f-grid option[selected]", "value"), second);
    let link = first_attr(&page, "a[data-export=grids]", "href");
    assert!(link.contains(&format!("grid={second}")), "{link}");
    let res = get(&app.client, &app.url(&link)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv.contains("二网格,1,0,0,—,0.00"), "{csv}");
    // A grid of another community is refused beside its field.
    let query = format!("?street={street}&community={community}&grid={street}");
    let page = stats_page(&app.client, &app, &query).await;
    assert!(!select_text(&page, "#e-grid").is_empty());
    assert_eq!(rows(&page, "stats-grids").len(), 2);

    // A rebuild gives the same grid counters; a wrong one is found.
    yuanba::statistics::index::rebuild(&mut app.conn()).unwrap();
    assert_no_differences(&app, "after rebuild");
    app.run_sql("UPDATE stat_counts SET n = n + 1 WHERE dim = 'grid' AND metric = 'accepted'")
        .unwrap();
    let found = yuanba::statistics::index::differences(&mut app.conn()).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.starts_with("grid/")), "{found:?}");
}
