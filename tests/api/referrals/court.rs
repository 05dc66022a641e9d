//! Court connection (诉调对接, issue 16): a court-entrusted case keeps the
//! court's case number, its deadline and the court's record, entered at
//! registration or on the case page, checked next to each field; the
//! 调解结果告知函 of an agreement names the court and the deadline.

use super::*;
use yuanba::domain::resolution::ChannelType as C;

/// Registers a case from the staff form with the given court fields.
async fn register(client: &Client, app: &TestApp, source: &str, court: &[(&str, &str)]) -> Response {
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), GYQ)
        .unwrap()
        .unwrap()
        .id;
    let (_, form) = get_html(client, &app.url("/staff/cases/new")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let mut fields = vec![
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落。"),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("source", source),
        ("external_ref", "(2026)渝0105民诉前调1234"),
    ];
    fields.extend_from_slice(court);
    post_form(client, &app.address, "/staff/cases/new", &fields).await
}

fn entrustment(app: &TestApp, case_id: &str) -> Option<yuanba::db::court_entrustments::CourtEntrustment> {
    yuanba::db::court_entrustments::find(&mut app.conn(), case_id).unwrap()
}

fn errors_at(body: &str, id: &str) -> Vec<String> {
    select_text(&Html::parse_document(body), &format!("#{id}"))
}

