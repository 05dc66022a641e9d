//! People's mediation over HTTP: intake, the workflow to ARCHIVED, failure
//! paths, re-mediation, conflicts, scope and gap-free case numbers.

mod apply_form;
mod concurrency;
mod date_bounds;
mod endings;
mod expect;
mod intake_places;
mod periods;
mod queue_counts;
mod unmask;

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::domain::role::{MediatorLevel, Role};

/// The version and last event a case page shows (parsed off the async path:
/// a parsed document cannot cross threads).
fn seen_of(body: &str) -> (String, String) {
    let page = Html::parse_document(body);
    (
        attr(&page, "input[name=version]", "value"),
        attr(&page, "input[name=seen_event]", "value"),
    )
}

fn street_id(app: &TestApp, name: &str) -> String {
    yuanba::db::places::find_street_by_name(&mut app.conn(), name)
        .unwrap()
        .unwrap()
        .id
}

async fn to_follow_up(app: &TestApp, cast: &Cast, case_id: &str) {
    to_mediating(app, cast, case_id).await;
    let held_on = day(0);
    let res = post_case(
        &cast.lead,
        app,
        case_id,
        "/records",
        &[
            ("kind", "session"),
            ("held_on", held_on.as_str()),
            ("place", "塔坪社区院坝"),
            ("persons", "双方当事人、网格员"),
            ("content", "双方陈述，达成维修共识。"),
            ("result", "达成一致"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_case(
        &cast.lead,
        app,
        case_id,
        "/agreements",
        &[
            ("kind", "written"),
            ("facts", "楼上漏水致楼下受损。"),
            ("terms", "王建国于 2026 年 12 月 10 日前修复管道并赔偿 3000 元。"),
            ("amount", "3000"),
            ("performance_deadline", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, app, case_id).await;
    expect_step(&cast.lead, app, case_id, "AGREEMENT_REVIEW", &[]).await;
    let today = crate::helpers::mediation::day(0);
    sign_everyone(&cast.lead, app, case_id, &cast.lead_id, &today).await;
    expect_step(&cast.mentor, app, case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    expect_step(&cast.lead, app, case_id, "FOLLOW_UP", &[("performed", "yes")]).await;
}

#[tokio::test]
async fn an_online_application_goes_all_the_way_to_archived() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, code) = apply_online_receipt(&app, "观音桥街道").await;

    // The coordinator finds it in the "awaiting acceptance" queue, masked.
    let (_, queue) = get_html(&cast.coordinator, &app.url("/staff/cases?queue=registered")).await;
    assert_eq!(select_text(&queue, "td.applicant"), vec!["张*英 138****5678"]);

    // Acceptance without the notices cannot be assigned yet.
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    let res = step(
        &cast.coordinator,
        &app,
        &case_id,
        "ASSIGNED",
        &[("lead_mediator_id", &cast.lead_id), ("mentor_id", &cast.mentor_id)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, ".step-error"),
        vec!["还有当事人未送达权利义务告知书。"]
    );
    serve_all_parties(&cast.coordinator, &app, &case_id).await;
    // A trainee lead needs the mentor on the team.
    let res = step(
        &cast.coordinator,
        &app,
        &case_id,
        "ASSIGNED",
        &[("lead_mediator_id", &cast.lead_id)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    expect_step(
        &cast.coordinator,
        &app,
        &case_id,
        "ASSIGNED",
        &[("lead_mediator_id", &cast.lead_id), ("mentor_id", &cast.mentor_id)],
    )
    .await;
    expect_step(&cast.lead, &app, &case_id, "MEDIATING", &[]).await;
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    let year = yuanba::dates::china_year(yuanba::db::now_ts());
    assert_eq!(
        case.case_number.as_deref(),
        Some(format!("({year})江北观音桥人调字第1号").as_str())
    );

    // Back to the mediation flow through to the follow-up.
    let held_on = day(0);
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/records",
        &[
            ("kind", "session"),
            ("held_on", held_on.as_str()),
            ("content", "现场调解。"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/agreements",
        &[
            ("kind", "written"),
            ("facts", "漏水。"),
            ("terms", "修复并赔偿。"),
            ("amount", "3,000.50"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;
    let today = crate::helpers::mediation::day(0);
    sign_everyone(&cast.lead, &app, &case_id, &cast.lead_id, &today).await;
    // The trainee cannot sign off their own agreement: no review step is offered.
    // Refused for lack of authority: 403 with the reason (issue 11, item 11).
    let res = step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#page-error"), vec!["您无权执行此操作。"]);
    expect_step(&cast.mentor, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    expect_step(&cast.lead, &app, &case_id, "FOLLOW_UP", &[("performed", "yes")]).await;
    let res = step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "needs the visit record");
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/follow-ups",
        &[
            ("visited_on", &day(0)),
            ("visitor", "小马"),
            ("method", "phone"),
            ("performance", "performed"),
            ("satisfaction", "5"),
            ("measures", "已修复，双方满意。"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    expect_step(&cast.lead, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    // Closure shows the missing items, then closes once they are on file.
    let page = case_page(&cast.mentor, &app, &case_id).await;
    assert!(
        select_text(&page, "form[data-to=CLOSED] .alert-info")
            .join("")
            .contains("当事人身份证明")
    );
    let res = step(&cast.mentor, &app, &case_id, "CLOSED", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    expect_step(
        &cast.mentor,
        &app,
        &case_id,
        "CLOSED",
        &[("identity_proof", "yes"), ("back_cover", "yes")],
    )
    .await;
    let res = step(&cast.coordinator, &app, &case_id, "ARCHIVED", &[("volume_number", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    expect_step(
        &cast.coordinator,
        &app,
        &case_id,
        "ARCHIVED",
        &[("volume_number", "2026-GYQ-001"), ("retention_period", "长期")],
    )
    .await;
    assert_eq!(state_of(&app, &case_id), "ARCHIVED");

    // The timeline holds every step, oldest first.
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    let timeline = select_text(&page, "#timeline li").join("\n");
    for state in [
        "待受理",
        "已受理",
        "已指派",
        "调解中",
        "协议待审核",
        "协议生效",
        "回访",
        "结案审核",
        "已结案",
        "已归档",
    ] {
        assert!(timeline.contains(state), "{state} missing from timeline");
    }
    let events = yuanba::db::case_events::for_case(&mut app.conn(), &case_id).unwrap();
    assert!(
        events
            .iter()
            .filter(|e| e.to_state.is_some())
            .skip(1)
            .all(|e| e.seconds_in_previous.is_some())
    );
    assert!(
        app.run_sql("UPDATE case_events SET note = 'x'").is_err(),
        "the timeline is immutable"
    );

    // The receipt code shows public facts only.
    let resident = new_client();
    let res = post_form(&resident, &app.address, "/track", &[("code", &code.to_lowercase())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, ".tag-state"), vec!["已归档"]);
    for private in [
        "张秀英",
        "王建国",
        "13812345678",
        "现场调解",
        "修复并赔偿",
        "2026-GYQ-001",
    ] {
        assert!(!body.contains(private), "tracking page leaks {private}");
    }
}

#[tokio::test]
async fn failure_paths_not_accepted_withdrawn_and_failed() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (refused, _) = apply_online_receipt(&app, "观音桥街道").await;
    let res = step(
        &cast.coordinator,
        &app,
        &refused,
        "NOT_ACCEPTED",
        &[("notification_method", "电话告知")],
    )
    .await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, ".step-error"), vec!["请选择不予受理的理由。"]);
    expect_step(
        &cast.coordinator,
        &app,
        &refused,
        "NOT_ACCEPTED",
        &[("reason_code", "in_court"), ("notification_method", "电话告知")],
    )
    .await;
    assert_eq!(state_of(&app, &refused), "NOT_ACCEPTED");
    assert!(
        yuanba::db::cases::find(&mut app.conn(), &refused)
            .unwrap()
            .unwrap()
            .case_number
            .is_none()
    );

    let (withdrawn, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &withdrawn).await;
    let today = day(0);
    expect_step(
        &cast.lead,
        &app,
        &withdrawn,
        "WITHDRAWN",
        &ending_fields(&today, "申请人撤回"),
    )
    .await;
    expect_step(&cast.lead, &app, &withdrawn, "CLOSURE_REVIEW", &[]).await;
    // Returned to the previous state with a reason, then closed.
    let res = step(&cast.mentor, &app, &withdrawn, "WITHDRAWN", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    expect_step(
        &cast.mentor,
        &app,
        &withdrawn,
        "WITHDRAWN",
        &[("return_reason", "补充撤回书")],
    )
    .await;
    expect_step(&cast.lead, &app, &withdrawn, "CLOSURE_REVIEW", &[]).await;
    let res = post_case(
        &cast.lead,
        &app,
        &withdrawn,
        "/records",
        &[("kind", "session"), ("held_on", &day(0)), ("content", "x")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no session records in closure review"
    );

    let (failed, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &failed).await;
    let today = day(0);
    expect_step(
        &cast.lead,
        &app,
        &failed,
        "FAILED",
        &ending_fields(&today, "告知可向法院起诉"),
    )
    .await;
    assert_eq!(state_of(&app, &failed), "FAILED");
    // Numbers were allocated only to accepted cases, without gaps.
    let numbers: Vec<_> = [&withdrawn, &failed]
        .iter()
        .map(|id| yuanba::db::cases::find(&mut app.conn(), id).unwrap().unwrap().case_seq)
        .collect();
    assert_eq!(numbers, vec![Some(1), Some(2)]);
}

#[tokio::test]
async fn re_mediation_produces_agreement_version_two() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_follow_up(&app, &cast, &case_id).await;
    let res = step(
        &cast.lead,
        &app,
        &case_id,
        "MEDIATING",
        &[("agreement_disputed", "yes")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "both parties must consent"
    );
    expect_step(
        &cast.lead,
        &app,
        &case_id,
        "MEDIATING",
        &[("agreement_disputed", "yes"), ("both_parties_consent", "yes")],
    )
    .await;
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/agreements",
        &[
            ("kind", "oral"),
            ("facts", "补充约定。"),
            ("terms", "王建国另付 500 元。"),
            ("amount", "500"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    let versions: Vec<_> = yuanba::db::agreements::all(&mut app.conn(), &case_id)
        .unwrap()
        .iter()
        .map(|a| (a.version, a.kind.code().to_owned()))
        .collect();
    assert_eq!(versions, vec![(1, "written".to_owned()), (2, "oral".to_owned())]);
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "article.agreement").len(), 2);
}

#[tokio::test]
async fn two_mediators_changing_one_case_get_one_success_and_one_conflict() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    app.conn();
    // Both open the page at the same version.
    let lead_page = case_page(&cast.lead, &app, &case_id).await;
    let coord_page = case_page(&cast.coordinator, &app, &case_id).await;
    let stale = |page: &Html| {
        (
            attr(page, "input[name=version]", "value"),
            attr(page, "input[name=seen_event]", "value"),
        )
    };
    let (v1, e1) = stale(&lead_page);
    let (v2, e2) = stale(&coord_page);
    assert_eq!(v1, v2);
    let first = post_form(
        &cast.lead,
        &app.address,
        &format!("/staff/cases/{case_id}/transition"),
        &[
            ("version", &v1),
            ("seen_event", &e1),
            ("to", "FAILED"),
            ("note", "调解不成"),
            ("remedy_litigation", "yes"),
            ("told_how", "oral"),
            ("told_on", &day(0)),
        ],
    )
    .await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = post_form(
        &cast.coordinator,
        &app.address,
        &format!("/staff/cases/{case_id}/flags"),
        &[("version", &v2), ("seen_event", &e2), ("risk", "red")],
    )
    .await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let html = Html::parse_document(&second.text().await.unwrap());
    assert_eq!(select_text(&html, "h1"), vec!["案件已被他人修改"]);
    assert!(
        select_text(&html, ".timeline li").join(" ").contains("调解不成"),
        "shows what changed"
    );
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(case.state.code(), "FAILED");
    assert_eq!(case.risk_level, None, "the stale change was not applied");
}

#[tokio::test]
async fn other_areas_and_other_mediators_are_refused_everywhere() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    app.create_user("wld-coord", Role::Coordinator, None, Some("五里店街道"));
    app.create_user("outsider", Role::Mediator, Some(MediatorLevel::Senior), None);
    let before = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    let party = yuanba::db::case_parties::for_case(&mut app.conn(), &case_id)
        .unwrap()
        .remove(0)
        .id;
    for name in ["wld-coord", "outsider"] {
        let client = new_client();
        login(&client, &app.address, name, USER_PASSWORD).await;
        assert_eq!(
            get(&client, &app.url(&format!("/staff/cases/{case_id}")))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{name} page"
        );
        let version = before.version.to_string();
        let posts: [(String, Vec<(&str, &str)>); 8] = [
            ("/transition".into(), vec![("to", "FAILED")]),
            ("/parties".into(), vec![("party_role", "third_party"), ("name", "赵六")]),
            (
                format!("/parties/{party}"),
                vec![("served", "yes"), ("consent", "refused")],
            ),
            (
                "/records".into(),
                vec![("kind", "session"), ("held_on", "2026-11-20"), ("content", "x")],
            ),
            (
                "/agreements".into(),
                vec![("kind", "oral"), ("facts", "x"), ("terms", "y")],
            ),
            ("/flags".into(), vec![("risk", "red")]),
            ("/hold".into(), vec![("on_hold", "1"), ("reason", "x")]),
            ("/extension".into(), vec![("days", "10"), ("both_consent", "yes")]),
        ];
        for (suffix, fields) in posts {
            let mut form = vec![("version", version.as_str()), ("seen_event", "")];
            form.extend(fields);
            let res = post_form(&client, &app.address, &format!("/staff/cases/{case_id}{suffix}"), &form).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name} POST {suffix}");
        }
        let (_, list) = get_html(&client, &app.url("/staff/cases?queue=all")).await;
        assert!(
            select_text(&list, "td.applicant").is_empty(),
            "{name} sees no cases of others"
        );
    }
    let after = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(
        (after.version, after.state),
        (before.version, before.state),
        "nothing changed"
    );
}

#[tokio::test]
async fn concurrent_acceptances_get_distinct_gap_free_numbers() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(apply_online_receipt(&app, "观音桥街道").await.0);
    }
    let mut tasks = Vec::new();
    for id in ids.clone() {
        let client = cast.coordinator.clone();
        let address = app.address.clone();
        tasks.push(tokio::spawn(async move {
            let body = get(&client, &format!("{address}/staff/cases/{id}"))
                .await
                .text()
                .await
                .unwrap();
            let (version, seen) = seen_of(&body);
            post_form(
                &client,
                &address,
                &format!("/staff/cases/{id}/transition"),
                &[("version", &version), ("seen_event", &seen), ("to", "ACCEPTED")],
            )
            .await
            .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let seqs = sorted_case_numbers(&app, &ids);
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_application_form_reports_bad_input_and_a_double_post_stores_one_case() {
    let app = spawn_app().await;
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let res = post_form(
        &resident,
        &app.address,
        "/mediation/apply",
        &[("form_token", &token), ("applicant_name", "李"), ("summary", "短")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-applicant_phone"), vec!["此项为必填项。"]);
    assert_eq!(
        select_text(&html, "#e-summary"),
        vec!["请至少写 10 个字，说明纠纷情况。"]
    );
    assert_eq!(
        select_text(&html, "#e-respondent_name_1"),
        vec!["请至少填写一位被申请人。"]
    );
    assert_eq!(
        select_text(&html, "#e-ack_rights"),
        vec!["请确认已阅读权利义务告知书。"]
    );
    assert_eq!(attr(&html, "#f-applicant_name", "value"), "李", "typed text is kept");

    let street = street_id(&app, "五里店街道");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "李华"),
        ("applicant_phone", "023-67891234"),
        ("respondent_name_1", "某物业公司"),
        ("dispute_type", "property_management"),
        ("summary", "物业长期不处理电梯故障，老人出行困难。"),
        ("requests", "修好电梯"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let first = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    let second = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    let code = |body: String| {
        select_text(&Html::parse_document(&body), ".receipt code")
            .pop()
            .unwrap()
    };
    let (a, b) = (code(first.text().await.unwrap()), code(second.text().await.unwrap()));
    assert_eq!(a, b, "a re-post shows the same receipt code");
    assert_eq!(app.audit_count("case.apply"), 1, "and stores one case");
    let res = post_form(
        &resident,
        &app.address,
        "/track",
        &[("code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn judicial_confirmation_must_be_applied_for_within_30_days() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/agreements",
        &[("kind", "oral"), ("facts", "x。"), ("terms", "y。")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    // The agreement took effect 31 days ago: too late.
    let today = yuanba::dates::china_day(yuanba::db::now_ts());
    let day = |d: i64| yuanba::dates::date(d * 86_400);
    app.run_sql(&format!(
        "UPDATE agreements SET effective_on = '{}' WHERE case_id = '{case_id}'",
        day(today - 31)
    ))
    .unwrap();
    let fields = [
        ("applied_on", day(today)),
        ("court", "重庆市江北区人民法院".to_owned()),
        ("result", "pending".to_owned()),
        ("joint_application", "yes".to_owned()),
    ];
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = post_case(&cast.lead, &app, &case_id, "/judicial", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#judicial .field-error"),
        vec!["协议生效已超过 30 日，不能再申请司法确认。"]
    );
    // Exactly 30 days is still in time.
    app.run_sql(&format!(
        "UPDATE agreements SET effective_on = '{}' WHERE case_id = '{case_id}'",
        day(today - 30)
    ))
    .unwrap();
    let res = post_case(&cast.lead, &app, &case_id, "/judicial", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert!(
        select_text(&page, "#judicial p.record")
            .join("")
            .contains("重庆市江北区人民法院")
    );
}

#[tokio::test]
async fn identity_numbers_are_encrypted_at_rest_masked_and_their_viewing_audited() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, _) = apply_online_receipt(&app, "观音桥街道").await;
    let res = post_case(
        &cast.coordinator,
        &app,
        &case_id,
        "/parties",
        &[
            ("party_role", "third_party"),
            ("name", "赵六"),
            ("id_number", "110105194912310021"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "bad check digit");
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-id_number"),
        vec!["身份证号码格式或校验位不正确。"]
    );
    let res = post_case(
        &cast.coordinator,
        &app,
        &case_id,
        "/parties",
        &[
            ("party_role", "third_party"),
            ("name", "赵六"),
            ("id_number", "11010519491231002X"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored = yuanba::db::case_parties::for_case(&mut app.conn(), &case_id)
        .unwrap()
        .pop()
        .unwrap();
    assert!(
        !stored.id_number_enc.is_empty() && !stored.id_number_enc.contains("19491231"),
        "sealed at rest"
    );
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert_eq!(select_text(&page, ".id-number"), vec!["110***********002X"]);
    assert!(select_text(&page, ".party-name").iter().any(|n| n.starts_with("赵*")));
    assert_eq!(app.audit_count("case.unmask"), 0);
    let res = post_form(
        &cast.coordinator,
        &app.address,
        &format!("/staff/cases/{case_id}/unmask"),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&page, ".id-number"), vec!["11010519491231002X"]);
    assert_eq!(app.audit_count("case.unmask"), 1);
}
