//! The admin home and the audit log read as sentences (issue 13): the
//! actor's name, what they did in words, and the case by its number,
//! linked to its page; not `case.print` and a truncated id.

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::db::cases::{self, CaseScope};

#[tokio::test]
async fn printing_an_agreement_reads_as_a_sentence_with_the_case_number() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let coordinator = yuanba::db::users::find_by_username(&mut app.conn(), "demo-coordinator")
        .unwrap()
        .unwrap();
    let all = cases::list(&mut app.conn(), &CaseScope::All, &Default::default(), 100).unwrap();
    let case = all
        .iter()
        .find(|c| {
            Some(&c.street_id) == coordinator.area_id.as_ref()
                && c.state == yuanba::domain::mediation_workflow::CaseState::AgreementEffective
        })
        .unwrap();
    let number = case.case_number.clone().unwrap();

    let client = new_client();
    login(&client, &app.address, "demo-coordinator", "yuanba-demo-2026").await;
    let path = format!("/staff/cases/{}/print/agreement", case.id);
    assert_eq!(
        post_form(&client, &app.address, &path, &[]).await.status(),
        StatusCode::OK
    );

    let admin = new_client();
    login(&admin, &app.address, "demo-admin", "yuanba-demo-2026").await;
    let (status, html) = get_html(&admin, &app.url("/admin")).await;
    assert_eq!(status, StatusCode::OK);
    let lines = select_text(&html, ".audit-line");
    let expected = format!("{} 打印了调解协议书 {number}", coordinator.display_name);
    let printed = lines.iter().find(|l| l.contains(&expected));
    assert!(printed.is_some(), "{lines:?} should contain {expected:?}");
    let link = format!(".audit-line a.audit-target[href='/staff/cases/{}']", case.id);
    assert!(!select_text(&html, &link).is_empty());
    assert!(!lines.join("").contains("case.print"));
    // Signing in names the person once, not again as the object.
    let admin_name = "区中心管理员";
    let signed_in = lines.iter().find(|l| l.contains("登录了系统")).unwrap();
    assert_eq!(signed_in.matches(admin_name).count(), 1, "{signed_in}");

    // The log viewer: the same words, a transition named by its states,
    // no raw codes or truncated ids in the text.
    let (_, html) = get_html(&admin, &app.url("/admin/audit")).await;
    let text = select_text(&html, "tbody").join("");
    assert!(text.contains(&expected));
    assert!(text.contains("推进到"), "transitions read as words");
    assert!(!text.contains("case:…") && !text.contains("case.transition"));

    // In English too.
    post_form(&admin, &app.address, "/prefs/lang", &[("lang", "en"), ("next", "/")]).await;
    let (_, html) = get_html(&admin, &app.url("/admin")).await;
    let lines = select_text(&html, ".audit-line").join("\n");
    assert!(lines.contains("printed the mediation agreement of"), "{lines}");
}