#[tokio::test]
async fn registration_keeps_the_courts_deadline_and_refuses_bad_ones_at_the_field() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let court = org(&app, "重庆市江北区人民法院", C::CourtPreLitigation, None, "");
    let police = org(&app, "观音桥派出所", C::StreetCommittee, None, "");
    let before = count(&app, "SELECT COUNT(*) AS n FROM cases");

    let res = register(
        &cast.coordinator,
        &app,
        "court_referral",
        &[("court_deadline", "2026-02-30")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert_eq!(errors_at(&body, "e-court_deadline").len(), 1);
    assert!(body.contains("2026-02-30"), "what was typed is kept");
    let yesterday = day(-1);
    let res = register(
        &cast.coordinator,
        &app,
        "court_referral",
        &[("court_deadline", &yesterday), ("court_org_id", &police)],
    )
    .await;
    let body = res.text().await.unwrap();
    assert_eq!(errors_at(&body, "e-court_deadline"), vec!["法院期限不能早于今天。"]);
    assert_eq!(errors_at(&body, "e-court_org_id").len(), 1, "only a court record");
    let soon = day(30);
    let res = register(&cast.coordinator, &app, "hotline", &[("court_deadline", &soon)]).await;
    let body = res.text().await.unwrap();
    assert_eq!(
        errors_at(&body, "e-court_deadline"),
        vec!["仅法院委派（委托）调解的案件填写此项。"]
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cases"), before, "nothing stored");

    let res = register(
        &cast.coordinator,
        &app,
        "court_referral",
        &[("court_deadline", &soon), ("court_org_id", &court)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = location(&res).trim_start_matches("/staff/cases/").to_owned();
    let row = entrustment(&app, &case_id).expect("the court's facts are kept");
    assert_eq!(row.court_deadline, soon);
    assert_eq!(row.court_org_id.as_deref(), Some(court.as_str()));
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert_eq!(select_text(&page, "#court .court-name"), vec!["重庆市江北区人民法院"]);
    assert_eq!(
        select_text(&page, "#court .court-case-number"),
        vec!["(2026)渝0105民诉前调1234"]
    );
    assert_eq!(select_text(&page, "#court .court-deadline"), vec![soon.clone()]);

    // A case from elsewhere has no court section and no row.
    let res = register(&cast.coordinator, &app, "hotline", &[]).await;
    let other = location(&res).trim_start_matches("/staff/cases/").to_owned();
    assert!(entrustment(&app, &other).is_none());
    assert!(select_text(&case_page(&cast.coordinator, &app, &other).await, "#court").is_empty());
}

#[tokio::test]
async fn the_case_page_edits_the_court_facts_versioned_and_audited() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let court = org(&app, "重庆市江北区人民法院", C::CourtPreLitigation, None, "");
    let res = register(&cast.coordinator, &app, "court_referral", &[]).await;
    let case_id = location(&res).trim_start_matches("/staff/cases/").to_owned();
    assert_eq!(entrustment(&app, &case_id).unwrap().court_deadline, "");

    let far = day(400);
    let fields = [
        ("case_number", "(2026)渝0105民诉前调99"),
        ("court_deadline", far.as_str()),
        ("court_org_id", ""),
    ];
    let res = post_case(&cast.coordinator, &app, &case_id, "/court", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert_eq!(
        errors_at(&body, "court-e-court_deadline"),
        vec!["法院期限不能晚于一年以后，请核对。"]
    );
    let html = Html::parse_document(&body);
    assert_eq!(attr(&html, "#court-court_deadline", "value"), far, "kept");
    assert_eq!(entrustment(&app, &case_id).unwrap().version, 1, "nothing written");

    let soon = day(20);
    let fields = [
        ("case_number", "(2026)渝0105民诉前调99"),
        ("court_deadline", soon.as_str()),
        ("court_org_id", court.as_str()),
    ];
    let res = post_case(&cast.coordinator, &app, &case_id, "/court", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = entrustment(&app, &case_id).unwrap();
    assert_eq!((row.court_deadline.as_str(), row.version), (soon.as_str(), 2));
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(case.external_ref, "(2026)渝0105民诉前调99");
    assert_eq!(app.audit_count("case.flags"), 1);

    // A stale form is a conflict, not an overwrite.
    let stale = [
        ("version", "1"),
        ("seen_event", ""),
        ("case_number", "x"),
        ("court_deadline", ""),
        ("court_org_id", ""),
    ];
    let res = post_form(
        &cast.coordinator,
        &app.address,
        &format!("/staff/cases/{case_id}/court"),
        &stale,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(entrustment(&app, &case_id).unwrap().version, 2);
}

#[tokio::test]
async fn the_result_letter_of_an_agreement_names_the_court_and_its_deadline() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let court = org(&app, "重庆市江北区人民法院", C::CourtPreLitigation, None, "");
    let soon = day(25);
    let res = register(
        &cast.coordinator,
        &app,
        "court_referral",
        &[("court_deadline", &soon), ("court_org_id", &court)],
    )
    .await;
    let case_id = location(&res).trim_start_matches("/staff/cases/").to_owned();
    to_mediating(&app, &cast, &case_id).await;
    let draft = [
        ("kind", "oral"),
        ("facts", "漏水。"),
        ("terms", "修复并赔偿。"),
        ("amount", "3000"),
    ];
    let res = post_case(&cast.lead, &app, &case_id, "/agreements", &draft).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    expect_step(&cast.lead, &app, &case_id, "FOLLOW_UP", &[("performed", "yes")]).await;
    let today = day(0);
    let visit = [
        ("visited_on", today.as_str()),
        ("visitor", "小马"),
        ("method", "phone"),
        ("performance", "performed"),
        ("satisfaction", "5"),
        ("measures", "已修复。"),
    ];
    assert_eq!(
        post_case(&cast.lead, &app, &case_id, "/follow-ups", &visit)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;

    let path = format!("/staff/cases/{case_id}/print/court-letter");
    let res = post_form(&cast.lead, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&doc, ".court-addressee"), vec!["重庆市江北区人民法院："]);
    assert_eq!(
        select_text(&doc, ".court-case-number"),
        vec!["(2026)渝0105民诉前调1234"]
    );
    let result = select_text(&doc, ".court-result").concat();
    assert!(result.contains("达成调解协议") && !result.contains("未能"), "{result}");
    assert!(select_text(&doc, ".court-deadline-line")[0].contains(&soon));
    assert_eq!(app.audit_count("case.print"), 1, "printing is audited");
}
