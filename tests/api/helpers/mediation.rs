//! Helpers for the mediation tests: the cast of users, an online
//! application, posting case forms with the version the page shows, and
//! the agreement's terms and signatures.

use crate::helpers::*;
use reqwest::{Client, Response, StatusCode};
use scraper::{Html, Selector};
use yuanba::domain::role::{MediatorLevel, Role};

pub struct Cast {
    pub coordinator: Client,
    pub lead: Client,
    pub mentor: Client,
    pub lead_id: String,
    pub mentor_id: String,
}

/// A 观音桥 coordinator, a 小马 lead and their 老马 mentor, logged in.
pub async fn cast(app: &TestApp) -> Cast {
    app.create_user("gyq-coord", Role::Coordinator, None, Some("观音桥街道"));
    let lead_id = app.create_user("xiaoma", Role::Mediator, Some(MediatorLevel::Trainee), None);
    let mentor_id = app.create_user("laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    let mut clients = Vec::new();
    for name in ["gyq-coord", "xiaoma", "laoma"] {
        clients.push(logged_in(app, name).await);
    }
    let mentor = clients.pop().unwrap();
    let lead = clients.pop().unwrap();
    let coordinator = clients.pop().unwrap();
    Cast {
        coordinator,
        lead,
        mentor,
        lead_id,
        mentor_id,
    }
}

pub async fn logged_in(app: &TestApp, name: &str) -> Client {
    let client = new_client();
    let res = login(&client, &app.address, name, USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name} logs in");
    client
}

pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name))
        .unwrap_or_default()
        .to_owned()
}

/// A resident applies online in `street`; returns the case id.
pub async fn apply_online(app: &TestApp, street: &str) -> String {
    apply_online_receipt(app, street).await.0
}

/// A resident applies online in `street`; returns (case id, receipt code).
pub async fn apply_online_receipt(app: &TestApp, street: &str) -> (String, String) {
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), street)
        .unwrap()
        .unwrap()
        .id;
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水\n赔偿天花板维修费 3000 元"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt = Html::parse_document(&res.text().await.unwrap());
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .expect("case stored");
    (case.id, code)
}

pub async fn case_page(client: &Client, app: &TestApp, case_id: &str) -> Html {
    let (status, html) = get_html(client, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert_eq!(status, StatusCode::OK);
    html
}

/// Posts a form of the case page with the version and event it shows
/// (read from the database, so it also works for users who cannot see it).
pub async fn post_case(
    client: &Client,
    app: &TestApp,
    case_id: &str,
    suffix: &str,
    fields: &[(&str, &str)],
) -> Response {
    let case = yuanba::db::cases::find(&mut app.conn(), case_id).unwrap().unwrap();
    let seen = yuanba::db::case_events::for_case(&mut app.conn(), case_id)
        .unwrap()
        .pop()
        .map(|e| e.id)
        .unwrap_or_default();
    let version = case.version.to_string();
    let mut form = vec![("version", version.as_str()), ("seen_event", seen.as_str())];
    form.extend_from_slice(fields);
    post_form(client, &app.address, &format!("/staff/cases/{case_id}{suffix}"), &form).await
}

pub async fn step(client: &Client, app: &TestApp, case_id: &str, to: &str, fields: &[(&str, &str)]) -> Response {
    let mut form = vec![("to", to)];
    form.extend_from_slice(fields);
    post_case(client, app, case_id, "/transition", &form).await
}

pub async fn expect_step(client: &Client, app: &TestApp, case_id: &str, to: &str, fields: &[(&str, &str)]) {
    let res = step(client, app, case_id, to, fields).await;
    let status = res.status();
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "step to {to}: {:?}",
        select_text(&html, ".step-error")
    );
}

pub fn state_of(app: &TestApp, case_id: &str) -> String {
    yuanba::db::cases::find(&mut app.conn(), case_id)
        .unwrap()
        .unwrap()
        .state
        .code()
        .to_owned()
}

/// The case numbers (N of 第N号) of these cases, in ascending order.
pub fn sorted_case_numbers(app: &TestApp, ids: &[String]) -> Vec<i32> {
    let mut seqs: Vec<i32> = ids
        .iter()
        .map(|id| {
            yuanba::db::cases::find(&mut app.conn(), id)
                .unwrap()
                .unwrap()
                .case_seq
                .expect("an accepted case has a number")
        })
        .collect();
    seqs.sort();
    seqs
}

