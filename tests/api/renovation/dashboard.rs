//! The renovation figures of the statistics dashboard (issue 13): opinions
//! by menu class and by compound, and the consensus status of an open vote
//! in the public tally's own words, against hand counts.

use super::*;
use crate::helpers::*;

/// Moves the project one stage on, as its coordinator.
async fn advance(app: &TestApp, w: &World) {
    let version = yuanba::db::projects::find(&mut app.conn(), &w.project)
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let path = format!("/staff/projects/{}/stage", w.project);
    let (status, _) = post(app, &w.coord, &path, &[("version", &version)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

async fn dashboard(client: &Client, app: &TestApp) -> Html {
    let (status, html) = get_html(client, &app.url("/admin/stats")).await;
    assert_eq!(status, StatusCode::OK);
    html
}

/// Three intention forms on the canopy (完善类): 101 without a code
/// (want, an opinion only), 201 with its code (want), 202 with its code
/// (don't want); then the project goes to the vote. Turnout: 201's 100.50
/// and the developer's 160.00 (202 and 301 count as one owner) = 260.50 of
/// 420.50 m² (needs 280.34: 19.84 short, 92%) and 2 of 3 owners (met).
/// Approval, ordinary: 100.50 m² yes of 260.50 (needs more than 130.25)
/// and 1 owner of 2 (needs 2: 50%, the lesser of the two axes).
#[tokio::test]
async fn open_votes_and_opinions_by_class_and_compound_match_the_hand_count() {
    let app = spawn_app().await;
    let w = world(&app).await;
    respond(&app, &w, "101", "", "want").await;
    respond(&app, &w, "201", &w.code("201"), "want").await;
    respond(&app, &w, "202", &w.code("202"), "dont").await;
    let page = dashboard(&w.coord, &app).await;
    assert!(select_text(&page, "#stats-votes").is_empty(), "no vote open yet");
    advance(&app, &w).await; // consulting → publicity
    advance(&app, &w).await; // publicity → voting

    let page = dashboard(&w.coord, &app).await;
    assert_eq!(
        select_text(&page, "#stats-classes tbody tr"),
        vec!["基础类000", "完善类210", "提升类000"]
    );
    assert_eq!(
        select_text(&page, "#stats-opinion-compounds tbody tr"),
        vec!["塔坪小区3"]
    );
    assert_eq!(select_text(&page, "#stats-votes tr.vote-row").len(), 1);
    assert_eq!(
        select_text(&page, "#stats-votes .item").join(""),
        "雨棚一般事项（双过半）"
    );
    assert_eq!(select_text(&page, "#stats-votes .turnout .progress"), vec!["92%"]);
    assert_eq!(select_text(&page, "#stats-votes .approval .progress"), vec!["50%"]);
    assert_eq!(select_text(&page, "#stats-votes .status"), vec!["尚未通过"]);
    // The sentences are the public tally's own.
    let public = public_item(&app, &w).await;
    assert_eq!(
        select_text(&page, "#stats-votes .turnout-line"),
        select_text(&public, ".tally-turnout")
    );
    assert_eq!(
        select_text(&page, "#stats-votes .turnout-line"),
        vec!["参与表决还差：19.84 m²"]
    );
    assert_eq!(
        select_text(&page, "#stats-votes .approval-line"),
        select_text(&public, ".tally-approval")
    );
    assert!(select_text(&page, "#stats-stages tbody tr").contains(&"表决1".to_owned()));
    // The admin sees the district, with the same vote; a coordinator of
    // another street sees none.
    app.login_admin().await;
    let page = dashboard(&app.client, &app).await;
    assert_eq!(select_text(&page, "#stats-votes tr.vote-row").len(), 1);
    let other = coordinator(&app, "wld-coord", "五里店街道").await;
    let page = dashboard(&other, &app).await;
    assert!(select_text(&page, "#stats-votes").is_empty());
    assert_eq!(
        select_text(&page, "#stats-classes tbody tr"),
        vec!["基础类000", "完善类000", "提升类000"]
    );
    // The vote table exports with its progress as numbers.
    let res = get(&app.client, &app.url("/admin/stats/export/votes?format=csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(
        csv.contains("塔坪小区微整形,塔坪小区,雨棚,一般事项（双过半）,92,参与表决还差：19.84 m²,50,"),
        "{csv}"
    );
}
