//! The centre's board `/centre` reads counters kept with every referral
//! step; the figures match a small known scenario, for the district and
//! per street. The referral list exports as CSV and XLSX, masked.

use super::*;
use yuanba::domain::resolution::ChannelType as C;

fn cells(html: &Html, css: &str) -> Vec<String> {
    select_text(html, css).iter().map(|s| s.trim().to_owned()).collect()
}

#[tokio::test]
async fn the_board_shows_a_known_scenario_and_exports_are_masked() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let legal_aid = org(&app, "江北区法律援助中心", C::LegalAid, None, "");
    let coordinator = centre(&app, "gyq-centre").await;

    // 1: the first door resolves it by agreement after three days.
    let first = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    let evidence = [("note", "电话确认")];
    assert_eq!(
        step_on(&coordinator, &app, &first, "accept", &evidence).await.status(),
        StatusCode::SEE_OTHER
    );
    app.run_sql(&format!(
        "UPDATE referrals SET sent_at = sent_at - 3 * 86400 - 60 WHERE id = '{first}'"
    ))
    .unwrap();
    let fields = [("outcome", "agreement"), ("note", "协议书已收到")];
    assert_eq!(
        step_on(&coordinator, &app, &first, "outcome", &fields).await.status(),
        StatusCode::SEE_OTHER
    );

    // 2: legal aid returns it; it goes on to the property committee.
    let case2 = apply_online(&app, GYQ).await;
    let res = refer(
        &coordinator,
        &app,
        &case2,
        &legal_aid,
        "当事人电话 13812345678，咨询法律援助",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let returned = location(&res).trim_start_matches("/centre/referrals/").to_owned();
    let fields = [("reason", "不属法律援助范围"), ("note", "退回函")];
    assert_eq!(
        step_on(&coordinator, &app, &returned, "return", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    referred(&coordinator, &app, &case2, &property).await;

    // 3: never accepted, overdue.
    let late = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    app.run_sql(&format!("UPDATE referrals SET accept_by = 1000 WHERE id = '{late}'"))
        .unwrap();

    let admin = new_client();
    login(&admin, &app.address, "admin", ADMIN_PASSWORD).await;
    for (who, client) in [("admin", &admin), ("coordinator", &coordinator)] {
        let board = page(client, &app, "/centre").await;
        // sent, accepted, returned, outcome reported, closed; average days.
        assert_eq!(
            cells(&board, "#by-channel tr[data-channel=sector_committee] td"),
            vec!["2", "0", "0", "1", "0", "3.0"],
            "{who}"
        );
        assert_eq!(
            cells(&board, "#by-channel tr[data-channel=legal_aid] td"),
            vec!["0", "0", "1", "0", "0", ""],
            "{who}"
        );
        assert_eq!(cells(&board, "#first-door .figure"), vec!["100%"], "{who}");
        let overdue: Vec<String> = board
            .select(&scraper::Selector::parse("#board-overdue .referral-row").unwrap())
            .map(|e| e.value().attr("data-id").unwrap().to_owned())
            .collect();
        assert_eq!(overdue, vec![late.clone()], "{who}");
        assert_eq!(cells(&board, "#by-type li[data-type=neighbour] .n"), vec!["4"], "{who}");
    }
    let district = page(&admin, &app, "/centre").await;
    assert_eq!(cells(&district, "#by-street td.n"), vec!["4"]);
    // Another street's coordinator sees none of it.
    app.create_user(
        "wld-centre",
        yuanba::domain::role::Role::Coordinator,
        None,
        Some("五里店街道"),
    );
    let other = logged_in(&app, "wld-centre").await;
    let board = page(&other, &app, "/centre").await;
    assert!(select_text(&board, "#by-channel tbody tr").is_empty());
    assert!(select_text(&board, "#board-overdue .referral-row").is_empty());
    assert_eq!(cells(&board, "#first-door .figure"), vec!["—"]);

    // The export: every referral of the street, newest first, masked.
    let res = coordinator
        .get(app.url("/centre/referrals/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert_eq!(csv.trim_end().lines().count(), 1 + 4, "a header and four referrals");
    assert!(csv.contains("江北区法律援助中心"));
    assert!(!csv.contains("13812345678"), "a phone number in the reason is masked");
    let empty = other.get(app.url("/centre/referrals/export.csv")).send().await.unwrap();
    assert_eq!(
        empty.text().await.unwrap().trim_end().lines().count(),
        1,
        "another street's: a header only"
    );
    let res = admin
        .get(app.url("/centre/referrals/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"), "an XLSX (zip) file");
}

/// `check-stats` recounts the board's cells from the referrals: after real
/// steps they agree; a tampered cell is found, and the rebuild mends it.
#[tokio::test]
async fn the_board_counters_agree_with_a_recount_and_a_rebuild_mends_them() {
    use yuanba::resolution::counts::{differences, rebuild};
    let app = spawn_app().await;
    let property = property_committee(&app);
    let legal_aid = org(&app, "江北区法律援助中心", C::LegalAid, None, "");
    let coordinator = centre(&app, "gyq-recount").await;
    let done = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    let note = [("note", "电话确认")];
    step_on(&coordinator, &app, &done, "accept", &note).await;
    let fields = [("outcome", "agreement"), ("note", "协议书已收到")];
    step_on(&coordinator, &app, &done, "outcome", &fields).await;
    let back = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &legal_aid).await;
    let fields = [("reason", "不属法律援助范围"), ("note", "退回函")];
    step_on(&coordinator, &app, &back, "return", &fields).await;
    assert!(
        differences(&mut app.conn()).unwrap().is_empty(),
        "the steps kept the cells"
    );

    app.run_sql("UPDATE centre_counts SET n = n + 5 WHERE count_key = 'first_door_resolved' AND street_id = '*'")
        .unwrap();
    app.run_sql("DELETE FROM centre_counts WHERE count_key = 'state:legal_aid:returned' AND street_id <> '*'")
        .unwrap();
    let found = differences(&mut app.conn()).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|l| l.contains("first_door_resolved: 6, recount 1")),
        "{found:?}"
    );

    rebuild(&mut app.conn()).unwrap();
    assert!(differences(&mut app.conn()).unwrap().is_empty());
    let board = page(&coordinator, &app, "/centre").await;
    assert_eq!(
        cells(&board, "#by-channel tr[data-channel=legal_aid] td"),
        vec!["0", "0", "1", "0", "0", ""]
    );
    assert_eq!(cells(&board, "#first-door .figure"), vec!["100%"]);
}

/// The board's figures are on the statistics dashboard too, with their
/// export; a coordinator's dashboard shows their street's.
#[tokio::test]
async fn the_statistics_dashboard_shows_the_centre_figures() {
    let app = spawn_app().await;
    let property = property_committee(&app);
    let coordinator = centre(&app, "gyq-stats").await;
    let done = referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;
    step_on(&coordinator, &app, &done, "accept", &[("note", "电话确认")]).await;
    let fields = [("outcome", "agreement"), ("note", "协议书已收到")];
    step_on(&coordinator, &app, &done, "outcome", &fields).await;
    referred(&coordinator, &app, &apply_online(&app, GYQ).await, &property).await;

    let admin = new_client();
    login(&admin, &app.address, "admin", ADMIN_PASSWORD).await;
    for (who, client) in [("admin", &admin), ("coordinator", &coordinator)] {
        let stats = page(client, &app, "/admin/stats").await;
        // sent, accepted, returned, outcome reported, closed; outcomes; days.
        assert_eq!(
            cells(&stats, "#stats-centre tr[data-channel=sector_committee] td"),
            vec!["1", "0", "0", "1", "0", "1", "0.0"],
            "{who}"
        );
        let tiles = cells(&stats, ".stats-centre .stat-value");
        assert_eq!(tiles, vec!["1", "0", "1", "100%"], "{who}");
    }
    let res = admin
        .get(app.url("/admin/stats/export/centre?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert_eq!(csv.trim_end().lines().count(), 2, "a header and one channel: {csv}");
    // Another street's coordinator sees none of it.
    app.create_user(
        "wld-stats",
        yuanba::domain::role::Role::Coordinator,
        None,
        Some("五里店街道"),
    );
    let other = logged_in(&app, "wld-stats").await;
    let stats = page(&other, &app, "/admin/stats").await;
    assert!(select_text(&stats, "#stats-centre tbody tr").is_empty());
}
