//! 老马带小马 on the case (issue 12, case side): co-mediators set at
//! ASSIGNED, the reviewer's comments stored and shown, the mentor's
//! after-the-fact review of a 小马's oral agreement with its age in the
//! queue, debriefs, and who may see and do each.

mod library;
mod oral_review;

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::mentorship_records::{self, FeedbackKind};
use yuanba::domain::case_review::{ReviewDecision, ReviewStage};
use yuanba::domain::role::{MediatorLevel, Role};

async fn html_of(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// Accepted and served, ready for the ASSIGNED step.
async fn accepted(app: &TestApp, cast: &Cast) -> String {
    let case_id = apply_online(app, "观音桥街道").await;
    expect_step(&cast.coordinator, app, &case_id, "ACCEPTED", &[]).await;
    serve_all_parties(&cast.coordinator, app, &case_id).await;
    case_id
}

/// The count on one queue tab of `client`'s case list.
async fn tab_count(client: &Client, app: &TestApp, queue: &str) -> String {
    let (_, html) = get_html(client, &app.url("/staff/cases")).await;
    let css = format!("a[href='/staff/cases?queue={queue}'] .count");
    select_text(&html, &css).pop().unwrap_or_default()
}

#[tokio::test]
async fn co_mediators_are_set_at_assignment_and_work_the_case() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let co_id = app.create_user("xiezhu", Role::Mediator, Some(MediatorLevel::Senior), None);
    let case_id = accepted(&app, &cast).await;
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    let offered = select_text(&page, "#co-mediators label");
    assert_eq!(offered.len(), 3, "every active mediator is offered: {offered:?}");

    // A coordinator is no mediator: refused next to the field, picks kept.
    let coordinator_id = yuanba::db::users::find_by_username(&mut app.conn(), "gyq-coord")
        .unwrap()
        .unwrap()
        .id;
    let team = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", cast.mentor_id.as_str()),
        ("co_mediator", co_id.as_str()),
        ("co_mediator", coordinator_id.as_str()),
    ];
    let (status, html) = html_of(step(&cast.coordinator, &app, &case_id, "ASSIGNED", &team).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#co-mediators .field-error").len(), 1);
    assert_eq!(attr(&html, "#co-mediators input[checked]", "value"), co_id);
    assert_eq!(state_of(&app, &case_id), "ACCEPTED");
    assert!(
        yuanba::db::cases::co_mediators(&mut app.conn(), &case_id)
            .unwrap()
            .is_empty()
    );

    // The lead cannot also be a co-mediator.
    let twice = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", cast.mentor_id.as_str()),
        ("co_mediator", cast.lead_id.as_str()),
    ];
    assert_eq!(
        step(&cast.coordinator, &app, &case_id, "ASSIGNED", &twice)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    expect_step(&cast.coordinator, &app, &case_id, "ASSIGNED", &team[..3]).await;
    let stored = yuanba::db::cases::co_mediators(&mut app.conn(), &case_id).unwrap();
    assert_eq!(stored, vec![co_id.clone()]);
    let differences = yuanba::mediation::queue_index::differences(&mut app.conn()).unwrap();
    assert!(differences.is_empty(), "{differences:?}");

    // The co-mediator finds it in their queue and works it.
    let co = logged_in(&app, "xiezhu").await;
    let (_, mine) = get_html(&co, &app.url("/staff/cases?queue=mine")).await;
    let css = format!("a[href='/staff/cases/{case_id}']");
    assert_eq!(select_text(&mine, &css).len(), 1, "in the co-mediator's queue");
    expect_step(&co, &app, &case_id, "MEDIATING", &[]).await;
}

/// A written draft with a term, sent for review and signed by everyone today.
async fn draft_for_review(app: &TestApp, cast: &Cast, case_id: &str) {
    draft_written(&cast.lead, app, case_id).await;
    add_respondent_term(&cast.lead, app, case_id).await;
    expect_step(&cast.lead, app, case_id, "AGREEMENT_REVIEW", &[]).await;
    sign_everyone(&cast.lead, app, case_id, &cast.lead_id, &day(0)).await;
}

