//! The portal's consultation headline is a kept counter (issue 14 item 3):
//! after households answer at the same moment it says exactly what the
//! project page's tally says, it moves with a household import, and the
//! recount check of `check-stats` finds a tampered row and mends it.

use super::*;
use crate::helpers::*;
use yuanba::renovation::headline;

/// The headline of the one consultation on `/`.
async fn portal_headline(app: &TestApp) -> String {
    let (status, home) = get_html(&new_client(), &app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    let lines = select_text(&home, ".consultation-headline");
    assert_eq!(lines.len(), 1, "one open consultation");
    lines[0].clone()
}

/// The owners figure after " · " in a tally cell ("260.50 m² · 2").
fn owners(html: &Html, css: &str) -> String {
    let cell = select_text(html, css).join("");
    cell.rsplit(" · ").next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_headline_equals_the_project_tally_after_concurrent_answers() {
    let app = spawn_app().await;
    let w = world(&app).await;
    assert_eq!(portal_headline(&app).await, "已有 0 位业主表态，共 3 位");
    // Every household of building 1 answers at once, each with its code;
    // 101 and 102 are one owner (张三), so three owners take part.
    let coded = |unit: &'static str| {
        let code = w.code(unit);
        let (app, w) = (&app, &w);
        async move { respond(app, w, unit, &code, "want").await }
    };
    let results = futures_util::future::join_all(["101", "102", "201", "202"].map(coded)).await;
    for (status, body) in &results {
        assert_eq!(*status, StatusCode::OK);
        assert_eq!(result_of(body), "counted");
    }
    let page = public_item(&app, &w).await;
    let (answered, all) = (owners(&page, ".tally-participating"), owners(&page, ".tally-total"));
    assert_eq!((answered.as_str(), all.as_str()), ("3", "3"));
    assert_eq!(
        portal_headline(&app).await,
        format!("已有 {answered} 位业主表态，共 {all} 位")
    );
    assert!(headline::differences(&mut app.conn()).unwrap().is_empty());

    // A household import adds an owner: the headline's total follows at once.
    let csv = "building,entrance,unit,area_m2,owners\n2栋,1单元,302,65,赵六\n";
    let (status, _) = post(
        &app,
        &w.coord,
        &format!("/staff/places/{}/import", w.compound),
        &[("csv", csv)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(portal_headline(&app).await, "已有 3 位业主表态，共 4 位");
    let page = public_item(&app, &w).await;
    assert_eq!(owners(&page, ".tally-total"), "4");
    assert!(headline::differences(&mut app.conn()).unwrap().is_empty());
}

#[tokio::test]
async fn the_recount_check_finds_a_wrong_headline_and_the_rebuild_mends_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    respond(&app, &w, "201", &w.code("201"), "want").await;
    assert_eq!(portal_headline(&app).await, "已有 1 位业主表态，共 3 位");
    app.run_sql(&format!(
        "UPDATE project_headlines SET answered = 9 WHERE project_id = '{}'",
        w.project
    ))
    .unwrap();
    let found = headline::differences(&mut app.conn()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("stored 9 of 3 owners"), "{found:?}");
    headline::rebuild(&mut app.conn()).unwrap();
    assert!(headline::differences(&mut app.conn()).unwrap().is_empty());
    assert_eq!(portal_headline(&app).await, "已有 1 位业主表态，共 3 位");
    // A project from before the table: its row is filled at start-up.
    app.run_sql("DELETE FROM project_headlines").unwrap();
    assert_eq!(headline::differences(&mut app.conn()).unwrap().len(), 1);
    assert_eq!(headline::fill_missing(&mut app.conn()).unwrap(), 1);
    assert_eq!(portal_headline(&app).await, "已有 1 位业主表态，共 3 位");
}
