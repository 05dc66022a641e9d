//! The referral's life: triage → referral → accept → outcome → close, and
//! the return to triage; the resident's view on `/track`.

use super::*;
use crate::helpers::mailbox::track;

#[tokio::test]
async fn triage_suggests_refer_accept_report_close_and_track_shows_public_facts() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let (case_id, receipt) = apply_online_receipt(&app, GYQ).await;

    // The case page offers triage; the triage page suggests channels with reasons.
    let case = case_page(&coordinator, &app, &case_id).await;
    assert_eq!(select_text(&case, "#triage-link a").len(), 1);
    let triage = page(&coordinator, &app, &format!("/centre/cases/{case_id}/refer")).await;
    let channels: Vec<String> = triage
        .select(&scraper::Selector::parse(".suggestion").unwrap())
        .map(|e| e.value().attr("data-channel").unwrap().to_owned())
        .collect();
    assert_eq!(
        channels.first().map(String::as_str),
        Some("community_committee"),
        "neighbour rule first"
    );
    assert!(channels.contains(&"street_committee".to_owned()), "the fallback rule");
    assert!(select_text(&triage, ".suggestion .reason")[0].contains("邻里"));
    assert!(
        select_text(&triage, "#f-org_id option")
            .iter()
            .any(|o| o.contains("物业"))
    );

    let id = referred(&coordinator, &app, &case_id, &org_id).await;
    let sent = referral(&app, &id);
    assert_eq!(sent.state.code(), "sent");
    assert!(
        sent.accept_by > sent.sent_at + 3 * 86_400 - 86_400,
        "three working days, at least"
    );
    assert_eq!(
        state_of(&app, &case_id),
        "REGISTERED",
        "the case waits at the door meanwhile"
    );

    // The centre answers for the committee only with the evidence.
    let res = step_on(&coordinator, &app, &id, "accept", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        referral(&app, &id).state.code(),
        "sent",
        "a refused step changes nothing"
    );
    let res = step_on(
        &coordinator,
        &app,
        &id,
        "accept",
        &[("note", "12月2日电话确认，经办人刘女士")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let accepted = referral(&app, &id);
    assert_eq!(accepted.state.code(), "accepted");
    assert!(accepted.report_by.is_some(), "the report clock starts at acceptance");

    let res = step_on(&coordinator, &app, &id, "outcome", &[("note", "调解协议书已收到")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no outcome chosen");
    let fields = [("outcome", "agreement"), ("note", "调解协议书复印件已收到")];
    assert_eq!(
        step_on(&coordinator, &app, &id, "outcome", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step_on(&coordinator, &app, &id, "close", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let closed = referral(&app, &id);
    assert_eq!(closed.state.code(), "closed");
    assert_eq!(closed.outcome.map(|o| o.code()), Some("agreement"));

    // Every step is on the referral's timeline, the case's, and audited.
    let detail = page(&coordinator, &app, &format!("/centre/referrals/{id}")).await;
    assert_eq!(select_text(&detail, ".referral-event").len(), 4);
    let events = yuanba::db::case_events::for_case(&mut app.conn(), &case_id).unwrap();
    assert_eq!(events.iter().filter(|e| e.kind.code() == "referral").count(), 4);
    for action in [
        "referral.send",
        "referral.accept",
        "referral.report_outcome",
        "referral.close",
    ] {
        assert_eq!(app.audit_count(action), 1, "{action}");
    }

    // The resident sees where and how it ended, never the internal notes.
    let (status, body) = track(&app, &receipt).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(
        select_text(&html, ".referral-org"),
        vec!["江北区物业纠纷人民调解委员会"]
    );
    assert_eq!(select_text(&html, ".referral-phone"), vec!["023-67100201"]);
    assert!(select_text(&html, ".referral-outcome")[0].contains("达成协议"));
    for internal in ["物业服务费争议", "电话确认", "刘女士", "复印件"] {
        assert!(!body.contains(internal), "{internal} must not reach /track");
    }
}

#[tokio::test]
async fn a_returned_referral_is_back_in_triage_with_its_reason() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let (case_id, receipt) = apply_online_receipt(&app, GYQ).await;
    let id = referred(&coordinator, &app, &case_id, &org_id).await;

    // While another organisation holds it, the committee cannot accept it.
    let res = step(&coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state_of(&app, &case_id), "REGISTERED");
    // Nor can it be referred twice.
    let res = refer(&coordinator, &app, &case_id, &org_id, "再次转办").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = step_on(&coordinator, &app, &id, "return", &[("note", "函件退回")]).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs its reason"
    );
    let fields = [("reason", "系邻里漏水纠纷，不属物业服务范围"), ("note", "退回函第3号")];
    let res = step_on(&coordinator, &app, &id, "return", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/centre/cases/{case_id}/refer"),
        "back to triage"
    );

    let triage = page(&coordinator, &app, &format!("/centre/cases/{case_id}/refer")).await;
    assert!(select_text(&triage, ".returned-reason")[0].contains("不属物业服务范围"));
    assert_eq!(
        select_text(&triage, "#refer-form h2").len(),
        1,
        "it can be referred again"
    );
    // The case is in the coordinator's triage queue again and can be accepted.
    let (_, queue) = get_html(&coordinator, &app.url("/staff/cases?queue=registered")).await;
    assert!(queue.html().contains(&case_id));
    let (_, body) = track(&app, &receipt).await;
    assert!(
        !body.contains("track-referral"),
        "a returned referral is not the resident's news"
    );
    expect_step(&coordinator, &app, &case_id, "ACCEPTED", &[]).await;
}

#[tokio::test]
async fn an_overdue_referral_is_flagged_and_escalated_with_a_note() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    let case_id = apply_online(&app, GYQ).await;
    let id = referred(&coordinator, &app, &case_id, &org_id).await;

    let res = step_on(&coordinator, &app, &id, "escalate", &[("note", "请尽快受理")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "not overdue yet");
    let list = page(&coordinator, &app, "/centre/referrals?overdue=1").await;
    assert!(select_text(&list, ".referral-row").is_empty());

    // The acceptance deadline passed (moved back in the table).
    app.run_sql(&format!("UPDATE referrals SET accept_by = 1000 WHERE id = '{id}'"))
        .unwrap();
    let list = page(&coordinator, &app, "/centre/referrals?overdue=1").await;
    assert_eq!(select_text(&list, ".referral-row.overdue .overdue-flag").len(), 1);
    let all = page(&coordinator, &app, "/centre/referrals").await;
    assert_eq!(select_text(&all, ".referral-row.overdue").len(), 1);

    let res = step_on(&coordinator, &app, &id, "escalate", &[("note", " ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a note is required");
    let res = step_on(
        &coordinator,
        &app,
        &id,
        "escalate",
        &[("note", "已超期，请于明日前受理并回复")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let escalated = referral(&app, &id);
    assert_eq!(escalated.escalations, 1);
    assert_eq!(escalated.state.code(), "sent", "escalation keeps the state");
    assert_eq!(app.audit_count("referral.escalate"), 1);
    let detail = page(&coordinator, &app, &format!("/centre/referrals/{id}")).await;
    assert_eq!(select_text(&detail, ".escalations"), vec!["1"]);
}

#[tokio::test]
async fn another_streets_coordinator_and_a_mediator_change_nothing() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    let coordinator = centre(&app, "gyq-centre").await;
    app.create_user(
        "wld-centre",
        yuanba::domain::role::Role::Coordinator,
        None,
        Some("五里店街道"),
    );
    let other = logged_in(&app, "wld-centre").await;
    let case_id = apply_online(&app, GYQ).await;

    let res = refer(&other, &app, &case_id, &org_id, "越权转办").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let id = referred(&coordinator, &app, &case_id, &org_id).await;
    let res = step_on(&other, &app, &id, "accept", &[("note", "越权")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = get_html(&other, &app.url(&format!("/centre/referrals/{id}"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let list = page(&other, &app, "/centre/referrals").await;
    assert!(
        select_text(&list, ".referral-row").is_empty(),
        "another street's referrals are not listed"
    );
    assert_eq!(referral(&app, &id).version, 1, "nothing changed");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM referral_events"), 1);
}