#[tokio::test]
async fn a_return_keeps_the_mentors_comment_on_the_case_and_in_the_training_record() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_for_review(&app, &cast, &case_id).await;

    // In the mentor's review queue with its age (days in the review).
    let (_, queue) = get_html(&cast.mentor, &app.url("/staff/cases?queue=review")).await;
    assert_eq!(select_text(&queue, "tbody tr .age").len(), 1);

    // The mentee cannot sign off their own draft; another 老马 cannot even see it.
    let res = step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.create_user("laoma2", Role::Mediator, Some(MediatorLevel::Senior), None);
    let other = logged_in(&app, "laoma2").await;
    let res = get(&other, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = step(&other, &app, &case_id, "MEDIATING", &[("return_reason", "x")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A return without a reason is refused next to the reason field.
    let (status, html) = html_of(step(&cast.mentor, &app, &case_id, "MEDIATING", &[("note", "再看看")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        select_text(&html, "textarea[name=return_reason] + .field-error").len(),
        1
    );
    assert_eq!(attr(&html, "details[open] textarea[name=note]", "name"), "note");

    let reason = "责任划分不清，请补充被申请人的过错事实";
    expect_step(&cast.mentor, &app, &case_id, "MEDIATING", &[("return_reason", reason)]).await;
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "#mentoring .review-comment"), vec![reason]);
    assert!(
        select_text(&page, "#timeline").join("").contains(reason),
        "on the timeline"
    );

    // The second draft is approved, with a comment.
    draft_for_review(&app, &cast, &case_id).await;
    expect_step(
        &cast.mentor,
        &app,
        &case_id,
        "AGREEMENT_EFFECTIVE",
        &[("note", "条款清楚，同意")],
    )
    .await;
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "#mentoring .review").len(), 2);

    // The 小马 reads both on their training record page, newest first.
    let (status, mine) = get_html(&cast.lead, &app.url(&format!("/mentoring/mediators/{}", cast.lead_id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&mine, "#feedback .feedback-comment"),
        vec!["条款清楚，同意".to_owned(), reason.to_owned()]
    );
    let record = mentorship_records::feedback_for(&mut app.conn(), &cast.lead_id).unwrap();
    let kinds: Vec<_> = record.iter().map(|f| (f.kind, f.comment.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (
                FeedbackKind::Review(ReviewStage::AgreementReview, ReviewDecision::Approved),
                "条款清楚，同意"
            ),
            (
                FeedbackKind::Review(ReviewStage::AgreementReview, ReviewDecision::Returned),
                reason
            ),
        ]
    );
    assert!(
        record
            .iter()
            .all(|f| f.from_id == cast.mentor_id && f.case_number.is_some())
    );
}

#[tokio::test]
async fn debriefs_are_written_by_the_lead_and_commented_by_the_mentor() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let session = [
        ("kind", "session"),
        ("held_on", day(0).leak() as &str),
        ("content", "双方到场，各自陈述。"),
    ];
    assert_eq!(
        post_case(&cast.lead, &app, &case_id, "/records", &session)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let record_id = yuanba::db::case_records::for_case(&mut app.conn(), &case_id).unwrap()[0]
        .id
        .clone();
    let debrief = |went_well: &'static str| {
        vec![
            ("record_id", record_id.clone()),
            ("went_well", went_well.to_owned()),
            ("missing", "没有先核实漏水点".to_owned()),
            ("next_steps", "请物业出具检测报告".to_owned()),
            ("tag", "site-visit".to_owned()),
        ]
    };
    let as_refs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();

    // Each part is required, with the error next to it and the rest kept.
    let fields = as_refs(&debrief(""));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, html) = html_of(post_case(&cast.lead, &app, &case_id, "/debriefs", &refs).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#debrief-form .field-error").len(), 1);
    assert_eq!(
        select_text(&html, "#debrief-form textarea[name=missing]"),
        vec!["没有先核实漏水点"]
    );

    // The mentor does not write it; the lead does.
    let fields = as_refs(&debrief("耐心倾听，情绪稳住了"));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = post_case(&cast.mentor, &app, &case_id, "/debriefs", &refs).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_case(&cast.lead, &app, &case_id, "/debriefs", &refs).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_case(&cast.lead, &app, &case_id, "/debriefs", &refs).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "one per session");

    // The mentor comments; the lead does not; another 老马 sees nothing.
    let debrief_id = mentorship_records::debriefs_for_case(&mut app.conn(), &case_id).unwrap()[0]
        .id
        .clone();
    let path = format!("/staff/cases/{case_id}/debriefs/{debrief_id}/comment");
    let comment = [("comment", "先背靠背沟通，再面对面")];
    let res = post_form(&cast.lead, &app.address, &path, &comment).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.create_user("laoma2", Role::Mediator, Some(MediatorLevel::Senior), None);
    let other = logged_in(&app, "laoma2").await;
    assert_eq!(
        post_form(&other, &app.address, &path, &comment).await.status(),
        StatusCode::FORBIDDEN
    );
    let res = post_form(&cast.mentor, &app.address, &path, &[("comment", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post_form(&cast.mentor, &app.address, &path, &comment).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "#mentoring .debrief").len(), 1);
    assert_eq!(
        select_text(&page, "#mentoring .debrief .method-tag"),
        vec!["到现场看一看"]
    );
    assert!(
        select_text(&page, ".debrief-comment")
            .join("")
            .contains("先背靠背沟通，再面对面")
    );
    assert!(
        select_text(&page, "#debrief-form").is_empty(),
        "no session left to debrief"
    );
    // The timeline names the debrief for what it is, not as a session record.
    let timeline = select_text(&page, "#timeline li").join("\n");
    assert!(timeline.contains("写复盘"), "{timeline}");
    assert_eq!(app.audit_count("case.debrief"), 1);
    assert_eq!(app.audit_count("case.debrief_comment"), 1);
    let record = mentorship_records::feedback_for(&mut app.conn(), &cast.lead_id).unwrap();
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].kind, FeedbackKind::DebriefComment);
    assert_eq!(record[0].from_id, cast.mentor_id);
}

