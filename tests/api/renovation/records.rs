//! The hash-chained ballot log, meetings and opinions entered by staff.

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn tampering_with_the_ballot_log_is_detected() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for unit in ["101", "201", "202"] {
        respond(&app, &w, unit, &w.code(unit), "want").await;
    }
    let (status, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&html, "#chain", "data-intact"), "yes");
    assert_eq!(select_text(&html, "#chain"), vec!["记录完整：共 3 条。"]);
    // The database refuses the change; someone with the owner's rights
    // can switch that off, and the chain still shows it.
    assert!(app.run_sql("UPDATE ballots SET choice = 'no' WHERE seq = 2").is_err());
    disable_ballot_triggers(&app);
    app.run_sql("UPDATE ballots SET choice = 'no' WHERE seq = 2").unwrap();
    let (_, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(attr(&html, "#chain", "data-intact"), "no");
    assert_eq!(select_text(&html, "#chain"), vec!["记录被改动：从第 2 条起校验失败。"]);
    // Residents cannot open the check.
    let (status, _) = get_html(&new_client(), &app.url("/staff/ballots/verify")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

/// What an intruder with the database owner's rights can do: switch off
/// the append-only triggers.
fn disable_ballot_triggers(app: &TestApp) {
    let sql = if app.is_postgres() {
        "ALTER TABLE ballots DISABLE TRIGGER USER"
    } else {
        "DROP TRIGGER ballots_no_update; DROP TRIGGER ballots_no_delete;"
    };
    app.run_sql(sql).unwrap();
}

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

/// Issue 11, vote 5: the ballot log is append-only in the database, and
/// the anchor published when voting closes (project page and result
/// notice) reveals a removed tail that the chain's own links cannot.
#[tokio::test]
async fn a_removed_tail_of_the_ballot_log_is_caught_by_the_anchor_published_at_close() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for unit in ["101", "201", "202"] {
        respond(&app, &w, unit, &w.code(unit), "want").await;
    }
    assert!(app.run_sql("DELETE FROM ballots WHERE seq = 3").is_err());
    assert!(app.run_sql("UPDATE ballots SET hash = 'x' WHERE seq = 3").is_err());
    assert_eq!(count(&app, "ballots"), 3);
    // No anchor before voting closes: no notice yet.
    let (status, _) = get_html(&new_client(), &app.url(&format!("/projects/{}/notice", w.project))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for _ in 0..3 {
        advance(&app, &w).await; // consulting → publicity → voting → construction
    }
    let head: String = {
        use yuanba::db::schema::ballots::dsl::*;
        ballots.filter(seq.eq(3)).select(hash).first(&mut app.conn()).unwrap()
    };
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#anchors .anchor-hash"), vec![head.clone()]);
    assert!(select_text(&html, "#anchors dt").join("").contains("截至第 3 条记录"));
    assert!(
        app.run_sql("DELETE FROM ballot_anchors").is_err(),
        "anchors are append-only too"
    );

    let (status, notice) = get_html(&new_client(), &app.url(&format!("/projects/{}/notice", w.project))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&notice, ".notice-name"), vec!["雨棚"]);
    assert_eq!(select_text(&notice, ".notice-result"), vec!["通过"]);
    let anchor_text = select_text(&notice, "#notice-anchor").join("");
    assert!(
        anchor_text.contains("截至第 3 条") && anchor_text.contains(&head),
        "{anchor_text}"
    );

    let (_, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(select_text(&html, "#chain"), vec!["记录完整：共 3 条。"]);
    // Remove the last ballot: the remaining rows still link up, but the
    // published anchor says there were three.
    disable_ballot_triggers(&app);
    app.run_sql("DELETE FROM ballots WHERE seq = 3").unwrap();
    let (_, html) = get_html(&w.coord, &app.url("/staff/ballots/verify")).await;
    assert_eq!(attr(&html, "#chain", "data-intact"), "no");
    assert_eq!(
        select_text(&html, "#chain"),
        vec!["记录被删减：已公布的锚点记载有 3 条，现在只剩 2 条。"]
    );
}

#[tokio::test]
async fn meetings_and_opinions_entered_by_staff_count_with_channel_and_evidence() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/staff/projects/{}/meetings/new", w.project);
    let bad = [
        ("kind", "courtyard"),
        ("date", "2026-13-40"),
        ("place", ""),
        ("attendees", "many"),
        ("minutes", "x"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["date", "place", "attendees"] {
        assert!(!field_error(&body, field).is_empty(), "{field}");
    }
    let good = [
        ("kind", "courtyard"),
        ("date", "2026-11-20"),
        ("place", "塔坪小区院坝"),
        ("attendees", "42"),
        ("minutes", "讨论雨棚安装"),
    ];
    let (status, _) = post(&app, &w.coord, &path, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let meeting = yuanba::db::meetings::for_project(&mut app.conn(), &w.project)
        .unwrap()
        .remove(0)
        .id;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#meetings strong"), vec!["2026-11-20 院坝会"]);

    let path = format!("/staff/projects/{}/opinions/new", w.project);
    let (_, form) = get_html(&w.coord, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let a = format!("a_{}", w.item);
    let mut fields = vec![
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "202"),
        ("channel", "courtyard"),
        ("meeting_id", meeting.as_str()),
        ("evidence", ""),
        (a.as_str(), "want"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "evidence").is_empty());
    assert_eq!(count(&app, "opinions"), 0);
    fields[6] = ("evidence", "院坝会签到表第1页");
    let (status, _) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "ballots"), 1);
    assert_eq!(app.audit_count("opinion.staff_record"), 1);
    let (_, html) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    assert_eq!(select_text(&html, "#history .h-channel"), vec!["院坝会"]);
    assert_eq!(select_text(&html, "#history .h-counted"), vec!["计入表决"]);
    assert_eq!(select_text(&html, "#history .h-unit"), vec!["1栋 1单元 202"]);
    // The developer's 160 m² now takes part.
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["160.00 m² · 1"]);
    // Another street's coordinator can neither record nor look.
    let other = coordinator(&app, "ct-coord", "寸滩街道").await;
    assert_eq!(get(&other, &app.url(&path)).await.status(), StatusCode::FORBIDDEN);
    let (status, _) = post(
        &app,
        &other,
        &format!("/staff/projects/{}/meetings/new", w.project),
        &good,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        yuanba::db::meetings::for_project(&mut app.conn(), &w.project)
            .unwrap()
            .len(),
        1
    );
}

/// Found by the form property test (tests/api/routes.rs): an unknown kind with
/// every other field valid reached the table's CHECK constraint (500).
#[tokio::test]
async fn a_meeting_of_an_unknown_kind_is_refused_next_to_its_field() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/staff/projects/{}/meetings/new", w.project);
    let fields = [
        ("kind", "banquet"),
        ("date", "2026-11-20"),
        ("place", "塔坪小区院坝"),
        ("attendees", "42"),
        ("minutes", "讨论雨棚安装"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "kind").is_empty());
    assert_eq!(count(&app, "meetings"), 0);
}

