//! Screening rounds (排查, issue 13): a coordinator records them for their
//! street, with each error next to its field and the input kept; the
//! statistics sum them within the reader's scope; the audit log names it.

use crate::helpers::mailbox::{coordinator, street_id};
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::domain::role::{MediatorLevel, Role};

fn today() -> String {
    yuanba::dates::day_text(yuanba::dates::china_day(yuanba::db::now_ts()))
}

fn count_rows(app: &TestApp) -> usize {
    yuanba::db::screenings::recent(&mut app.conn(), None, 100)
        .unwrap()
        .len()
}

async fn stats_cells(client: &reqwest::Client, app: &TestApp) -> Vec<String> {
    let (status, html) = get_html(client, &app.url("/admin/stats")).await;
    assert_eq!(status, StatusCode::OK);
    select_text(&html, "#stats-screening tbody td")
}

#[tokio::test]
async fn a_coordinator_records_a_round_and_the_statistics_count_it_in_scope() {
    let app = spawn_app().await;
    let gyq = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let day = today();

    // Prevented plus opened above found, a future day and no findings:
    // each error next to its field, the numbers kept, nothing stored.
    let bad = [
        ("held_on", "2999-01-01"),
        ("community_id", ""),
        ("disputes_found", "2"),
        ("disputes_prevented", "2"),
        ("cases_opened", "1"),
        ("findings", ""),
    ];
    let res = post_form(&gyq, &app.address, "/staff/screenings", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    for field in ["held_on", "disputes_prevented", "findings"] {
        assert_eq!(select_text(&html, &format!("#e-{field}")).len(), 1, "{field}");
    }
    assert_eq!(first_attr(&html, "input[name=disputes_found]", "value"), "2");
    assert_eq!(count_rows(&app), 0);

    // A community of another street is refused next to its field.
    let other_street = street_id(&app, "五里店街道");
    let foreign = yuanba::db::places::children(&mut app.conn(), &other_street)
        .unwrap()
        .into_iter()
        .find(|p| p.kind == yuanba::domain::place::PlaceKind::Community);
    if let Some(foreign) = foreign {
        let fields = [
            ("held_on", day.as_str()),
            ("community_id", foreign.id.as_str()),
            ("disputes_found", "1"),
            ("disputes_prevented", "0"),
            ("cases_opened", "0"),
            ("findings", "楼道堆物"),
        ];
        let res = post_form(&gyq, &app.address, "/staff/screenings", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(select_text(&html, "#e-community_id").len(), 1);
    }

    let good = [
        ("held_on", day.as_str()),
        ("community_id", ""),
        ("disputes_found", "3"),
        ("disputes_prevented", "2"),
        ("cases_opened", "1"),
        ("findings", "楼道堆物两处，当场劝离；噪音纠纷一起，登记调解。"),
    ];
    let res = post_form(&gyq, &app.address, "/staff/screenings", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("screening.add"), 1);
    let (_, html) = get_html(&gyq, &app.url("/staff/screenings")).await;
    assert_eq!(select_text(&html, "#screenings .screening").len(), 1);
    assert_eq!(select_text(&html, "#screenings .found"), vec!["3"]);
    assert_eq!(stats_cells(&gyq, &app).await, vec!["1", "3", "2", "1"]);
    // The round's month is its day's calendar month.
    let stored = yuanba::db::screenings::recent(&mut app.conn(), None, 1).unwrap();
    let month = &day[..7];
    assert_eq!(stored[0].month.to_string(), month.replace('-', ""));
    // The monthly statutory report opens with the screening lines.
    let (_, report) = get_html(&gyq, &app.url(&format!("/admin/stats/report?month={month}"))).await;
    let line = |id: &str| select_text(&report, &format!("tr[data-row={id}] td")).join("|");
    assert_eq!(line("screening_rounds"), "1|1");
    assert_eq!(line("screening_found"), "3|3");
    assert_eq!(line("screening_prevented"), "2|2");
    assert_eq!(
        select_text(&report, "#report-figures tbody tr th")
            .first()
            .map(String::as_str),
        Some("排查次数")
    );

    // Another street's coordinator sees neither the round nor its figures.
    let wld = coordinator(&app, "wld-coord", "五里店街道").await;
    let (_, html) = get_html(&wld, &app.url("/staff/screenings")).await;
    assert!(select_text(&html, "#screenings .screening").is_empty());
    assert_eq!(stats_cells(&wld, &app).await, vec!["0", "0", "0", "0"]);
    let (_, report) = get_html(&wld, &app.url(&format!("/admin/stats/report?month={month}"))).await;
    assert_eq!(
        select_text(&report, "tr[data-row=screening_rounds] td").join("|"),
        "0|0"
    );

    // The admin sees the district, may not record a round, and reads the
    // audit row in words; a mediator has no access.
    app.login_admin().await;
    assert_eq!(stats_cells(&app.client, &app).await, vec!["1", "3", "2", "1"]);
    let res = app.post_form("/staff/screenings", &good).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(count_rows(&app), 1);
    let (_, html) = app.get_html("/admin").await;
    assert!(
        select_text(&html, ".audit-line")
            .join("")
            .contains("记录了一次矛盾纠纷排查")
    );
    app.create_user("med", Role::Mediator, Some(MediatorLevel::Senior), None);
    let mediator = crate::helpers::mediation::logged_in(&app, "med").await;
    let res = get(&mediator, &app.url("/staff/screenings")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// Registers a case on the coordinator's form with a fresh form token.
async fn register(client: &reqwest::Client, app: &TestApp, source: &str, round: &str) -> reqwest::Response {
    let (_, form) = get_html(client, &app.url("/staff/cases/new")).await;
    let token = first_attr(&form, "input[name=form_token]", "value");
    let street = street_id(app, "观音桥街道");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "排查发现：楼道堆物引发邻里争执，双方多次争吵。"),
        ("requests", "清理楼道堆物"),
        ("street_id", street.as_str()),
        ("source", source),
        ("screening_id", round),
    ];
    post_form(client, &app.address, "/staff/cases/new", &fields).await
}

fn linked_cases(app: &TestApp, round: &str) -> usize {
    yuanba::db::screenings::linked_cases(&mut app.conn(), round)
        .unwrap()
        .len()
}

/// A case the screening found names its round; the round counts it and
/// never links more cases than it reported opening, even when several
/// registrations race for its last place (the losers store nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_screening_case_names_its_round_and_a_round_never_links_more_than_it_opened() {
    const RACERS: usize = 6;
    let app = spawn_app().await;
    let gyq = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let day = today();
    let fields = [
        ("held_on", day.as_str()),
        ("community_id", ""),
        ("disputes_found", "3"),
        ("disputes_prevented", "1"),
        ("cases_opened", "2"),
        ("findings", "楼道堆物引发邻里争执；一户漏水未修"),
    ];
    let res = post_form(&gyq, &app.address, "/staff/screenings", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let round = yuanba::db::screenings::recent(&mut app.conn(), None, 1)
        .unwrap()
        .remove(0)
        .id;

    // The form offers the round; another source may not name it.
    let (_, form) = get_html(&gyq, &app.url("/staff/cases/new")).await;
    assert_eq!(
        select_text(&form, &format!("#f-screening_id option[value='{round}']")).len(),
        1
    );
    let res = register(&gyq, &app, "ex_officio", &round).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-screening_id").len(), 1);
    assert!(
        html.html().contains("排查发现：楼道堆物引发邻里争执"),
        "what was typed is kept"
    );

    assert_eq!(
        register(&gyq, &app, "grid_screening", &round).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(linked_cases(&app, &round), 1);

    // The last place, raced for by several coordinators of the street.
    let mut clients = Vec::new();
    for n in 0..RACERS {
        clients.push(coordinator(&app, &format!("gyq-racer-{n}"), "观音桥街道").await);
    }
    let mut tasks = Vec::new();
    for client in clients {
        let (address, round) = (app.address.clone(), round.clone());
        let app_url = app.url("/staff/cases/new");
        let street = street_id(&app, "观音桥街道");
        tasks.push(tokio::spawn(async move {
            // The parsed page is not Send: keep only the token across awaits.
            let token = {
                let (_, form) = get_html(&client, &app_url).await;
                first_attr(&form, "input[name=form_token]", "value")
            };
            let fields = [
                ("form_token", token.as_str()),
                ("applicant_name", "李秀兰"),
                ("applicant_phone", "13812345670"),
                ("respondent_name_1", "赵强"),
                ("dispute_type", "neighbour"),
                ("summary", "排查发现：噪音扰民，邻里多次争执。"),
                ("requests", "晚十点后停止装修"),
                ("street_id", street.as_str()),
                ("source", "grid_screening"),
                ("screening_id", round.as_str()),
            ];
            post_form(&client, &address, "/staff/cases/new", &fields).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((won, refused), (1, RACERS - 1), "{statuses:?}");
    assert_eq!(linked_cases(&app, &round), 2);
    let stored = yuanba::db::screenings::recent(&mut app.conn(), None, 1)
        .unwrap()
        .remove(0);
    assert_eq!((stored.cases_linked, stored.cases_opened), (2, 2));
    let all_cases = crate::referrals::count(&app, "SELECT COUNT(*) AS n FROM cases");
    assert_eq!(all_cases, 2, "the refused registrations stored no case");
    let list = get_html(&gyq, &app.url("/staff/screenings")).await.1;
    assert_eq!(select_text(&list, ".linked"), vec!["2"]);
}

/// A round of 塔坪社区's 一网格, named by its grid alone, then one of the
/// whole community: the grid filter counts the first only; a grid outside
/// the chosen community, or of another street, is refused at the grid.
#[tokio::test]
async fn a_round_walked_in_a_grid_counts_under_that_grid() {
    use yuanba::db::places;
    use yuanba::domain::place::PlaceKind;
    let app = spawn_app().await;
    let gyq = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let street = street_id(&app, "观音桥街道");
    crate::helpers::mailbox::compound_named(&app, "观音桥街道", "塔坪小区");
    let child = |parent: &str, name: &str| {
        places::find_child(&mut app.conn(), Some(parent), name)
            .unwrap()
            .unwrap()
            .id
    };
    let community = child(&street, "塔坪社区");
    let grid = child(&community, "一网格");
    let other_community = places::ensure(
        &mut app.conn(),
        Some(&street),
        PlaceKind::Community,
        "北城社区",
        None,
        2,
    )
    .unwrap();
    let day = today();
    let round = |community: &str, grid: &str| {
        vec![
            ("held_on", day.clone()),
            ("community_id", community.to_owned()),
            ("grid_id", grid.to_owned()),
            ("disputes_found", "2".to_owned()),
            ("disputes_prevented", "1".to_owned()),
            ("cases_opened", "0".to_owned()),
            ("findings", "逐户走访".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let gyq = gyq.clone();
        let address = app.address.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(&gyq, &address, "/staff/screenings", &fields).await
        }
    };

    // The form offers the grid under its community.
    let (_, form) = get_html(&gyq, &app.url("/staff/screenings")).await;
    assert_eq!(
        select_text(&form, "#f-grid_id optgroup[label=塔坪社区] option"),
        vec!["一网格"]
    );
    // A grid outside the chosen community: refused, the choice kept.
    let res = post(round(&other_community, &grid)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-grid_id"),
        vec!["这个网格不在所选社区内；请改选网格或社区。"]
    );
    assert_eq!(first_attr(&html, "#f-grid_id option[selected]", "value"), grid);
    // Another street's grid is not this coordinator's to choose.
    crate::helpers::mailbox::compound_named(&app, "五里店街道", "五里小区");
    let wld_community = child(&street_id(&app, "五里店街道"), "塔坪社区");
    let foreign = child(&wld_community, "一网格");
    let res = post(round("", &foreign)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count_rows(&app), 0);

    // The grid alone: stored with its community.
    assert_eq!(post(round("", &grid)).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(post(round(&community, "")).await.status(), StatusCode::SEE_OTHER);
    let stored = yuanba::db::screenings::recent(&mut app.conn(), None, 10).unwrap();
    let in_grid: Vec<_> = stored.iter().filter(|r| r.grid_id.is_some()).collect();
    assert_eq!(in_grid.len(), 1);
    assert_eq!(in_grid[0].community_id.as_deref(), Some(community.as_str()));

    let cells = |query: String| {
        let gyq = gyq.clone();
        let url = app.url(&format!("/admin/stats{query}"));
        async move {
            let (status, html) = get_html(&gyq, &url).await;
            assert_eq!(status, StatusCode::OK);
            select_text(&html, "#stats-screening tbody td")
        }
    };
    assert_eq!(cells(format!("?community={community}")).await, vec!["2", "4", "2", "0"]);
    assert_eq!(
        cells(format!("?community={community}&grid={grid}")).await,
        vec!["1", "2", "1", "0"]
    );
    let (_, list) = get_html(&gyq, &app.url("/staff/screenings")).await;
    assert!(
        select_text(&list, "#screenings .meta")
            .iter()
            .any(|m| m.contains("一网格"))
    );
}
