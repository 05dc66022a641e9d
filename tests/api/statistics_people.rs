//! The per-mediator table at district scale (issue 13): a district has
//! thousands of mediators, so the dashboard lists the busiest and says how
//! many there are, and the table's export lists every one of them.

use crate::helpers::*;
use crate::statistics::stats_page;
use reqwest::StatusCode;
use yuanba::domain::role::{MediatorLevel, Role};
use yuanba::domain::statistics::{ANY, Dim, Metric};

/// Stores one district-wide cell of this month for `mediator`.
fn cell(app: &TestApp, dim: Dim, mediator: &str, metric: Metric, n: i64) {
    let month = yuanba::dates::china_month(yuanba::db::now_ts());
    app.run_sql(&format!(
        "INSERT INTO stat_counts (dim, street_id, community_id, month, dim_value, metric, n) \
         VALUES ('{}', '{ANY}', '{ANY}', {month}, '{mediator}', '{}', {n})",
        dim.code(),
        metric.code()
    ))
    .unwrap();
}

/// 24 mediators: 调解员k led k cases and closed k/2 of them; one 老马
/// only guided 3 cases of a 小马. 25 in all, more than the page lists.
fn district_of_mediators(app: &TestApp) {
    for k in 1..=24 {
        let id = app.create_user(&format!("m{k:02}"), Role::Mediator, Some(MediatorLevel::Trainee), None);
        app.run_sql(&format!(
            "UPDATE users SET display_name = '调解员{k:02}' WHERE id = '{id}'"
        ))
        .unwrap();
        cell(app, Dim::Lead, &id, Metric::Accepted, k);
        cell(app, Dim::Lead, &id, Metric::Closed, k / 2);
    }
    let id = app.create_user("guide", Role::Mediator, Some(MediatorLevel::Senior), None);
    app.run_sql(&format!("UPDATE users SET display_name = '带教老马' WHERE id = '{id}'"))
        .unwrap();
    cell(app, Dim::Mentor, &id, Metric::Accepted, 3);
}

#[tokio::test]
async fn the_dashboard_lists_the_busiest_mediators_and_the_export_lists_them_all() {
    let app = spawn_app().await;
    district_of_mediators(&app);
    app.login_admin().await;

    let page = stats_page(&app.client, &app, "").await;
    let names = select_text(&page, "#stats-mediators tbody th.name");
    assert_eq!(names.len(), 20, "{names:?}");
    assert_eq!(names[0], "调解员24 小马");
    assert_eq!(names[19], "调解员05 小马");
    let led = select_text(&page, "#stats-mediators tbody .led");
    assert_eq!((led[0].as_str(), led[19].as_str()), ("24", "5"));
    // The other figures are read for the rows shown: 12 of 24 closed.
    let first = select_text(&page, "#stats-mediators tbody tr:first-child td");
    assert_eq!(first[1], "50.0%", "{first:?}");
    let note = select_text(&page, "#mediators-shown").join("");
    assert!(note.contains("前 20 名") && note.contains("共 25 名"), "{note}");

    let res = get(&app.client, &app.url("/admin/stats/export/mediators?format=csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 26, "a header and every mediator: {csv}");
    assert!(lines[1].starts_with("调解员24,24,50.0%"), "{csv}");
    assert!(lines[25].starts_with("带教老马,0,"), "guided only, last: {csv}");
    assert!(lines[25].ends_with(",3"), "{csv}");
}