#[tokio::test]
async fn a_logged_in_residents_answers_are_listed_on_me() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.create_user("13955556666", Role::Resident, None, None);
    let resident = new_client();
    login(&resident, &app.address, "13955556666", USER_PASSWORD).await;
    let path = format!("/projects/{}/respond", w.project);
    let (_, form) = get_html(&resident, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let (status, body) = respond_with(&app, &resident, &w, &token, "101", &w.code("101"), "want").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{:?}",
        select_text(&Html::parse_document(&body), ".field-error, .alert")
    );
    let (_, form) = get_html(&resident, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let (status, body) = respond_with(&app, &resident, &w, &token, "201", "", "dont").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{:?}",
        select_text(&Html::parse_document(&body), ".field-error, .alert")
    );

    let (_, me) = get_html(&resident, &app.url("/me")).await;
    let answers = select_text(&me, ".my-opinion p:nth-child(2)");
    assert_eq!(
        answers,
        vec![
            "未使用住户码，作为意见收集，不计入表决。",
            "已凭住户码计为本户的表决意见（以本户最新一次为准）。"
        ]
    );
    // An anonymous answer belongs to nobody's page.
    respond(&app, &w, "202", "", "want").await;
    let (_, me) = get_html(&resident, &app.url("/me")).await;
    assert_eq!(select_text(&me, ".my-opinion").len(), 2);
}
