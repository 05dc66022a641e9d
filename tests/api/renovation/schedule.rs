//! The intention form's optional contact details (consent, masking, audited
//! reveal) and a project's opinion window and stage targets.

use super::*;
use crate::helpers::*;

/// Answers "want" for 1栋 1单元 101 without a code, plus `extra` fields.
async fn respond_extra(app: &TestApp, w: &World, extra: &[(&str, &str)]) -> (StatusCode, String) {
    let resident = new_client();
    let path = format!("/projects/{}/respond", w.project);
    let (_, form) = get_html(&resident, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let (a, p) = (format!("a_{}", w.item), format!("p_{}", w.item));
    let mut fields = vec![
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "101"),
        ("code", ""),
        (a.as_str(), "want"),
        (p.as_str(), "1"),
    ];
    fields.extend_from_slice(extra);
    post(app, &resident, &path, &fields).await
}

/// Posts the schedule form with the version the project page shows.
async fn set_schedule(app: &TestApp, w: &World, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (_, page) = get_html(&w.coord, &app.url(&format!("/staff/projects/{}", w.project))).await;
    let version = attr(&page, "#schedule-form input[name=version]", "value");
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    post(app, &w.coord, &format!("/staff/projects/{}/schedule", w.project), &form).await
}

#[tokio::test]
async fn contact_details_need_consent_are_masked_for_staff_and_revealing_them_is_audited() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let contact = [("contact_name", "李秀兰"), ("contact_phone", "13812345678")];
    let (status, body) = respond_extra(&app, &w, &contact).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&body, "consent"),
        "留下联系方式需要您同意个人信息处理方式；也可以不留联系方式。"
    );
    assert_eq!(count(&app, "opinions"), 0, "nothing stored");

    let mut with_consent = contact.to_vec();
    with_consent.push(("consent", "yes"));
    let (status, body) = respond_extra(&app, &w, &with_consent).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "opinion");
    let stored = yuanba::db::opinions::list_for_project(&mut app.conn(), &w.project)
        .unwrap()
        .remove(0);
    assert_eq!((stored.contact_phone.as_str(), stored.consent), ("13812345678", true));

    let page = format!("/staff/projects/{}", w.project);
    let (_, html) = get_html(&w.coord, &app.url(&page)).await;
    let shown = select_text(&html, ".h-contact").join(" ");
    assert!(
        shown.contains("138****5678") && !shown.contains("13812345678"),
        "{shown}"
    );
    assert!(!shown.contains("秀兰"), "{shown}");

    let reveal = format!("{page}/opinions/{}/contact", stored.id);
    let other = coordinator(&app, "wld-coord", "五里店街道").await;
    let (status, _) = post(&app, &other, &reveal, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("opinion.contact_view"), 0);
    let (status, body) = post(&app, &w.coord, &reveal, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let shown = select_text(&Html::parse_document(&body), ".h-contact").join(" ");
    assert!(shown.contains("李秀兰 13812345678"), "{shown}");
    assert_eq!(app.audit_count("opinion.contact_view"), 1);
}

#[tokio::test]
async fn answers_outside_the_opinion_window_are_refused_and_targets_drive_the_countdown() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let past = [("opens_on", "2020-01-01"), ("closes_on", "2020-01-31")];
    let (status, _) = set_schedule(&app, &w, &past).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("project.schedule"), 1);
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#window"), vec!["2020-01-01 至 2020-01-31"]);
    let form_link = format!("a[href='/projects/{}/respond']", w.project);
    assert!(
        select_text(&html, &form_link).is_empty(),
        "no form link outside the window"
    );
    let (status, body) = respond_extra(&app, &w, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "form"), "意见征集已经截止，不能再提交。");

    let future = [("opens_on", "2099-01-01"), ("closes_on", "2099-01-31")];
    assert_eq!(set_schedule(&app, &w, &future).await.0, StatusCode::SEE_OTHER);
    let (status, body) = respond_extra(&app, &w, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "form"), "意见征集还没有开始，请在征集时间内填写。");
    assert_eq!(count(&app, "opinions"), 0);

    // Bad input is answered next to its field and changes nothing.
    let bad = [
        ("opens_on", "2026-12-10"),
        ("closes_on", "2026-12-01"),
        ("target_consulting", "0"),
    ];
    let (status, body) = set_schedule(&app, &w, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_error(&body, "closes_on").is_empty());
    assert_eq!(field_error(&body, "target_consulting"), "请填写 1–365 之间的整数天数。");
    let other = coordinator(&app, "wld-coord", "五里店街道").await;
    let path = format!("/staff/projects/{}/schedule", w.project);
    let (status, _) = post(&app, &other, &path, &[("version", "3"), ("target_consulting", "9")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let project = yuanba::db::projects::find(&mut app.conn(), &w.project)
        .unwrap()
        .unwrap();
    assert_eq!((project.target_consulting, project.version), (7, 3));

    // An open-ended window and a 10-day consulting target.
    let open = [("opens_on", ""), ("closes_on", ""), ("target_consulting", "10")];
    assert_eq!(set_schedule(&app, &w, &open).await.0, StatusCode::SEE_OTHER);
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#countdown"), vec!["本阶段还剩 10 天"]);
    let (status, body) = respond_extra(&app, &w, &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_new_project_offers_a_window_and_checks_its_dates() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(&app, "观音桥街道");
    let (_, form) = get_html(&coord, &app.url(&format!("/staff/projects/new?compound={compound}"))).await;
    assert!(!attr(&form, "#f-opens_on", "value").is_empty(), "prefilled from today");
    assert_eq!(attr(&form, "#f-target_construction", "value"), "13");
    let fields = [
        ("compound_id", compound.as_str()),
        ("title", "塔坪小区微整形"),
        ("description", "雨棚"),
        ("opens_on", "2026-12-01"),
        ("closes_on", "2026-13-01"),
    ];
    let (status, body) = post(&app, &coord, "/staff/projects/new", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "closes_on"), "请按 2026-12-01 的格式填写日期。");
    assert_eq!(count(&app, "projects"), 0);
}
