//! The agreement's structured terms and per-party signatures over HTTP:
//! term validation, the signing guard, the effective day, the printed
//! 调解协议书, and refusal of everyone off the case team.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::db::{agreement_signatures, agreement_terms, agreements};
use yuanba::domain::role::{MediatorLevel, Role};
use yuanba::i18n::MISSING_MARK;

/// Prints a document as the case page's button does (a POST with CSRF).
async fn print_doc(client: &reqwest::Client, app: &TestApp, path: &str) -> (StatusCode, Html) {
    let res = post_form(client, &app.address, path, &[]).await;
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

fn latest(app: &TestApp, case_id: &str) -> agreements::Agreement {
    agreements::latest(&mut app.conn(), case_id)
        .unwrap()
        .expect("an agreement")
}

fn terms_of(app: &TestApp, case_id: &str) -> Vec<agreement_terms::AgreementTerm> {
    agreement_terms::for_agreement(&mut app.conn(), &latest(app, case_id).id).unwrap()
}

fn version_of(app: &TestApp, case_id: &str) -> i32 {
    yuanba::db::cases::find(&mut app.conn(), case_id)
        .unwrap()
        .unwrap()
        .version
}

async fn switch_language(client: &reqwest::Client, app: &TestApp, lang: &str) {
    post_form(client, &app.address, "/prefs/lang", &[("lang", lang), ("next", "/")]).await;
}

#[tokio::test]
async fn terms_are_validated_field_by_field_and_set_the_agreements_totals() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    let other_case = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    let stranger = party_id(&app, &other_case, "respondent");

    // Every mistake at once, each next to its field; nothing stored.
    let version = version_of(&app, &case_id);
    let bad = [
        ("obligor", stranger.as_str()),
        ("content", "  "),
        ("amount", "12.345"),
        ("manner", "转账"),
        ("deadline", "2026-02-30"),
    ];
    let res = post_case(&cast.lead, &app, &case_id, "/agreement/terms", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#term-e-obligor"),
        vec!["请选择本案的一方当事人作为义务人。"]
    );
    assert_eq!(
        select_text(&html, "#term-e-content"),
        vec!["请填写履行内容（不超过 2000 字）。"]
    );
    assert_eq!(
        select_text(&html, "#term-e-amount"),
        vec!["金额格式不正确，请填写数字，最多两位小数。"]
    );
    assert_eq!(
        select_text(&html, "#term-e-deadline"),
        vec!["履行期限不是有效日期，格式为年-月-日。"]
    );
    assert!(select_text(&html, "#term-e-manner").is_empty());
    assert_eq!(attr(&html, "#term-amount", "value"), "12.345", "what was typed stays");
    assert_eq!(attr(&html, "#term-manner", "value"), "转账");
    assert!(terms_of(&app, &case_id).is_empty());
    assert_eq!(version_of(&app, &case_id), version, "nothing changed");

    // The same errors in English for an English-speaking user.
    switch_language(&cast.lead, &app, "en").await;
    let res = post_case(&cast.lead, &app, &case_id, "/agreement/terms", &bad).await;
    let body = res.text().await.unwrap();
    assert!(!body.contains(MISSING_MARK));
    let html = Html::parse_document(&body);
    assert_eq!(
        select_text(&html, "#term-e-amount"),
        vec!["The amount is not valid: digits, at most two decimals."]
    );
    switch_language(&cast.lead, &app, "zh-CN").await;

    // Two good terms: the agreement's amount is their sum, its deadline the later one.
    let respondent = party_id(&app, &case_id, "respondent");
    let applicant = party_id(&app, &case_id, "applicant");
    for (obligor, content, amount, deadline) in [
        (&respondent, "赔偿天花板维修费", "3,000.50", "2026-12-20"),
        (&applicant, "配合入户维修", "", "2026-12-10"),
        (&respondent, "支付鉴定费", "500", ""),
    ] {
        let fields = [
            ("obligor", obligor.as_str()),
            ("content", content),
            ("amount", amount),
            ("manner", "一次性转账"),
            ("place", "塔坪社区"),
            ("deadline", deadline),
        ];
        let res = post_case(&cast.lead, &app, &case_id, "/agreement/terms", &fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let terms = terms_of(&app, &case_id);
    assert_eq!(
        terms.iter().map(|t| (t.sort_order, t.amount_cents)).collect::<Vec<_>>(),
        vec![(1, 300_050), (2, 0), (3, 50_000)]
    );
    let agreement = latest(&app, &case_id);
    assert_eq!(agreement.amount_cents, 350_050);
    assert_eq!(agreement.performance_deadline, "2026-12-20");

    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(select_text(&page, "table.terms tr.term").len(), 3);
    assert_eq!(select_text(&page, "table.terms td.obligor")[0], "被申请人 王*国");
    assert_eq!(select_text(&page, ".total-amount"), vec!["3500.50"]);
    let timeline = select_text(&page, "#timeline li").join("\n");
    assert!(timeline.contains("添加协议条款"), "term on the timeline");
    assert_eq!(app.audit_count("case.agreement_term"), 3);
}

#[tokio::test]
async fn the_agreement_takes_effect_when_all_have_signed_on_the_last_signature_day() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    let res = step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no terms yet");
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, ".step-error"), vec!["协议至少要有一条条款。"]);
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;
    // The draft was written ten days ago, so signatures can carry earlier days.
    app.run_sql(&format!(
        "UPDATE agreements SET created_at = created_at - 864000 WHERE case_id = '{case_id}'"
    ))
    .unwrap();
    let (applicant, respondent) = (
        party_id(&app, &case_id, "applicant"),
        party_id(&app, &case_id, "respondent"),
    );

    // Days in the future or before the draft are refused.
    let party = |id: &str, method: &str, day: &str| {
        [
            ("signer", "party"),
            ("party_id", id),
            ("method", method),
            ("signed_on", day),
        ]
        .map(|(k, v)| (k, v.to_owned()))
    };
    for (when, message) in [
        (day(1), "日期不能晚于今天。"),
        (day(-11), "签署日期不能早于协议起草日期。"),
        ("2026-2-31".to_owned(), "请填写有效的签署日期（年-月-日）。"),
    ] {
        let fields = party(&applicant, "thumbprint", &when);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = sign(&cast.lead, &app, &case_id, &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&res.text().await.unwrap());
        assert_eq!(select_text(&html, ".sign-error"), vec![message]);
    }

    // The applicant, the mediator and the seal — but not yet the respondent.
    let five_ago = day(-5);
    let fields = [
        ("signer", "party"),
        ("party_id", applicant.as_str()),
        ("method", "thumbprint"),
        ("signed_on", five_ago.as_str()),
    ];
    assert_eq!(
        sign(&cast.lead, &app, &case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = sign(&cast.lead, &app, &case_id, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a party signs once");
    let four_ago = day(-4);
    let fields = [
        ("signer", "mediator"),
        ("mediator_id", cast.lead_id.as_str()),
        ("signed_on", four_ago.as_str()),
    ];
    assert_eq!(
        sign(&cast.lead, &app, &case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let three_ago = day(-3);
    let fields = [("signer", "committee"), ("signed_on", three_ago.as_str())];
    assert_eq!(
        sign(&cast.lead, &app, &case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );

    // The respondent has not signed: the agreement cannot take effect.
    let res = step(&cast.mentor, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, ".step-error"),
        vec!["还有当事人未在协议上签名（盖章、按指印）。"]
    );
    assert_eq!(state_of(&app, &case_id), "AGREEMENT_REVIEW");
    assert!(latest(&app, &case_id).effective_on.is_empty());
    // Once signing began the terms are fixed.
    let obligor = respondent.clone();
    let fields = [
        ("obligor", obligor.as_str()),
        ("content", "另付 100 元"),
        ("amount", "100"),
    ];
    let res = post_case(&cast.lead, &app, &case_id, "/agreement/terms", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(terms_of(&app, &case_id).len(), 1);

    let two_ago = day(-2);
    let fields = [
        ("signer", "party"),
        ("party_id", respondent.as_str()),
        ("method", "seal"),
        ("signed_on", two_ago.as_str()),
    ];
    assert_eq!(
        sign(&cast.lead, &app, &case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    expect_step(&cast.mentor, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    let agreement = latest(&app, &case_id);
    assert_eq!(agreement.effective_on, two_ago, "the last signature's day, not today");
    assert!(agreement.signed_by_all && agreement.sealed);
    assert_eq!(app.audit_count("case.agreement_signed"), 4);

    // In force: no more terms or signatures.
    let res = post_case(
        &cast.lead,
        &app,
        &case_id,
        "/agreement/terms",
        &fields_for_term(&respondent),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(terms_of(&app, &case_id).len(), 1);

    // The case page and the printed 调解协议书 show terms and signatures.
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(
        select_text(&page, ".party-signature .signed"),
        vec![format!("按指印 · {five_ago}"), format!("盖章 · {two_ago}")]
    );
    assert_eq!(
        select_text(&page, "article.agreement .effective-on"),
        vec![two_ago.clone()]
    );
    let (status, doc) = print_doc(&cast.lead, &app, &format!("/staff/cases/{case_id}/print/agreement")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&doc, "table.terms td.content"), vec!["赔偿天花板维修费"]);
    assert_eq!(select_text(&doc, "table.terms td.obligor"), vec!["被申请人 王建国"]);
    assert_eq!(select_text(&doc, "table.terms td.amount"), vec!["3000.00"]);
    assert_eq!(
        select_text(&doc, ".party-sign .signed"),
        vec![format!("按指印 {five_ago}"), format!("盖章 {two_ago}")]
    );
    assert_eq!(
        select_text(&doc, ".mediator-sign .signed"),
        vec![format!("测试用户 {four_ago}")]
    );
    assert_eq!(select_text(&doc, ".sealed-on"), vec![three_ago]);
    assert_eq!(select_text(&doc, ".effective-on"), vec![two_ago]);
}

fn fields_for_term(obligor: &str) -> Vec<(&str, &str)> {
    vec![("obligor", obligor), ("content", "另付 100 元"), ("amount", "100")]
}

#[tokio::test]
async fn an_unsigned_agreement_prints_empty_lines_and_an_oral_one_takes_the_agreed_day() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    add_respondent_term(&cast.lead, &app, &case_id).await;
    let (_, doc) = print_doc(&cast.lead, &app, &format!("/staff/cases/{case_id}/print/agreement")).await;
    assert_eq!(
        select_text(&doc, ".party-sign .line").len(),
        2,
        "a line to sign per party"
    );
    assert!(select_text(&doc, ".party-sign .signed").is_empty());
    assert!(select_text(&doc, ".effective-on").is_empty());

    // A new round: an oral agreement, in force from the day agreed, which
    // may be any day from the case's acceptance on: the case came in a week ago.
    app.run_sql(&format!(
        "UPDATE cases SET created_at = created_at - 604800, accepted_at = accepted_at - 604800 WHERE id = '{case_id}'"
    ))
    .unwrap();
    let yesterday = day(-1);
    let fields = [
        ("kind", "oral"),
        ("facts", "口头达成。"),
        ("agreed_on", yesterday.as_str()),
    ];
    assert_eq!(
        post_case(&cast.lead, &app, &case_id, "/agreements", &fields)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    add_respondent_term(&cast.lead, &app, &case_id).await;
    let res = sign(
        &cast.lead,
        &app,
        &case_id,
        &[("signer", "committee"), ("signed_on", &yesterday)],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an oral agreement is not signed"
    );
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    assert_eq!(latest(&app, &case_id).effective_on, yesterday);
}

#[tokio::test]
async fn nobody_off_the_case_team_may_add_terms_or_record_signatures() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;
    app.create_user("wld-coord", Role::Coordinator, None, Some("五里店街道"));
    app.create_user("outsider", Role::Mediator, Some(MediatorLevel::Senior), None);
    let before = version_of(&app, &case_id);
    let (respondent, today) = (party_id(&app, &case_id, "respondent"), day(0));
    let term = [
        ("obligor", respondent.as_str()),
        ("content", "另付 100 元"),
        ("amount", "100"),
    ];
    let bad_term = [("obligor", "nobody"), ("content", ""), ("amount", "x")];
    let party = [
        ("signer", "party"),
        ("party_id", respondent.as_str()),
        ("method", "sign"),
        ("signed_on", today.as_str()),
    ];
    let mediator = [
        ("signer", "mediator"),
        ("mediator_id", cast.lead_id.as_str()),
        ("signed_on", today.as_str()),
    ];
    let seal = [("signer", "committee"), ("signed_on", today.as_str())];
    // Other street, a mediator not on the case; and on the case but not
    // recording: the street's coordinator and the reviewing mentor.
    let mut clients = vec![
        ("wld-coord", logged_in(&app, "wld-coord").await),
        ("outsider", logged_in(&app, "outsider").await),
    ];
    clients.push(("gyq-coord", cast.coordinator.clone()));
    clients.push(("laoma", cast.mentor.clone()));
    for (name, client) in &clients {
        for (suffix, fields) in [
            ("/agreement/terms", &term[..]),
            ("/agreement/terms", &bad_term[..]),
            ("/agreement/signatures", &party[..]),
            ("/agreement/signatures", &mediator[..]),
            ("/agreement/signatures", &seal[..]),
        ] {
            let res = post_case(client, &app, &case_id, suffix, fields).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name} POST {suffix} {fields:?}");
        }
    }
    // The lead's own POST without the CSRF token is refused too.
    let res = cast
        .lead
        .post(app.url(&format!("/staff/cases/{case_id}/agreement/terms")))
        .form(&term)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let agreement = latest(&app, &case_id);
    assert_eq!(version_of(&app, &case_id), before, "nothing changed");
    assert_eq!(terms_of(&app, &case_id).len(), 1);
    assert!(
        agreement_signatures::for_agreement(&mut app.conn(), &agreement.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(state_of(&app, &case_id), "AGREEMENT_REVIEW");
}
