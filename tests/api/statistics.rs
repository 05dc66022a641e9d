//! The statistics dashboard (issue 13): every headline figure against
//! hand-computed values after cases driven through the real workflow, the
//! counters against a recount, and each reader's scope (admin: district;
//! coordinator: own street; mediator: own figures).

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::domain::role::Role;

/// Written agreement of 3,000 yuan, performed at once, visited (satisfaction
/// 5, performed) and closed.
pub(crate) async fn closed_with_agreement(app: &TestApp, cast: &Cast, case_id: &str) {
    to_mediating(app, cast, case_id).await;
    let held_on = day(0);
    let session = [
        ("kind", "session"),
        ("held_on", held_on.as_str()),
        ("content", "现场调解。"),
    ];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/records", &session).await.status(),
        StatusCode::SEE_OTHER
    );
    let draft = [
        ("kind", "written"),
        ("facts", "漏水。"),
        ("terms", "修复并赔偿。"),
        ("amount", "3000"),
    ];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/agreements", &draft)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    add_respondent_term(&cast.lead, app, case_id).await;
    expect_step(&cast.lead, app, case_id, "AGREEMENT_REVIEW", &[]).await;
    sign_everyone(&cast.lead, app, case_id, &cast.lead_id, &day(0)).await;
    expect_step(&cast.mentor, app, case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    expect_step(&cast.lead, app, case_id, "FOLLOW_UP", &[("performed", "yes")]).await;
    let visit = [
        ("visited_on", day(0)),
        ("visitor", "小马".to_owned()),
        ("method", "phone".to_owned()),
        ("performance", "performed".to_owned()),
        ("satisfaction", "5".to_owned()),
        ("measures", "已修复。".to_owned()),
    ];
    let visit: Vec<(&str, &str)> = visit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/follow-ups", &visit)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    expect_step(&cast.lead, app, case_id, "CLOSURE_REVIEW", &[]).await;
    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    expect_step(&cast.mentor, app, case_id, "CLOSED", &file).await;
}

