//! A case's details over HTTP: editing a party, the structured follow-up
//! visit, and performance with proof uploads, with their refusals and
//! access rules. Cases come from `seed-demo`, which leads every case with
//! `demo-xiaoma` and has one case in each state.

use crate::helpers::mailbox::{PIXELS_ERROR, Upload, attr, huge_png, multipart_body, png};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::cases::{self, CaseScope};
use yuanba::db::{case_follow_ups, case_parties, case_proofs};
use yuanba::domain::role::{MediatorLevel, Role};

const DEMO_PASSWORD: &str = "yuanba-demo-2026";

struct Demo {
    app: TestApp,
    lead: Client,
    outsider: Client,
}

/// The demo content, its lead mediator and a mediator on none of its cases.
async fn demo() -> Demo {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    app.create_user("outsider", Role::Mediator, Some(MediatorLevel::Senior), None);
    let lead = new_client();
    let res = login(&lead, &app.address, "demo-xiaoma", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let outsider = new_client();
    let res = login(&outsider, &app.address, "outsider", USER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    Demo { app, lead, outsider }
}

fn case_in(app: &TestApp, state: &str) -> String {
    cases::list(&mut app.conn(), &CaseScope::All, &Default::default(), 100)
        .unwrap()
        .into_iter()
        .find(|c| c.state.code() == state)
        .unwrap_or_else(|| panic!("a demo case in {state}"))
        .id
}

/// The CSRF token, version and last event a form page carries.
async fn form_tokens(client: &Client, app: &TestApp, path: &str) -> (String, String, String) {
    let (status, html) = get_html(client, &app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    (
        attr(&html, "input[name=csrf]", "value"),
        attr(&html, "input[name=version]", "value"),
        attr(&html, "input[name=seen_event]", "value"),
    )
}

/// Posts a button form (CSRF only), e.g. a print button; returns the page.
async fn post_html(client: &Client, app: &TestApp, path: &str) -> (StatusCode, Html) {
    let res = post_form(client, &app.address, path, &[]).await;
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// Posts a form page's form with the version it shows.
async fn post_page(
    client: &Client,
    app: &TestApp,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Html) {
    let (_, version, seen) = form_tokens(client, app, page).await;
    let mut form = vec![("version", version.as_str()), ("seen_event", seen.as_str())];
    form.extend_from_slice(fields);
    let res = post_form(client, &app.address, action, &form).await;
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

fn party_fields<'a>(age: &'a str, phone: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "person"),
        ("name", "张秀英"),
        ("sex", "female"),
        ("age", age),
        ("occupation", "退休教师"),
        ("phone", phone),
        ("address", "江北区塔坪小区3栋2单元"),
        ("agent_name", "李明"),
        ("agent_kind", "entrusted"),
        ("agent_relation", "女婿"),
        ("agent_phone", "13900001111"),
    ]
}

#[tokio::test]
async fn party_details_are_edited_with_inline_errors_audit_and_timeline() {
    let Demo { app, lead, outsider } = demo().await;
    let case_id = case_in(&app, "MEDIATING");
    let party = case_parties::for_case(&mut app.conn(), &case_id).unwrap().remove(0);
    let page = format!("/staff/cases/{case_id}/parties/{}/edit", party.id);
    // The form is opened by a POST from the case page (audited); its
    // version and last event are the case page's.
    let case_page = format!("/staff/cases/{case_id}");
    let unmasked_views = app.audit_count("case.unmask");
    let open = format!("/staff/cases/{case_id}/parties/{}/open", party.id);
    let res = post_form(&lead, &app.address, &open, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let opened = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&opened, "#f-name", "value"), party.name, "shown in full");
    let updates = app.audit_count("case.party_updated");

    // Bad input: each message beside its field, nothing stored.
    let (status, html) = post_page(&lead, &app, &case_page, &page, &party_fields("151", "call me")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(select_text(&html, "#e-age").join("").contains("0 到 150"));
    assert_eq!(select_text(&html, "#e-phone").len(), 1);
    assert_eq!(attr(&html, "#f-occupation", "value"), "退休教师", "input kept");
    let after = case_parties::find(&mut app.conn(), &case_id, &party.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.age, after.occupation.as_str()),
        (party.age, party.occupation.as_str())
    );
    let (_, html) = post_page(
        &lead,
        &app,
        &case_page,
        &page,
        &[("kind", "person"), ("name", "张秀英"), ("sex", "x")],
    )
    .await;
    assert_eq!(select_text(&html, "#e-sex").len(), 1);
    assert!(
        app.audit_count("case.unmask") > unmasked_views,
        "opening the form is audited"
    );

    // Good input is stored, audited and on the timeline.
    let (status, _) = post_page(&lead, &app, &case_page, &page, &party_fields("68", "138 1234 5678")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = case_parties::find(&mut app.conn(), &case_id, &party.id)
        .unwrap()
        .unwrap();
    assert_eq!(after.age, Some(68));
    assert_eq!((after.agent.as_str(), after.agent_kind.as_str()), ("李明", "entrusted"));
    assert_eq!(after.agent_relation, "女婿");
    assert_eq!(app.audit_count("case.party_updated"), updates + 1);
    let (_, html) = get_html(&lead, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert!(select_text(&html, "#timeline").join("").contains("修改当事人信息"));
    let print = format!("/staff/cases/{case_id}/print/registration");
    let (status, doc) = post_html(&lead, &app, &print).await;
    assert_eq!(status, StatusCode::OK);
    let printed = select_text(&doc, ".print-party").join("");
    for shown in ["女", "68", "退休教师", "李明（委托代理人，女婿）"] {
        assert!(printed.contains(shown), "{shown} printed in {printed}");
    }
    let agent = select_text(&html, ".party-agent").join("");
    assert!(
        agent.contains("委托代理人") && agent.contains("李*"),
        "masked agent: {agent}"
    );
    assert!(
        !html.html().contains("江北区塔坪小区3栋2单元"),
        "address hidden when masked"
    );

    // A form from before someone else's change meets the conflict page.
    let mut stale = vec![("version", "1"), ("seen_event", "")];
    stale.extend(party_fields("70", ""));
    let res = post_form(&lead, &app.address, &page, &stale).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // A mediator not on the case sees and changes nothing.
    assert_eq!(get(&outsider, &app.url(&page)).await.status(), StatusCode::FORBIDDEN);
    let res = post_form(&outsider, &app.address, &open, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let mut fields = vec![("version", "99"), ("seen_event", "")];
    fields.extend(party_fields("20", ""));
    let res = post_form(&outsider, &app.address, &page, &fields).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let last = case_parties::find(&mut app.conn(), &case_id, &party.id)
        .unwrap()
        .unwrap();
    assert_eq!(last.age, Some(68));
}

/// A visit made today (a record's date lies between registration and today).
fn visit<'a>(today: &'a str, satisfaction: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("visited_on", today),
        ("visitor", "小马"),
        ("method", "visit"),
        ("performance", "partial"),
        ("satisfaction", satisfaction),
        ("remaining_risk", "双方仍有积怨"),
        ("measures", "一个月后再次上门"),
    ]
}

#[tokio::test]
async fn a_follow_up_visit_is_checked_shown_and_lets_the_case_close() {
    let Demo { app, lead, outsider } = demo().await;
    let case_id = case_in(&app, "FOLLOW_UP");
    let page = format!("/staff/cases/{case_id}/follow-ups");
    let today = crate::helpers::mediation::day(0);

    let (status, html) = post_page(&lead, &app, &page, &page, &visit(&today, "6")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(select_text(&html, "#e-satisfaction").join("").contains("1 到 5"));
    assert_eq!(attr(&html, "#f-visitor", "value"), "小马", "input kept");
    assert!(case_follow_ups::for_case(&mut app.conn(), &case_id).unwrap().is_empty());

    assert_eq!(get(&outsider, &app.url(&page)).await.status(), StatusCode::FORBIDDEN);
    let mut fields = vec![("version", "1"), ("seen_event", "")];
    fields.extend(visit(&today, "4"));
    assert_eq!(
        post_form(&outsider, &app.address, &page, &fields).await.status(),
        StatusCode::FORBIDDEN
    );

    let (status, _) = post_page(&lead, &app, &page, &page, &visit(&today, "4")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get_html(&lead, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert_eq!(select_text(&html, "#follow-ups .follow-satisfaction"), ["4/5"]);
    assert_eq!(select_text(&html, "#follow-ups .follow-performance"), ["部分履行"]);
    assert!(select_text(&html, "#follow-ups").join("").contains("一个月后再次上门"));

    // No closure report while the case is still in follow-up.
    let case_page = format!("/staff/cases/{case_id}");
    let (status, _) = post_html(&lead, &app, &format!("{case_page}/print/report")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The structured visit is the record CLOSURE_REVIEW asks for.
    let (status, _) = post_page(
        &lead,
        &app,
        &case_page,
        &format!("{case_page}/transition"),
        &[("to", "CLOSURE_REVIEW")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The reviewer sees it among the as-needed items of the file.
    let mentor = new_client();
    login(&mentor, &app.address, "demo-laoma", DEMO_PASSWORD).await;
    let (_, html) = get_html(&mentor, &app.url(&case_page)).await;
    assert!(select_text(&html, ".archive-as-needed").join("").contains("回访记录"));
    // The 结案报告 prints the visit with its own fields.
    let (status, html) = post_html(&mentor, &app, &format!("{case_page}/print/report")).await;
    assert_eq!(status, StatusCode::OK);
    let printed = select_text(&html, "table.follow-ups").join("");
    assert!(
        printed.contains("上门") && printed.contains("4/5") && printed.contains("一个月后再次上门"),
        "{printed}"
    );
}

async fn upload(
    client: &Client,
    app: &TestApp,
    case_id: &str,
    description: &str,
    file: Upload<'_>,
) -> (StatusCode, Html) {
    let (csrf, version, seen) = form_tokens(client, app, &format!("/staff/cases/{case_id}/performance")).await;
    let fields = [
        ("version", version.as_str()),
        ("seen_event", seen.as_str()),
        ("description", description),
    ];
    let (content_type, body) = multipart_body(&csrf, &fields, &[file]);
    let res = client
        .post(app.url(&format!("/staff/cases/{case_id}/proofs")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

fn file(name: &'static str, data: Vec<u8>) -> Upload<'static> {
    Upload {
        field: "file",
        filename: name,
        content_type: "image/png",
        data,
    }
}

#[tokio::test]
async fn proofs_of_performance_are_checked_audited_and_served_to_the_team_only() {
    let Demo { app, lead, outsider } = demo().await;
    let case_id = case_in(&app, "PERFORMING");

    let (status, html) = upload(&lead, &app, &case_id, "转账截图 3000 元", file("a.png", png(40, 30))).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{:?}",
        select_text(&html, ".field-error")
    );
    assert_eq!(app.audit_count("case.proof_uploaded"), 1);
    let proofs = case_proofs::for_case(&mut app.conn(), &case_id).unwrap();
    assert_eq!(proofs.len(), 1);
    assert_eq!(proofs[0].description, "转账截图 3000 元");

    let (status, html) = upload(
        &lead,
        &app,
        &case_id,
        "收据",
        file("a.txt", b"not an image at all".to_vec()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(select_text(&html, "#e-file").join("").contains("JPEG"));
    let mut huge = vec![0u8; 6 * 1024 * 1024];
    huge[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    let (status, html) = upload(&lead, &app, &case_id, "大图", file("big.png", huge)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(select_text(&html, "#e-file").join("").contains("5 MB"));
    // A small file claiming a huge picture: refused from its header.
    let (status, html) = upload(&lead, &app, &case_id, "大图", file("huge.png", huge_png())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-file"), vec![PIXELS_ERROR]);
    let (status, html) = upload(&lead, &app, &case_id, " ", file("b.png", png(4, 4))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-description").len(), 1);
    assert_eq!(case_proofs::for_case(&mut app.conn(), &case_id).unwrap().len(), 1);

    // Listed on the case page; served to the team and the mentor only.
    let (_, html) = get_html(&lead, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert!(
        select_text(&html, "#performance .proof")
            .join("")
            .contains("转账截图 3000 元")
    );
    let proof_url = app.url(&format!("/staff/cases/{case_id}/proofs/1"));
    let res = get(&lead, &proof_url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let mentor = new_client();
    login(&mentor, &app.address, "demo-laoma", DEMO_PASSWORD).await;
    assert_eq!(get(&mentor, &proof_url).await.status(), StatusCode::OK);
    assert_eq!(get(&outsider, &proof_url).await.status(), StatusCode::FORBIDDEN);

    // An outsider's upload is refused and stores nothing.
    let (csrf, _, _) = form_tokens(&outsider, &app, "/staff").await;
    let (content_type, body) = multipart_body(
        &csrf,
        &[("version", "1"), ("seen_event", ""), ("description", "x")],
        &[file("c.png", png(4, 4))],
    );
    let res = outsider
        .post(app.url(&format!("/staff/cases/{case_id}/proofs")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(case_proofs::for_case(&mut app.conn(), &case_id).unwrap().len(), 1);
    assert_eq!(app.audit_count("case.proof_uploaded"), 1);

    // The performance status, recorded by the team, shows on the case page.
    let page = format!("/staff/cases/{case_id}/performance");
    let (status, html) = post_page(&lead, &app, &page, &page, &[("status", "paid")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-status").len(), 1);
    let (status, _) = post_page(
        &lead,
        &app,
        &page,
        &page,
        &[("status", "performed"), ("note", "余款已付清")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get_html(&lead, &app.url(&format!("/staff/cases/{case_id}"))).await;
    assert!(
        select_text(&html, "#performance .performance-status")
            .join("")
            .contains("已履行")
    );
}

/// Issue 11, item 11: a step refused for lack of authority (an admin
/// signing off an agreement under a 小马's mentor review) answers 403 with
/// the reason at the top of the page, not a silent 422.
#[tokio::test]
async fn a_step_refused_for_lack_of_authority_answers_403_with_the_reason() {
    let d = demo().await;
    let app = &d.app;
    let case_id = case_in(app, "AGREEMENT_REVIEW");
    let admin = new_client();
    login(&admin, &app.address, "demo-admin", DEMO_PASSWORD).await;
    let page = format!("/staff/cases/{case_id}");
    let (status, html) = post_page(
        &admin,
        app,
        &page,
        &format!("{page}/transition"),
        &[("to", "AGREEMENT_EFFECTIVE")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(select_text(&html, "#page-error"), vec!["您无权执行此操作。"]);
    assert_eq!(
        cases::find(&mut app.conn(), &case_id).unwrap().unwrap().state.code(),
        "AGREEMENT_REVIEW"
    );
}
