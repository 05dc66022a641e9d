//! Studios and profiles: an admin creates a studio and sets a mediator's
//! studio, community and specialties; the mediator sees them and edits
//! their own introduction within its bound.

use super::*;
use scraper::Html;

#[tokio::test]
async fn an_admin_sets_up_a_studio_and_a_profile_and_the_mediator_edits_their_introduction() {
    let app = spawn_app().await;
    let id = senior(&app, "laoma");
    let admin = admin(&app).await;
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let studio = [
        ("name", "观音桥老马工作室"),
        ("kind", "laoma_studio"),
        ("place_id", street.as_str()),
    ];
    let res = post_form(&admin, &app.address, "/admin/studios", &studio).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form(&admin, &app.address, "/admin/studios", &studio).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "names are unique");
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(!select_text(&html, "#e-name").join("").is_empty());
    let (_, html) = get_html(&admin, &app.url("/admin/studios")).await;
    assert_eq!(select_text(&html, ".studio-row .name"), vec!["观音桥老马工作室"]);
    let studio_id = yuanba::db::mentorship::all_studios(&mut app.conn()).unwrap()[0]
        .id
        .clone();

    let profile = [
        ("studio_id", studio_id.as_str()),
        ("community_id", ""),
        ("specialty", "neighbour"),
        ("specialty", "marriage_family"),
        ("introduction", "三十年邻里调解经验"),
    ];
    let res = post_form(&admin, &app.address, &format!("/admin/users/{id}/profile"), &profile).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("mentoring.profile"), 1);

    let mediator = client_of(&app, "laoma").await;
    let (status, html) = get_html(&mediator, &app.url("/mentoring/profile")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, "#studio"), vec!["观音桥老马工作室"]);
    let specialties = select_text(&html, "#specialties").join("");
    assert!(specialties.contains("邻里"), "{specialties}");
    assert_eq!(
        select_text(&html, "textarea[name=introduction]"),
        vec!["三十年邻里调解经验"]
    );

    let long = "调".repeat(301);
    let res = post_form(
        &mediator,
        &app.address,
        "/mentoring/profile",
        &[("introduction", &long)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert!(!select_text(&html, "#e-introduction").join("").is_empty());
    assert_eq!(select_text(&html, "textarea[name=introduction]"), vec![long.clone()]);
    let res = post_form(
        &mediator,
        &app.address,
        "/mentoring/profile",
        &[("introduction", "擅长婚姻家庭纠纷")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored = yuanba::db::mentorship::profile(&mut app.conn(), &id).unwrap().unwrap();
    assert_eq!(stored.introduction, "擅长婚姻家庭纠纷");
    assert_eq!(
        stored.studio_id.as_deref(),
        Some(studio_id.as_str()),
        "the studio is kept"
    );
}

#[tokio::test]
async fn a_studio_laoma_enters_training_for_a_mediator_of_their_studio_and_sees_the_record() {
    let app = spawn_app().await;
    let laoma = senior(&app, "laoma");
    let xiaoma = trainee(&app, "xiaoma");
    senior(&app, "elsewhere");
    let admin = admin(&app).await;
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let studio = [
        ("name", "老马工作室"),
        ("kind", "laoma_studio"),
        ("place_id", street.as_str()),
    ];
    post_form(&admin, &app.address, "/admin/studios", &studio).await;
    let studio_id = yuanba::db::mentorship::all_studios(&mut app.conn()).unwrap()[0]
        .id
        .clone();
    for id in [&laoma, &xiaoma] {
        let fields = [
            ("studio_id", studio_id.as_str()),
            ("community_id", ""),
            ("introduction", ""),
        ];
        let res = post_form(&admin, &app.address, &format!("/admin/users/{id}/profile"), &fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let fields = [
        ("category", "annual"),
        ("day", "2026-03-01"),
        ("topic", "年度培训"),
        ("hours", "6"),
    ];
    let path = format!("/mentoring/mediators/{xiaoma}/training");
    let elsewhere = client_of(&app, "elsewhere").await;
    let res = post_form(&elsewhere, &app.address, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let studio_laoma = client_of(&app, "laoma").await;
    let res = post_form(&studio_laoma, &app.address, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = get_html(&studio_laoma, &app.url(&format!("/mentoring/mediators/{xiaoma}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, "#total-hours"), vec!["6"]);
    assert_eq!(select_text(&html, ".training-row").len(), 1);
}