/// Prevention flags (2 persons kept from a criminal case) and escalation to
/// the centre, then an oral agreement in force, confirmed by the court.
async fn oral_confirmed_and_difficult(app: &TestApp, cast: &Cast, case_id: &str) {
    to_mediating(app, cast, case_id).await;
    let flags = [("risk", "red"), ("escalation", "centre"), ("prevent_criminal", "2")];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/flags", &flags).await.status(),
        StatusCode::SEE_OTHER
    );
    let draft = [("kind", "oral"), ("facts", "x。"), ("terms", "y。")];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/agreements", &draft)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    add_respondent_term(&cast.lead, app, case_id).await;
    expect_step(&cast.lead, app, case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    let today = day(0);
    let judicial = [
        ("applied_on", today.as_str()),
        ("court", "重庆市江北区人民法院"),
        ("court_case_number", "(2026)渝0105民特1号"),
        ("result", "confirmed"),
        ("result_on", today.as_str()),
        ("joint_application", "yes"),
    ];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/judicial", &judicial)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

/// Mediation fails, the parties are told of other remedies, the case closes.
pub(crate) async fn failed_and_closed(app: &TestApp, cast: &Cast, case_id: &str) {
    to_mediating(app, cast, case_id).await;
    let held_on = day(0);
    let session = [
        ("kind", "session"),
        ("held_on", held_on.as_str()),
        ("content", "双方各执己见。"),
    ];
    assert_eq!(
        post_case(&cast.lead, app, case_id, "/records", &session).await.status(),
        StatusCode::SEE_OTHER
    );
    let today = day(0);
    expect_step(&cast.lead, app, case_id, "FAILED", &ending_fields(&today, "告知可起诉")).await;
    expect_step(&cast.lead, app, case_id, "CLOSURE_REVIEW", &[]).await;
    let file = [("identity_proof", "yes"), ("back_cover", "yes")];
    expect_step(&cast.mentor, app, case_id, "CLOSED", &file).await;
}

/// The seeded district: in 观音桥 one case closed with a written agreement,
/// one with a confirmed oral agreement (prevention, difficult), one failed
/// and closed, one still mediating, one only registered; in 五里店 one
/// accepted. Returns the cast (the 观音桥 coordinator, 小马 and 老马).
pub(crate) async fn seed(app: &TestApp) -> Cast {
    let cast = cast(app).await;
    let a = apply_online(app, "观音桥街道").await;
    closed_with_agreement(app, &cast, &a).await;
    let b = apply_online(app, "观音桥街道").await;
    oral_confirmed_and_difficult(app, &cast, &b).await;
    let c = apply_online(app, "观音桥街道").await;
    failed_and_closed(app, &cast, &c).await;
    let d = apply_online(app, "观音桥街道").await;
    to_mediating(app, &cast, &d).await;
    apply_online(app, "观音桥街道").await;
    app.create_user("wld-coord", Role::Coordinator, None, Some("五里店街道"));
    let wld = logged_in(app, "wld-coord").await;
    let f = apply_online(app, "五里店街道").await;
    expect_step(&wld, app, &f, "ACCEPTED", &[]).await;
    cast
}

pub(crate) fn figure(page: &Html, id: &str) -> String {
    select_text(page, &format!("[data-figure={id}] .stat-value")).join("")
}

pub(crate) async fn stats_page(client: &Client, app: &TestApp, query: &str) -> Html {
    let (status, page) = get_html(client, &app.url(&format!("/admin/stats{query}"))).await;
    assert_eq!(status, StatusCode::OK);
    page
}

fn assert_no_differences(app: &TestApp, when: &str) {
    let found = yuanba::statistics::index::differences(&mut app.conn()).unwrap();
    assert!(found.is_empty(), "{when}: {found:#?}");
}

#[tokio::test]
async fn every_headline_figure_matches_the_hand_count_and_the_counters_match_a_recount() {
    let app = spawn_app().await;
    let cast = seed(&app).await;
    assert_no_differences(&app, "after the workflow");

    app.login_admin().await;
    let page = stats_page(&app.client, &app, "").await;
    let expected = [
        ("accepted", "5"),
        ("ended", "3"),
        ("success", "2"),
        ("success_rate", "66.7%"),
        // Each agreement's amount is the total of its terms: the
        // respondent's 3,000 yuan in both, 6,000 yuan = 0.60 万元.
        ("amount", "0.60"),
        ("performed", "1"),
        ("performance_rate", "50.0%"),
        ("judicial", "1"),
        ("difficult", "1"),
        ("closed", "2"),
        ("mean_days", "0.0"),
        ("p90_days", "0"),
        ("overdue", "0"),
        ("trainee_success", "2"),
    ];
    for (id, value) in expected {
        assert_eq!(figure(&page, id), value, "figure {id}");
    }
    // All five came by application (申请调解).
    assert_eq!(
        select_text(&page, "#stats-sources tr.source-group"),
        vec!["主动调解0", "申请调解5", "接受委托移送0"]
    );
    assert_eq!(
        select_text(&page, "#stats-prevention tbody tr")
            .first()
            .map(String::as_str),
        Some("防止民转刑12")
    );
    // One dispute type, two streets, this month with no earlier month to compare.
    assert_eq!(select_text(&page, "#stats-types tbody .name"), vec!["邻里"]);
    assert_eq!(
        select_text(&page, "#stats-areas tbody .name"),
        vec!["观音桥街道", "五里店街道"]
    );
    assert_eq!(select_text(&page, "#stats-areas tbody .accepted"), vec!["4", "1"]);
    let months = select_text(&page, "#stats-months tbody tr");
    assert_eq!(months.len(), 12, "the last twelve months by default");
    assert!(months.last().unwrap().contains("5——2"), "{months:?}");
    // Charts are inline SVG next to their tables, with no script.
    assert_eq!(
        select_text(&page, "svg.chart-svg").len(),
        7,
        "months, types, streets, project stages, opinion channels, intentions by class, graduations"
    );
    assert!(select_text(&page, "script").is_empty());
    // The 小马 led four cases: two closed, two successes of three outcomes,
    // one of them oral; the 老马 guided the same four.
    let rows = select_text(&page, "#stats-mediators tr.mediator-row");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let led: Vec<String> = select_text(&page, "#stats-mediators .led");
    let guided: Vec<String> = select_text(&page, "#stats-mediators .guided");
    assert_eq!(led, vec!["4", "0"]);
    assert_eq!(guided, vec!["0", "4"]);
    assert!(rows[0].contains("50.0%66.7%0.05.050.0%"), "{}", rows[0]);
    assert_eq!(figure(&page, "trainees"), "1");

    // A rebuild from the cases gives the same counters; a wrong one is found.
    yuanba::statistics::index::rebuild(&mut app.conn()).unwrap();
    assert_no_differences(&app, "after rebuild");
    // At start-up the counters are rebuilt only when there are none at all.
    assert!(!yuanba::statistics::index::rebuild_if_missing(&mut app.conn()).unwrap());
    app.run_sql("DELETE FROM stat_counts").unwrap();
    assert!(yuanba::statistics::index::rebuild_if_missing(&mut app.conn()).unwrap());
    assert_no_differences(&app, "after the start-up rebuild");
    app.run_sql("UPDATE stat_counts SET n = n + 1 WHERE dim = 'all' AND metric = 'success' AND street_id = '*'")
        .unwrap();
    let found = yuanba::statistics::index::differences(&mut app.conn()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("success: stored 3, recounted 2"), "{found:?}");
    drop(cast);
}

#[tokio::test]
async fn coordinators_see_their_street_and_mediators_their_own_figures() {
    let app = spawn_app().await;
    let cast = seed(&app).await;
    let wld = yuanba::db::places::find_street_by_name(&mut app.conn(), "五里店街道")
        .unwrap()
        .unwrap()
        .id;

    // The 观音桥 coordinator sees 观音桥 only, even when the URL asks for 五里店.
    for query in [String::new(), format!("?street={wld}")] {
        let page = stats_page(&cast.coordinator, &app, &query).await;
        assert_eq!(select_text(&page, "#stats-scope"), vec!["观音桥街道"]);
        assert_eq!(figure(&page, "accepted"), "4", "{query}");
        assert!(select_text(&page, "select#f-street").is_empty(), "no street choice");
        assert!(
            select_text(&page, "#h-mentorship").is_empty(),
            "district mentorship is admin-only"
        );
    }
    // Their breakdown is by community, and other admin pages stay closed.
    let page = stats_page(&cast.coordinator, &app, "").await;
    assert_eq!(select_text(&page, "#h-areas"), vec!["按社区（村）"]);
    // The online applications named no community.
    assert_eq!(select_text(&page, "#stats-areas tbody .name"), vec!["未填社区"]);
    assert_eq!(select_text(&page, "#stats-areas tbody .accepted"), vec!["4"]);
    let res = get(&cast.coordinator, &app.url("/admin/users")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A coordinator without a street sees nothing, never the district.
    let id = app.create_user("no-area", Role::Coordinator, None, Some("五里店街道"));
    app.run_sql(&format!("UPDATE users SET area_id = NULL WHERE id = '{id}'"))
        .unwrap();
    let nowhere = logged_in(&app, "no-area").await;
    let page = stats_page(&nowhere, &app, &format!("?street={wld}")).await;
    assert_eq!(figure(&page, "accepted"), "0");

    // The admin may choose a street.
    app.login_admin().await;
    let page = stats_page(&app.client, &app, &format!("?street={wld}")).await;
    assert_eq!(select_text(&page, "#stats-scope"), vec!["五里店街道"]);
    assert_eq!(figure(&page, "accepted"), "1");

    // Mediators do not read the dashboard; they read their own figures.
    let res = get(&cast.lead, &app.url("/admin/stats")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, mine) = get_html(&cast.lead, &app.url("/staff/stats/me")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(figure(&mine, "led"), "4");
    assert_eq!(figure(&mine, "closed"), "2");
    assert_eq!(figure(&mine, "success_rate"), "66.7%");
    assert_eq!(figure(&mine, "oral_share"), "50.0%");
    assert_eq!(figure(&mine, "guided"), "0");
    let (_, mentor) = get_html(&cast.mentor, &app.url("/staff/stats/me")).await;
    assert_eq!(figure(&mentor, "led"), "0");
    assert_eq!(figure(&mentor, "guided"), "4");
}

#[tokio::test]
async fn bad_filters_are_shown_next_to_their_field_and_keep_what_was_typed() {
    let app = spawn_app().await;
    app.login_admin().await;
    let (status, page) = get_html(&app.client, &app.url("/admin/stats?from=2026-13&to=2026-12")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&page, "#e-from"), vec!["请按“2026-12”的格式填写月份。"]);
    assert_eq!(first_attr(&page, "#f-from", "value"), "2026-13");
    let (_, page) = get_html(&app.client, &app.url("/admin/stats?from=2026-12&to=2026-01")).await;
    assert_eq!(select_text(&page, "#e-to"), vec!["截止月份不能早于起始月份。"]);
    let (status, page) = get_html(&app.client, &app.url("/admin/stats?street=nope&community=x")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!select_text(&page, "#e-street").is_empty());
    // A chosen range is carried in the URL and shown back.
    let (_, page) = get_html(&app.client, &app.url("/admin/stats?from=2025-01&to=2025-03")).await;
    assert_eq!(
        select_text(&page, "#stats-months tbody tr th"),
        vec!["2025-01", "2025-02", "2025-03"]
    );
    assert_eq!(figure(&page, "accepted"), "0");
    assert_eq!(figure(&page, "success_rate"), "—");
}

/// The version and last event a case page shows.
fn seen_of(body: &str) -> (String, String) {
    let page = Html::parse_document(body);
    (
        attr(&page, "input[name=version]", "value"),
        attr(&page, "input[name=seen_event]", "value"),
    )
}

#[tokio::test]
async fn concurrent_acceptances_move_the_same_counters_without_losing_one() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(apply_online(&app, "观音桥街道").await);
    }
    // Every acceptance creates or bumps the same cells at the same time.
    let mut tasks = Vec::new();
    for id in ids {
        let client = cast.coordinator.clone();
        let address = app.address.clone();
        tasks.push(tokio::spawn(async move {
            let body = get(&client, &format!("{address}/staff/cases/{id}"))
                .await
                .text()
                .await
                .unwrap();
            let (version, seen) = seen_of(&body);
            let fields = [
                ("version", version.as_str()),
                ("seen_event", seen.as_str()),
                ("to", "ACCEPTED"),
            ];
            post_form(&client, &address, &format!("/staff/cases/{id}/transition"), &fields)
                .await
                .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_no_differences(&app, "after concurrent acceptances");
    let page = stats_page(&cast.coordinator, &app, "").await;
    assert_eq!(figure(&page, "accepted"), "12");
}

#[tokio::test]
async fn renovation_projects_are_counted_by_stage_in_the_readers_street() {
    let app = spawn_app().await;
    use crate::helpers::mailbox::{compound_id, make_project};
    let gyq = compound_id(&app, "观音桥街道");
    make_project(&app, "观音桥街道", &gyq, "加装雨棚");
    make_project(&app, "观音桥街道", &gyq, "更换路灯");
    let wld = compound_id(&app, "五里店街道");
    make_project(&app, "五里店街道", &wld, "外墙整治");
    let stage_row = |page: &Html| select_text(page, "#stats-stages tbody tr").first().cloned();
    app.login_admin().await;
    let page = stats_page(&app.client, &app, "").await;
    assert_eq!(stage_row(&page).as_deref(), Some("征求意见3"));
    assert_eq!(
        select_text(&page, "#stats-channels tbody tr").len(),
        8,
        "every channel listed"
    );
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = logged_in(&app, "gyq-coord").await;
    let page = stats_page(&coordinator, &app, "").await;
    assert_eq!(stage_row(&page).as_deref(), Some("征求意见2"));
}