pub fn party_id(app: &TestApp, case_id: &str, role: &str) -> String {
    yuanba::db::case_parties::for_case(&mut app.conn(), case_id)
        .unwrap()
        .into_iter()
        .find(|p| p.party_role.code() == role)
        .expect("party with that role")
        .id
}

/// The rights notice served to every party, each consenting.
pub async fn serve_all_parties(client: &Client, app: &TestApp, case_id: &str) {
    for party in yuanba::db::case_parties::for_case(&mut app.conn(), case_id).unwrap() {
        let suffix = format!("/parties/{}", party.id);
        let res = post_case(
            client,
            app,
            case_id,
            &suffix,
            &[("served", "yes"), ("consent", "given")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
}

/// Accepted, served, assigned to the 小马 with the 老马, and mediating.
pub async fn to_mediating(app: &TestApp, cast: &Cast, case_id: &str) {
    expect_step(&cast.coordinator, app, case_id, "ACCEPTED", &[]).await;
    serve_all_parties(&cast.coordinator, app, case_id).await;
    let team = [
        ("lead_mediator_id", cast.lead_id.as_str()),
        ("mentor_id", cast.mentor_id.as_str()),
    ];
    expect_step(&cast.coordinator, app, case_id, "ASSIGNED", &team).await;
    expect_step(&cast.lead, app, case_id, "MEDIATING", &[]).await;
}

pub async fn draft_written(client: &Client, app: &TestApp, case_id: &str) {
    let fields = [
        ("kind", "written"),
        ("facts", "楼上漏水致楼下受损。"),
        ("terms", "双方互谅互让。"),
    ];
    let res = post_case(client, app, case_id, "/agreements", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "agreement drafted");
}

/// A good term binding the respondent: 3000 yuan by transfer.
pub async fn add_respondent_term(client: &Client, app: &TestApp, case_id: &str) {
    let obligor = party_id(app, case_id, "respondent");
    let fields = [
        ("obligor", obligor.as_str()),
        ("content", "赔偿天花板维修费"),
        ("amount", "3000"),
        ("manner", "一次性转账"),
        ("place", "塔坪社区"),
        ("deadline", ""),
    ];
    let res = post_case(client, app, case_id, "/agreement/terms", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "term added");
}

pub async fn sign(client: &Client, app: &TestApp, case_id: &str, fields: &[(&str, &str)]) -> Response {
    post_case(client, app, case_id, "/agreement/signatures", fields).await
}

/// Every party signs, the mediator signs and the committee seals, on `day`.
pub async fn sign_everyone(client: &Client, app: &TestApp, case_id: &str, mediator_id: &str, day: &str) {
    for party in yuanba::db::case_parties::for_case(&mut app.conn(), case_id).unwrap() {
        let fields = [
            ("signer", "party"),
            ("party_id", party.id.as_str()),
            ("method", "sign"),
            ("signed_on", day),
        ];
        assert_eq!(
            sign(client, app, case_id, &fields).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let fields = [("signer", "mediator"), ("mediator_id", mediator_id), ("signed_on", day)];
    assert_eq!(
        sign(client, app, case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let fields = [("signer", "committee"), ("signed_on", day)];
    assert_eq!(
        sign(client, app, case_id, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
}

/// Today in China, as `YYYY-MM-DD`, shifted by `days`.
pub fn day(days: i64) -> String {
    let today = yuanba::dates::china_day(yuanba::db::now_ts());
    yuanba::dates::date((today + days) * 86_400)
}

/// The notice of other remedies an ending without agreement records
/// (litigation and arbitration, in writing), told on `day`.
pub fn remedies(day: &str) -> [(&'static str, &str); 4] {
    [
        ("remedy_litigation", "yes"),
        ("remedy_arbitration", "yes"),
        ("told_how", "written"),
        ("told_on", day),
    ]
}

/// The fields of an ending step: the notice of other remedies told today
/// and `note`.
pub fn ending_fields<'a>(today: &'a str, note: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut fields = remedies(today).to_vec();
    fields.push(("note", note));
    fields
}