#[tokio::test]
async fn a_committee_heads_return_is_kept_in_the_leads_record_too() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let senior_id = app.create_user("senior", Role::Mediator, Some(MediatorLevel::Senior), None);
    let head_id = app.create_user("head", Role::Mediator, Some(MediatorLevel::Senior), None);
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    app.run_sql(&format!(
        "UPDATE committees SET head_user_id = '{head_id}' WHERE street_id = '{street}'"
    ))
    .unwrap();
    let (senior, head) = (logged_in(&app, "senior").await, logged_in(&app, "head").await);
    let case_id = accepted(&app, &cast).await;
    expect_step(
        &cast.coordinator,
        &app,
        &case_id,
        "ASSIGNED",
        &[("lead_mediator_id", &senior_id)],
    )
    .await;
    expect_step(&senior, &app, &case_id, "MEDIATING", &[]).await;
    let today = day(0);
    let session = [
        ("kind", "session"),
        ("held_on", today.as_str()),
        ("content", "双方各执己见。"),
    ];
    assert_eq!(
        post_case(&senior, &app, &case_id, "/records", &session).await.status(),
        StatusCode::SEE_OTHER
    );
    expect_step(&senior, &app, &case_id, "FAILED", &ending_fields(&today, "未达成一致")).await;
    expect_step(&senior, &app, &case_id, "CLOSURE_REVIEW", &[]).await;
    // A 老马's case is the head's to review, not a mentor's.
    let res = step(&cast.mentor, &app, &case_id, "FAILED", &[("return_reason", "x")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let reason = "请补充调解不成的书面记录";
    expect_step(&head, &app, &case_id, "FAILED", &[("return_reason", reason)]).await;
    let record = mentorship_records::feedback_for(&mut app.conn(), &senior_id).unwrap();
    assert_eq!(record.len(), 1);
    assert_eq!(
        record[0].kind,
        FeedbackKind::Review(ReviewStage::ClosureReview, ReviewDecision::Returned)
    );
    assert_eq!(
        (record[0].comment.as_str(), record[0].from_id.as_str()),
        (reason, head_id.as_str())
    );
    let page = case_page(&senior, &app, &case_id).await;
    assert_eq!(select_text(&page, "#mentoring .review-comment"), vec![reason]);
}

/// Issue 12: at ASSIGNED a paired 小马's mentor defaults to their 老马 of
/// the pairing, and another 老马 is refused at the mentor field, so the
/// pairing's cap also bounds whose cases a 老马 guides.
#[tokio::test]
async fn a_paired_trainees_case_is_mentored_by_their_own_laoma() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let other = app.create_user("laoma-b", Role::Mediator, Some(MediatorLevel::Senior), None);
    let admin = super::admin(&app).await;
    super::paired(&app, &admin, "laoma", "xiaoma").await;
    let case_id = accepted(&app, &cast).await;

    let wrong = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", other.as_str()),
    ];
    let (status, html) = html_of(step(&cast.coordinator, &app, &case_id, "ASSIGNED", &wrong).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        select_text(&html, "#e-mentor_id").join("").contains("带教老马"),
        "{:?}",
        select_text(&html, ".field-error")
    );
    assert_eq!(state_of(&app, &case_id), "ACCEPTED");

    let empty = [("lead_mediator_id", cast.lead_id.as_str()), ("mentor_id", "")];
    expect_step(&cast.coordinator, &app, &case_id, "ASSIGNED", &empty).await;
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(case.mentor_id.as_deref(), Some(cast.mentor_id.as_str()));
}
