//! Letters placed at a compound or building: the per-compound board, the
//! place check on the form, the staff queue's compound filter, and adoption
//! linked to a renovation project.

use crate::helpers::mailbox::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::db::{letters, places};

/// Moves the letter to "in progress" so that it is published on its board.
async fn publish(app: &TestApp, staff: &reqwest::Client, id: &str) {
    let res = act(staff, app, id, "status", &[("to", "in_progress")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_letter_appears_on_its_compounds_board_only_and_old_board_links_still_lead_there() {
    let app = spawn_app().await;
    let taping = compound_id(&app, GYQ);
    let liyuchi = compound_named(&app, GYQ, "鲤鱼池小区");
    let (at_taping, _) = send_letter_at(&app, &taping, &[]).await;
    let (at_liyuchi, _) = send_letter_at(&app, &liyuchi, &[]).await;
    assert_eq!(at_taping.compound_id.as_deref(), Some(taping.as_str()));
    assert_eq!(
        at_taping.street_id,
        street_id(&app, GYQ),
        "street derived from the compound"
    );
    assert!(at_taping.community_id.is_some());
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    publish(&app, &staff, &at_taping.id).await;
    publish(&app, &staff, &at_liyuchi.id).await;

    let visitor = new_client();
    let support_forms = |html: &Html| {
        let selector = scraper::Selector::parse(".board-letter form").unwrap();
        html.select(&selector)
            .filter_map(|f| f.value().attr("action").map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let (status, html) = get_html(&visitor, &app.url(&format!("/board/{taping}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        support_forms(&html),
        vec![format!("/board/{taping}/letters/{}/support", at_taping.id)]
    );
    let (_, html) = get_html(&visitor, &app.url(&format!("/board/{liyuchi}"))).await;
    assert_eq!(
        support_forms(&html),
        vec![format!("/board/{liyuchi}/letters/{}/support", at_liyuchi.id)]
    );

    // A street's old board address lists its compounds' boards.
    let (status, html) = get_html(&visitor, &app.url(&format!("/board/{}", street_id(&app, GYQ)))).await;
    assert_eq!(status, StatusCode::OK);
    let mut names = select_text(&html, ".board-index a");
    names.sort();
    assert_eq!(names, vec!["塔坪小区", "鲤鱼池小区"]);
    // A building's address moves to its compound's board.
    let building = places::ensure(
        &mut app.conn(),
        Some(&taping),
        yuanba::domain::place::PlaceKind::Building,
        "3栋",
        None,
        0,
    )
    .unwrap();
    let res = get(&visitor, &app.url(&format!("/board/{building}"))).await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(location(&res), format!("/board/{taping}"));
    assert_eq!(
        get(&visitor, &app.url("/board/no-such-place")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Staff see the compound in the queue and filter by it.
    let (_, html) = get_html(&staff, &app.url(&format!("/staff/letters?compound={liyuchi}"))).await;
    assert_eq!(select_text(&html, ".letter-row .letter-compound"), vec!["鲤鱼池小区"]);
    let (_, html) = get_html(&staff, &app.url(&format!("/staff/letters/{}", at_taping.id))).await;
    assert!(
        select_text(&html, ".facts dd")
            .iter()
            .any(|d| d.contains("塔坪社区 · 塔坪小区")),
        "the letter page names the compound"
    );
}

#[tokio::test]
async fn an_unknown_or_wrong_place_is_refused_next_to_its_field_and_stores_nothing() {
    let app = spawn_app().await;
    let compound = compound_id(&app, GYQ);
    let building = places::ensure(
        &mut app.conn(),
        Some(&compound),
        yuanba::domain::place::PlaceKind::Building,
        "3栋",
        None,
        0,
    )
    .unwrap();
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let (_, form) = get_html(&resident, &app.url("/letters/new")).await;
    assert_eq!(
        attr(
            &form,
            &format!("#f-compound_id optgroup option[value='{compound}']"),
            "value"
        ),
        compound,
        "compounds are offered grouped by community"
    );
    for wrong in [
        street_id(&app, GYQ),
        "no-such-place".to_owned(),
        building.clone(),
        String::new(),
    ] {
        let fields = basic_fields(&wrong);
        let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(
            select_text(&html, "#e-compound_id"),
            vec!["请选择信件所涉及的小区。"],
            "{wrong}"
        );
    }
    let mut fields = basic_fields(&compound);
    fields.push(("building", "9栋".to_owned()));
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-building").len(), 1);
    assert_eq!(
        select_text(&html, "#f-compound_id option[selected]"),
        vec!["塔坪小区"],
        "the chosen compound stays selected"
    );
    assert!(all_letters(&app).is_empty(), "nothing stored");

    // "3" finds building 3栋; the letter is placed there.
    fields.pop();
    fields.push(("building", "3".to_owned()));
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let stored = all_letters(&app).remove(0);
    assert_eq!(stored.place_id.as_deref(), Some(building.as_str()));
    assert_eq!(stored.compound_id.as_deref(), Some(compound.as_str()));
}

#[tokio::test]
async fn adopting_links_a_project_of_the_own_street_only_and_the_public_sees_it() {
    let app = spawn_app().await;
    let compound = compound_id(&app, GYQ);
    let (letter, code) = send_letter_at(&app, &compound, &[]).await;
    let own = make_project(&app, GYQ, &compound, "塔坪小区微整形");
    let foreign = make_project(&app, WLD, &compound_id(&app, WLD), "五里店改造");
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    assert_eq!(
        attr(&page, &format!("#f-project_id option[value='{own}']"), "value"),
        own
    );
    assert!(attr(&page, &format!("#f-project_id option[value='{foreign}']"), "value").is_empty());

    for (project, error) in [
        ("", "标为已采纳时，请选择纳入的改造项目。"),
        (foreign.as_str(), "只能关联本街道（您负责的区域）内的改造项目。"),
    ] {
        let fields = [("to", "adopted"), ("project_id", project)];
        let res = act(&staff, &app, &letter.id, "status", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(select_text(&html, "#e-project_id"), vec![error]);
    }
    let unchanged = letters::find(&mut app.conn(), &letter.id).unwrap().unwrap();
    assert_eq!((unchanged.version, unchanged.project_id), (1, None));
    assert_eq!(app.audit_count("letter.status"), 0);

    let fields = [
        ("to", "adopted"),
        ("reason", "纳入微整形项目"),
        ("project_id", own.as_str()),
    ];
    let res = act(&staff, &app, &letter.id, "status", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    assert_eq!(select_text(&page, "#letter-project"), vec!["塔坪小区微整形"]);
    let (_, body) = track(&app, &code).await;
    let html = Html::parse_document(&body);
    assert_eq!(attr(&html, "#letter-project a", "href"), format!("/projects/{own}"));
    let (_, board) = get_html(&new_client(), &app.url(&format!("/board/{compound}"))).await;
    assert_eq!(attr(&board, ".board-project a", "href"), format!("/projects/{own}"));
    assert_eq!(select_text(&board, ".board-project a"), vec!["塔坪小区微整形"]);
}
